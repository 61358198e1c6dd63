"""The partnership pages: organisations and people, collaboration models, and the rules of play (the RACI matrix
and one element's letters).

Everyone with a role reads them; planners and administrators change them; housing staff never see another
organisation's opportunity space, in the matrix or on its own rules-of-play page (404, also for reading). The
pages are read in Danish, the default language, so the checked refusals are the ones users see.
"""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.models import ChangeRecord, CollaborationModel, Organisation
from base.services.organisations import save_collaboration_model, save_organisation
from opportunities.models import OpportunitySpace
from opportunities.services import update_space
from partnership.models import Person, Project, Responsibility
from partnership.services import assign_responsibility, save_project
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TABLES = [Organisation, Person, CollaborationModel, Responsibility, ChangeRecord]


def database_state() -> str:
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in TABLES)


@pytest.fixture
def model(planner):
    return save_collaboration_model(
        model=CollaborationModel(),
        data={"name": "Ejer og driver", "description": "Boligorganisationen ejer og driver projektet.", "position": 1},
        by=planner,
    )


@pytest.fixture
def letters(plan, organisations, people, planner, space_a, space_b):
    """GAB (Gitte) responsible for target 1 and for its own space; DAB (Dorte) responsible for DAB's space."""
    target = plan.targets.get(number=1)
    return {
        "target": assign_responsibility(
            element=target, organisation=organisations["gab"], person=people["gab"], letter="R", by=planner
        ),
        "space_a": assign_responsibility(element=space_a, organisation=organisations["gab"], letter="R", by=planner),
        "space_b": assign_responsibility(
            element=space_b, organisation=organisations["dab"], person=people["dab"], letter="R", by=planner
        ),
    }


def read_urls(plan, space_a) -> list[str]:
    target = plan.targets.get(number=1)
    return [
        "/governance/organisations/",
        "/governance/collaboration-models/",
        "/governance/rules-of-play/",
        f"/governance/rules-of-play/target/{target.pk}/",
        f"/governance/rules-of-play/space/{space_a.pk}/",
    ]


def form_urls(organisations, people, model) -> list[str]:
    """The pages that exist only to change something (GET shows the form)."""
    return [
        "/governance/organisations/new/",
        f"/governance/organisations/{organisations['gab'].pk}/edit/",
        "/governance/people/new/",
        f"/governance/people/{people['gab'].pk}/edit/",
        "/governance/collaboration-models/new/",
        f"/governance/collaboration-models/{model.pk}/edit/",
    ]


def write_requests(plan, organisations, people, model, space_a, letters) -> list[tuple[str, dict]]:
    """(url, valid POST data) for every view of this module that writes."""
    gab, dab = organisations["gab"], organisations["dab"]
    target = plan.targets.get(number=1)
    return [
        ("/governance/organisations/new/", {"name": "Bagsværd Boldklub", "kind": "association"}),
        (f"/governance/organisations/{gab.pk}/edit/", {"name": "GAB Bagsværd", "kind": "housing_association"}),
        ("/governance/people/new/", {"name": "Karin Nyborg", "organisation": gab.pk}),
        (f"/governance/people/{people['gab'].pk}/edit/", {"name": "Gitte B.", "organisation": gab.pk}),
        ("/governance/collaboration-models/new/", {"name": "Vært", "position": 3}),
        (f"/governance/collaboration-models/{model.pk}/edit/", {"name": "Ejer", "position": 1}),
        (f"/governance/rules-of-play/target/{target.pk}/", {"organisation": dab.pk, "letter": "C"}),
        (f"/governance/rules-of-play/space/{space_a.pk}/", {"organisation": dab.pk, "letter": "I"}),
        (f"/governance/rules-of-play/remove/{letters['target'].pk}/", {}),
    ]


# --- Who may do what ------------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_and_nothing_changes(
    plan, organisations, people, model, space_a, letters
):
    client = client_for(None)
    for url in [*read_urls(plan, space_a), *form_urls(organisations, people, model)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url
    before = database_state()
    for url, data in write_requests(plan, organisations, people, model, space_a, letters):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url
    assert database_state() == before


def test_a_user_without_a_role_gets_403_everywhere_and_nothing_changes(
    plan, organisations, people, model, space_a, letters, user_without_role
):
    client = client_for(user_without_role)
    for url in [*read_urls(plan, space_a), *form_urls(organisations, people, model)]:
        assert client.get(url).status_code == 403, url
    before = database_state()
    for url, data in write_requests(plan, organisations, people, model, space_a, letters):
        assert client.post(url, data).status_code == 403, url
    assert database_state() == before


@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "staff_b"])
def test_steering_members_and_housing_staff_read_but_every_write_is_403_and_nothing_changes(
    request, persona, plan, organisations, people, model, space_a, letters
):
    client = client_for(request.getfixturevalue(persona))
    space_readable = persona != "staff_b"  # staff B (DAB) may not see GAB's space
    for url in read_urls(plan, space_a):
        response = client.get(url)
        if url.endswith(f"/space/{space_a.pk}/") and not space_readable:
            assert response.status_code == 404, url
            continue
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "/edit/" not in text and "/new/" not in text and "/remove/" not in text, url
        assert 'name="letter"' not in text, url  # no form to add a letter
    for url in form_urls(organisations, people, model):
        assert client.get(url).status_code == 403, url
    before = database_state()
    for url, data in write_requests(plan, organisations, people, model, space_a, letters):
        expected = 404 if url.endswith(f"/space/{space_a.pk}/") and not space_readable else 403
        assert client.post(url, data).status_code == expected, url
    assert database_state() == before
    assert Responsibility.objects.filter(pk=letters["target"].pk).exists()


def test_housing_staff_get_404_for_another_organisations_space_on_the_rules_of_play_even_for_reading(
    plan, organisations, staff_a, space_b, letters
):
    client = client_for(staff_a)
    before = database_state()

    assert client.get(f"/governance/rules-of-play/space/{space_b.pk}/").status_code == 404
    post = client.post(f"/governance/rules-of-play/space/{space_b.pk}/", {"organisation": organisations["gab"].pk})
    assert post.status_code == 404
    assert client.post(f"/governance/rules-of-play/remove/{letters['space_b'].pk}/").status_code == 403

    assert database_state() == before


def test_housing_staff_see_neither_another_organisations_space_nor_its_people_in_the_matrix(
    plan, staff_a, space_a, space_b, letters
):
    response = client_for(staff_a).get("/governance/rules-of-play/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Iværksættermiljø i Værebro Park" in text
    assert f"/governance/rules-of-play/space/{space_a.pk}/" in text
    assert "Lektiecafé i fælleshuset" not in text
    assert f"/space/{space_b.pk}/" not in text
    assert "Dorte Driftsen" not in text
    assert [column.name for column in response.context["matrix"]["columns"]] == ["GAB"]


def test_unknown_kinds_and_elements_are_not_found(plan, planner):
    client = client_for(planner)
    vision = plan.visions.get()
    for url in [
        f"/governance/rules-of-play/vision/{vision.pk}/",
        "/governance/rules-of-play/target/999999/",
        "/governance/rules-of-play/organisation/1/",
        "/governance/rules-of-play/remove/999999/",
    ]:
        response = client.post(url) if "remove" in url else client.get(url)
        assert response.status_code == 404, url


def test_removing_a_letter_takes_a_post_and_a_get_changes_nothing(plan, planner, letters):
    before = database_state()
    response = client_for(planner).get(f"/governance/rules-of-play/remove/{letters['target'].pk}/")
    assert response.status_code == 405
    assert database_state() == before


# --- Organisations and people -------------------------------------------------------------------------------------


def test_the_organisation_list_shows_each_organisation_with_its_people_and_whether_they_have_a_login(
    organisations, people, planner, steering_member
):
    Person.objects.filter(pk=people["gab"].pk).update(email="gitte@gab.dk", phone="+45 39 57 00 00")

    response = client_for(steering_member).get("/governance/organisations/")

    assert response.status_code == 200
    text = response.content.decode()
    for name in ("Gladsaxe Kommune", "GAB", "DAB", "Søren Testesen", "Gitte Boligsen", "Forretningsfører"):
        assert name in text
    assert "Boligselskab" in text  # GAB's kind
    assert 'href="mailto:gitte@gab.dk"' in text
    assert 'href="tel:+4539570000"' in text
    assert "Har login" in text and "Intet login" in text
    assert f'href="/governance/person/{people["gab"].pk}/history/"' in text
    assert f'href="/governance/organisation/{organisations["gab"].pk}/history/"' in text
    gab = next(o for o in response.context["organisations"] if o.name == "GAB")
    assert [(p.name, bool(p.user_id)) for p in gab.people.all()] == [("Gitte Boligsen", False)]


def test_a_planner_creates_an_organisation_and_sees_it_in_the_list(planner):
    response = client_for(planner).post(
        "/governance/organisations/new/", {"name": "Bagsværd Boldklub", "kind": "association"}, follow=True
    )

    assert response.redirect_chain == [("/governance/organisations/", 302)]
    organisation = Organisation.objects.get(name="Bagsværd Boldklub")
    assert (organisation.kind, organisation.slug) == ("association", "bagsvaerd-boldklub")
    assert ChangeRecord.objects.filter(object_id=organisation.pk, actor=planner, action="create").exists()
    text = response.content.decode()
    assert "Bagsværd Boldklub" in text
    assert "«Bagsværd Boldklub» er oprettet." in text


def test_an_administrator_renames_an_organisation(organisations, administrator):
    client = client_for(administrator)
    url = f"/governance/organisations/{organisations['dab'].pk}/edit/"
    version = client.get(url).context["form"]["version"].value()

    response = client.post(url, {"name": "DAB (administration)", "kind": "administrator", "version": version})

    assert response.status_code == 302
    assert response["Location"] == "/governance/organisations/"
    assert Organisation.objects.get(pk=organisations["dab"].pk).name == "DAB (administration)"
    assert "DAB (administration)" in client.get("/governance/organisations/").content.decode()


def test_a_taken_organisation_name_is_refused_at_the_field_in_danish_and_nothing_changes(organisations, planner):
    before = database_state()

    response = client_for(planner).post("/governance/organisations/new/", {"name": "gab", "kind": "company"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["Der findes allerede en organisation med dette navn."]}
    assert "Der findes allerede en organisation med dette navn." in response.content.decode()
    assert database_state() == before


def test_an_edit_over_someone_elses_newer_change_keeps_the_input_and_says_so(organisations, planner, administrator):
    client = client_for(planner)
    url = f"/governance/organisations/{organisations['gab'].pk}/edit/"
    version = client.get(url).context["form"]["version"].value()
    save_organisation(
        organisation=organisations["gab"], data={"name": "GAB – Gladsaxe Almennyttige Boligselskab"}, by=administrator
    )

    response = client.post(url, {"name": "Min GAB", "kind": "housing_association", "version": version})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Anne Testesen har gemt ændringer i «GAB – Gladsaxe Almennyttige Boligselskab»" in text
    assert 'value="Min GAB"' in text
    assert Organisation.objects.get(pk=organisations["gab"].pk).name == "GAB – Gladsaxe Almennyttige Boligselskab"
    # Saving again now knowingly replaces the newer version.
    again = client.post(url, {"name": "Min GAB", "kind": "housing_association", **_version_of(response)})
    assert again.status_code == 302
    assert Organisation.objects.get(pk=organisations["gab"].pk).name == "Min GAB"


def _version_of(response) -> dict:
    return {"version": response.context["form"]["version"].value()}


def test_the_account_choice_offers_only_accounts_not_tied_to_another_person_and_explains_the_steering_right(
    organisations, people, planner, administrator, steering_member, staff_a, staff_b, user_without_role
):
    client = client_for(planner)

    new = client.get(f"/governance/people/new/?organisation={organisations['gab'].pk}")
    offered = set(new.context["form"].fields["user"].queryset)
    assert offered == {administrator, staff_a, staff_b, user_without_role}  # planner and steering are tied
    assert new.context["form"]["organisation"].value() == organisations["gab"].pk
    text = new.content.decode()
    assert "styregruppemedlems konto" in text
    assert "kan skrive referat, beslutninger og opfølgningspunkter" in text
    assert "Gitte Testesen (staff-a) – Boligmedarbejder, GAB" in text

    edit = client.get(f"/governance/people/{people['steering'].pk}/edit/")
    assert steering_member in set(edit.context["form"].fields["user"].queryset)
    assert planner not in set(edit.context["form"].fields["user"].queryset)


def test_a_planner_adds_a_person_with_a_login_and_the_list_shows_it(organisations, people, planner, staff_b):
    response = client_for(planner).post(
        "/governance/people/new/",
        {
            "name": "Dan Driftsen",
            "organisation": organisations["dab"].pk,
            "title": "Driftsleder",
            "email": "dan@dab.dk",
            "phone": "12 34 56 78",
            "user": staff_b.pk,
        },
        follow=True,
    )

    assert response.redirect_chain == [("/governance/organisations/", 302)]
    person = Person.objects.get(name="Dan Driftsen")
    assert (person.organisation, person.title, person.email, person.phone, person.user) == (
        organisations["dab"],
        "Driftsleder",
        "dan@dab.dk",
        "12 34 56 78",
        staff_b,
    )
    assert ChangeRecord.objects.filter(object_id=person.pk, actor=planner, content_type__model="person").exists()
    assert "Dan Driftsen" in response.content.decode()


def test_an_account_already_tied_to_another_person_cannot_be_forged_into_the_form(
    organisations, people, planner, steering_member
):
    before = database_state()

    response = client_for(planner).post(
        "/governance/people/new/",
        {"name": "Falsk Søren", "organisation": organisations["gladsaxe"].pk, "user": steering_member.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["user"] == [
        "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder."
    ]
    assert database_state() == before


def test_a_planner_edits_a_person_and_ties_them_to_an_account(organisations, people, planner, staff_a):
    client = client_for(planner)
    url = f"/governance/people/{people['gab'].pk}/edit/"
    version = client.get(url).context["form"]["version"].value()

    response = client.post(
        url,
        {
            "name": "Gitte Boligsen",
            "organisation": organisations["gab"].pk,
            "title": "Boligsocial leder",
            "user": staff_a.pk,
            "version": version,
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(pk=people["gab"].pk)
    assert (person.title, person.user) == ("Boligsocial leder", staff_a)
    assert "Boligsocial leder" in client.get("/governance/organisations/").content.decode()


def test_moving_a_person_to_another_organisation_says_which_letters_they_were_taken_off(
    plan, organisations, people, planner
):
    gitte = people["gab"]
    assign_responsibility(
        element=plan.targets.get(number=1), organisation=organisations["gab"], person=gitte, letter="R", by=planner
    )
    client = client_for(planner)
    url = f"/governance/people/{gitte.pk}/edit/"
    version = client.get(url).context["form"]["version"].value()

    response = client.post(
        url,
        {"name": "Gitte Boligsen", "organisation": organisations["dab"].pk, "title": "", "version": version},
        follow=True,
    )

    assert response.redirect_chain == [("/governance/organisations/", 302)]
    assert (
        "Gitte Boligsen arbejder ikke længere i GAB og er taget af 1 ansvar i spillereglerne dér. Ansvaret bliver hos "
        "organisationen, nu uden navn." in response.content.decode()
    )
    assert Responsibility.objects.get().person is None


def test_a_person_without_a_name_is_refused_at_the_field_in_danish(organisations, planner):
    before = database_state()
    response = client_for(planner).post("/governance/people/new/", {"organisation": organisations["gab"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["Dette felt er påkrævet."]}
    assert database_state() == before


# --- Collaboration models -----------------------------------------------------------------------------------------


def test_the_collaboration_models_show_their_description_and_where_they_are_used(
    plan, planner, staff_a, model, space_a, space_b
):
    save_collaboration_model(model=CollaborationModel(), data={"name": "Vært", "position": 2}, by=planner)
    save_project(project=Project(plan=plan), data={"name": "Vadstrupvej", "collaboration_model": model}, by=planner)
    update_space(space=space_a, data={"collaboration_model": model}, by=planner)
    update_space(space=space_b, data={"collaboration_model": model}, by=planner)

    planner_text = client_for(planner).get("/governance/collaboration-models/").content.decode()
    staff_page = client_for(staff_a).get("/governance/collaboration-models/")

    assert "Ejer og driver" in planner_text and "Vært" in planner_text
    assert "Boligorganisationen ejer og driver projektet." in planner_text
    assert "1 projekt, 2 mulighedsrum" in planner_text
    assert "0 projekter, 0 mulighedsrum" in planner_text
    assert staff_page.status_code == 200
    assert "1 projekt, 1 mulighedsrum" in staff_page.content.decode()  # DAB's space is not counted for GAB staff
    assert f'href="/governance/collaboration-model/{model.pk}/history/"' in planner_text
    assert f'href="/governance/collaboration-models/{model.pk}/edit/"' in planner_text


def test_a_planner_creates_and_edits_a_collaboration_model(planner, model):
    client = client_for(planner)
    created = client.post(
        "/governance/collaboration-models/new/",
        {"name": "Partner", "description": "Boligorganisationen deltager som partner.", "position": 2},
        follow=True,
    )
    assert created.redirect_chain == [("/governance/collaboration-models/", 302)]
    assert CollaborationModel.objects.get(name="Partner").description == "Boligorganisationen deltager som partner."
    assert "Boligorganisationen deltager som partner." in created.content.decode()

    url = f"/governance/collaboration-models/{model.pk}/edit/"
    version = client.get(url).context["form"]["version"].value()
    edited = client.post(url, {"name": "Ejer og driver", "description": "Ny tekst.", "position": 5, "version": version})
    assert edited.status_code == 302
    model.refresh_from_db()
    assert (model.description, model.position) == ("Ny tekst.", 5)
    assert [m.name for m in CollaborationModel.objects.all()] == ["Partner", "Ejer og driver"]


def test_a_taken_collaboration_model_name_is_refused_in_danish(planner, model):
    before = database_state()
    response = client_for(planner).post("/governance/collaboration-models/new/", {"name": "EJER OG DRIVER"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["Der findes allerede en samarbejdsmodel med dette navn."]}
    assert database_state() == before


# --- The rules of play --------------------------------------------------------------------------------------------


def test_the_matrix_groups_the_rows_by_kind_shows_the_letters_with_names_and_marks_rows_without_anyone_responsible(
    plan, organisations, planner, steering_member, letters, space_a
):
    assign_responsibility(
        element=plan.principles.get(number=1), organisation=organisations["dab"], letter="C", by=planner
    )

    response = client_for(steering_member).get("/governance/rules-of-play/")

    assert response.status_code == 200
    text = response.content.decode()
    headings = [group["kind"].key for group in response.context["matrix"]["groups"]]
    assert headings == ["target", "principle", "strategy", "move", "main_move", "opening_move", "space"]
    for label in ("Pejlemærker", "Principper", "Strategier", "Greb", "Hovedgreb", "Åbningstræk", "Mulighedsrum"):
        assert f">{label}</h2>" in text, label
    assert '<th scope="col">DAB</th>' in text and '<th scope="col">GAB</th>' in text
    assert "Gitte Boligsen" in text and "Dorte Driftsen" in text
    # The legend in Danish, and each letter's meaning for screen readers.
    for legend in ("Ansvarlig", "Godkender", "Høres", "Orienteres", "Udfører arbejdet og står til ansvar for det."):
        assert legend in text, legend
    assert '<span class="sr-only">Ansvarlig:</span>' in text
    # Principle 1 has a letter but no one responsible: said in words. Target 1 has someone responsible.
    rows = {row["label"]: row for group in response.context["matrix"]["groups"] for row in group["rows"]}
    assert rows["1. Princip 1"]["has_responsible"] is False
    assert rows["1. Pejlemærke 1"]["has_responsible"] is True
    # 23 strategy elements and 2 spaces; target 1 and both spaces have someone responsible.
    assert text.count("Ingen ansvarlig") == response.context["matrix"]["without_responsible"] == 22
    assert "22 elementer har ingen ansvarlig." in text
    assert f'href="/governance/rules-of-play/target/{plan.targets.get(number=1).pk}/"' in text


def test_the_matrix_scrolls_inside_its_box_with_the_element_names_kept_in_view_and_prints_whole(plan, planner, letters):
    text = client_for(planner).get("/governance/rules-of-play/").content.decode()
    assert 'class="table--responsive-scroll rules-scroll" tabindex="0" role="region"' in text
    # The site's stylesheet keeps the names column in view on a phone and lets print show the matrix whole.
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    rules = css[css.index("/* Governance: the rules of play") :]
    assert ".rules-matrix th:first-child { position: sticky; left: 0;" in rules
    assert "@media print {\n  .rules-scroll { overflow: visible !important; }" in rules


def test_example_letters_are_marked_in_the_matrix_and_on_the_elements_page_and_real_ones_are_not(
    plan, organisations, people, planner, letters
):
    target = plan.targets.get(number=1)
    client = client_for(planner)
    note = "Markeret med *: et eksempel i demodata, ikke en aftalt ansvarsfordeling."
    assert note not in client.get("/governance/rules-of-play/").content.decode()
    assert (
        '<span class="raci-example"'
        not in client.get(f"/governance/rules-of-play/target/{target.pk}/").content.decode()
    )

    example = assign_responsibility(
        element=target, organisation=organisations["dab"], letter="I", by=None, is_example=True
    )

    for url in ("/governance/rules-of-play/", f"/governance/rules-of-play/target/{target.pk}/"):
        text = client.get(url).content.decode()
        assert note in text, url
        # One example letter, marked by sight and for screen readers; GAB's real letter on the same row is not.
        assert (
            text.count('<span class="raci-example" aria-hidden="true">*</span><span class="sr-only">(eksempel)</span>')
            == 1
        )
    assert ChangeRecord.objects.get(object_id=example.pk, content_type__model="responsibility").changes[-1] == {
        "field": "is_example",
        "old": None,
        "new": True,
    }


def test_a_planner_gives_a_letter_on_the_elements_page_and_sees_it(plan, organisations, people, planner):
    target = plan.targets.get(number=2)
    client = client_for(planner)
    url = f"/governance/rules-of-play/target/{target.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Ingen har endnu fået et ansvar for dette." in page.content.decode()

    response = client.post(
        url, {"organisation": organisations["gab"].pk, "person": people["gab"].pk, "letter": "A"}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    item = Responsibility.objects.get()
    assert (item.element_type, item.element_id, item.organisation, item.person, item.letter) == (
        ContentType.objects.get_for_model(target),
        target.pk,
        organisations["gab"],
        people["gab"],
        "A",
    )
    assert ChangeRecord.objects.filter(object_id=item.pk, content_type__model="responsibility", actor=planner).exists()
    text = response.content.decode()
    assert "GAB (Gitte Boligsen) er nu «Godkender» for «2. Pejlemærke 2»." in text
    assert "Gitte Boligsen, Forretningsfører" in text
    # A letter given on the page is a real assignment, never an example.
    assert item.is_example is False and "raci-example" not in text
    assert f'action="/governance/rules-of-play/remove/{item.pk}/"' in text
    assert "Ingen ansvarlig" in text  # only an approver so far


def test_the_same_letter_twice_is_refused_on_the_form_in_danish_and_nothing_changes(
    plan, organisations, planner, letters
):
    target = plan.targets.get(number=1)
    before = database_state()

    response = client_for(planner).post(
        f"/governance/rules-of-play/target/{target.pk}/", {"organisation": organisations["gab"].pk, "letter": "R"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["GAB er allerede «Ansvarlig» for «Pejlemærke 1»."]
    assert "GAB er allerede «Ansvarlig» for «Pejlemærke 1»." in response.content.decode()
    assert database_state() == before


def test_a_person_of_another_organisation_is_refused_at_the_person_field_in_danish(
    plan, organisations, people, administrator
):
    space_target = plan.principles.get(number=3)
    before = database_state()

    response = client_for(administrator).post(
        f"/governance/rules-of-play/principle/{space_target.pk}/",
        {"organisation": organisations["gab"].pk, "person": people["dab"].pk, "letter": "C"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"person": ["Dorte Driftsen arbejder ikke i GAB."]}
    assert 'aria-invalid="true"' in response.content.decode()
    assert database_state() == before


def test_a_letter_without_an_organisation_or_letter_is_refused_at_the_fields(plan, planner):
    before = database_state()
    response = client_for(planner).post(f"/governance/rules-of-play/target/{plan.targets.first().pk}/", {"person": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "organisation": ["Dette felt er påkrævet."],
        "letter": ["Dette felt er påkrævet."],
    }
    assert database_state() == before


def test_a_planner_removes_a_letter_and_the_history_keeps_it(plan, planner, letters, space_b):
    pk = letters["space_b"].pk

    response = client_for(planner).post(f"/governance/rules-of-play/remove/{pk}/", follow=True)

    assert response.redirect_chain == [(f"/governance/rules-of-play/space/{space_b.pk}/", 302)]
    assert not Responsibility.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.get(object_id=pk, content_type__model="responsibility", action="delete")
    assert record.object_repr == "R: DAB (Dorte Driftsen) – Lektiecafé i fælleshuset"
    assert record.actor == planner
    text = response.content.decode()
    assert "DAB (Dorte Driftsen) er ikke længere «Ansvarlig» for «Lektiecafé i fælleshuset»." in text
    assert "Ingen har endnu fået et ansvar for dette." in text


def test_housing_staff_read_their_own_spaces_rules_of_play(plan, staff_a, space_a, letters):
    response = client_for(staff_a).get(f"/governance/rules-of-play/space/{space_a.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Spilleregler for Iværksættermiljø i Værebro Park" in text
    assert f'href="/spaces/{space_a.pk}/"' in text
    assert "GAB" in text and "Fjern" not in text


def test_the_strategy_and_space_pages_link_to_their_rules_of_play(plan, planner, space_a):
    client = client_for(planner)
    target = plan.targets.get(number=1)
    move = plan.strategies.order_by("id").first().moves.get(number=1)
    for page, link in [
        (f"/targets/{target.pk}/", f"/governance/rules-of-play/target/{target.pk}/"),
        (f"/moves/{move.pk}/", f"/governance/rules-of-play/move/{move.pk}/"),
        (f"/spaces/{space_a.pk}/", f"/governance/rules-of-play/space/{space_a.pk}/"),
    ]:
        text = client.get(page).content.decode()
        assert f'href="{link}">Spilleregler' in text, page
        assert client.get(link).status_code == 200, link


# --- Query counts -------------------------------------------------------------------------------------------------


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _many_spaces_and_letters(plan, organisations, people, spaces: int, letters_per_space: int) -> None:
    """``spaces`` opportunity spaces (half GAB's, half DAB's), each with letters from GAB and DAB, in bulk."""
    owners = [organisations["gab"], organisations["dab"]]
    created = OpportunitySpace.objects.bulk_create(
        OpportunitySpace(plan=plan, title=f"Rum {n:04}", kind="social", organisation=owners[n % 2])
        for n in range(spaces)
    )
    space_type = ContentType.objects.get_for_model(OpportunitySpace)
    pairs = [(organisations["gab"], people["gab"], "R"), (organisations["dab"], people["dab"], "C")]
    Responsibility.objects.bulk_create(
        Responsibility(
            plan=plan,
            element_type=space_type,
            element_id=space.pk,
            organisation=organisation,
            person=person,
            letter=letter,
        )
        for space in created
        for organisation, person, letter in pairs[:letters_per_space]
    )


@pytest.mark.parametrize("persona", ["planner", "staff_a"])
def test_the_matrix_runs_the_same_queries_for_the_test_plan_and_for_200_spaces_with_400_letters(
    request, persona, plan, organisations, people, letters
):
    client = client_for(request.getfixturevalue(persona))
    _count_queries(client, "/governance/rules-of-play/")  # warm the content-type cache and the session
    small = _count_queries(client, "/governance/rules-of-play/")

    _many_spaces_and_letters(plan, organisations, people, 200, 2)
    assert Responsibility.objects.filter(element_type__model="opportunityspace").count() == 400 + 2

    response = client.get("/governance/rules-of-play/")
    rows = sum(len(group["rows"]) for group in response.context["matrix"]["groups"])
    assert rows == (23 + 202 if persona == "planner" else 23 + 101)
    assert _count_queries(client, "/governance/rules-of-play/") == small


def test_the_organisation_and_collaboration_model_lists_run_the_same_queries_with_few_and_many_rows(
    plan, organisations, people, planner, model
):
    client = client_for(planner)
    urls = ["/governance/organisations/", "/governance/collaboration-models/"]
    small = [_count_queries(client, url) for url in urls]

    Organisation.objects.bulk_create(
        Organisation(slug=f"org-{n}", name=f"Forening {n}", kind="association") for n in range(40)
    )
    Person.objects.bulk_create(
        Person(name=f"Person {n}", organisation=organisations[("gab", "dab", "gladsaxe")[n % 3]]) for n in range(120)
    )
    models = CollaborationModel.objects.bulk_create(
        CollaborationModel(name=f"Model {n}", position=n) for n in range(30)
    )
    Project.objects.bulk_create(
        Project(plan=plan, name=f"Projekt {n}", collaboration_model=models[n % 30]) for n in range(90)
    )

    assert [_count_queries(client, url) for url in urls] == small
