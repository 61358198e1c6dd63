"""The projects' pages: everyone with a role reads the list, a project's page and the timeline; planners and
administrators create and edit projects, milestones and dependencies; every other persona is refused and nothing
changes. A dependency that would close a circle is refused on the page with the circle named in Danish."""

import datetime
import itertools

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.models import ChangeRecord, CollaborationModel
from base.services.organisations import save_collaboration_model
from opportunities.services import create_space
from partnership.models import Milestone, Project, ProjectDependency
from partnership.services import add_dependency, save_milestone, save_project
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def database_state() -> str:
    tables = [Project, Milestone, ProjectDependency, ChangeRecord]
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in tables)


def new_project(plan, name, by=None, **data):
    return save_project(project=Project(plan=plan), data={"name": name, **data}, by=by)


def new_milestone(project, title, due_on, done_on=None):
    return save_milestone(
        milestone=Milestone(project=project), data={"title": title, "due_on": due_on, "done_on": done_on}, by=None
    )


def text_of(response) -> str:
    return response.content.decode()


def project_form(**overrides) -> dict:
    return {
        "name": "Vadstrupvej",
        "kind": "municipal_project",
        "status": "planned",
        "description": "",
        "starts_on": "2026-01-01",
        "ends_on": "2027-06-30",
        **overrides,
    }


@pytest.fixture
def collaboration_model(planner):
    return save_collaboration_model(
        model=CollaborationModel(),
        data={"name": "Partnerskab", "description": "GAB og kommunen deler ansvaret."},
        by=planner,
    )


@pytest.fixture
def world(plan, planner, organisations, collaboration_model):
    """Vadstrupvej (ongoing, with a late and a coming milestone), Ringbo (follows after Vadstrupvej), Hængslet
    (no dates yet)."""
    vadstrupvej = new_project(
        plan,
        "Vadstrupvej",
        by=planner,
        kind="municipal_project",
        organisation=organisations["gladsaxe"],
        collaboration_model=collaboration_model,
        starts_on=TODAY - 200 * DAY,
        ends_on=TODAY + 400 * DAY,
        status="ongoing",
        targets=list(plan.targets.filter(number=1)),
    )
    ringbo = new_project(
        plan,
        "Ringbo-grunden",
        by=planner,
        kind="core_operation",
        organisation=organisations["gab"],
        starts_on=TODAY + 100 * DAY,
        ends_on=TODAY + 700 * DAY,
        status="planned",
    )
    haengslet = new_project(plan, "Hængslet", by=planner, status="paused")
    late = new_milestone(vadstrupvej, "Lokalplan vedtaget", TODAY - 30 * DAY)
    coming = new_milestone(vadstrupvej, "Beboermøde om trafikken", TODAY + 20 * DAY)
    dependency = add_dependency(project=ringbo, depends_on=vadstrupvej, kind="follows", by=planner)
    return {
        "vadstrupvej": vadstrupvej,
        "ringbo": ringbo,
        "haengslet": haengslet,
        "late": late,
        "coming": coming,
        "dependency": dependency,
    }


# --- Reading -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["planner", "administrator", "steering_member", "staff_a", "staff_b"])
def test_everyone_with_a_role_reads_the_list_the_timeline_and_a_projects_page(request, persona, world):
    client = client_for(request.getfixturevalue(persona))

    for url in (
        "/governance/projects/",
        "/governance/projects/timeline/",
        f"/governance/projects/{world['ringbo'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Ringbo-grunden" in text_of(response), url


def test_a_user_without_a_role_is_refused_the_project_pages(user_without_role, world):
    client = client_for(user_without_role)

    for url in (
        "/governance/projects/",
        "/governance/projects/timeline/",
        f"/governance/projects/{world['ringbo'].pk}/",
    ):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_the_login_page(world):
    client = client_for(None)

    for url in (
        "/governance/projects/",
        "/governance/projects/timeline/",
        f"/governance/projects/{world['ringbo'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


def test_the_list_shows_each_projects_facts_next_milestone_late_count_and_what_it_serves(planner, plan, world):
    response = client_for(planner).get("/governance/projects/")

    assert response.status_code == 200
    rows = {project.name: project for project in response.context["projects"]}
    assert list(rows) == ["Vadstrupvej", "Ringbo-grunden", "Hængslet"]  # by start, undated last
    vadstrupvej = rows["Vadstrupvej"]
    assert vadstrupvej.next_milestone.title == "Lokalplan vedtaget"
    assert vadstrupvej.late_count == 1
    assert rows["Ringbo-grunden"].next_milestone is None
    text = text_of(response)
    for expected in (
        "Kommunalt projekt",
        "Kernedrift",
        "Gladsaxe Kommune",
        "Partnerskab",
        "I gang",
        "Sat på pause",
        "1 forsinket",
        "Ingen datoer endnu",
        f'>{(TODAY - 200 * DAY):%d.%m.%Y}</time>–<time datetime="{(TODAY + 400 * DAY):%Y-%m-%d}">',
        "Pejlemærke 1",
        ">Forsinket</span>",
    ):
        assert expected in text, expected


def test_the_list_filters_by_kind_and_status(planner, world):
    client = client_for(planner)

    def names(query):
        return [project.name for project in client.get(f"/governance/projects/?{query}").context["projects"]]

    assert names("kind=core_operation") == ["Ringbo-grunden"]
    assert names("status=paused") == ["Hængslet"]
    assert names("kind=municipal_project&status=ongoing") == ["Vadstrupvej"]
    assert names("kind=core_operation&status=paused") == []
    assert "Intet projekt passer til filteret." in text_of(client.get("/governance/projects/?status=cancelled"))


def test_a_projects_page_shows_its_fields_milestones_with_the_late_one_in_words_and_its_dependencies(planner, world):
    response = client_for(planner).get(f"/governance/projects/{world['vadstrupvej'].pk}/")

    assert response.status_code == 200
    text = text_of(response)
    assert "<h1>Vadstrupvej</h1>" in text
    assert "Partnerskab" in text and "GAB og kommunen deler ansvaret." in text
    assert "Gladsaxe Kommune" in text
    assert "Pejlemærke 1" in text
    late_row = text[text.index("Lokalplan vedtaget") :]
    assert late_row.index("Forsinket") < late_row.index("Beboermøde om trafikken")
    assert "Ikke nået endnu" in text
    # Ringbo follows after Vadstrupvej: shown under "Others depend on it".
    others = text[text.index("Andre afhænger af det") :]
    assert "Ringbo-grunden</a> følger efter dette projekt" in others
    assert f"/governance/project/{world['vadstrupvej'].pk}/history/" in text


def test_the_dependent_projects_page_shows_what_it_depends_on(planner, world):
    text = text_of(client_for(planner).get(f"/governance/projects/{world['ringbo'].pk}/"))

    depends = text[text.index("Det afhænger af") : text.index("Andre afhænger af det")]
    assert "Følger efter" in depends and "Vadstrupvej</a>" in depends
    assert f"/governance/dependencies/{world['dependency'].pk}/remove/" in depends


@pytest.mark.parametrize("persona", ["steering_member", "staff_a"])
def test_readers_see_no_edit_buttons(request, persona, world):
    client = client_for(request.getfixturevalue(persona))
    pk = world["vadstrupvej"].pk

    detail = text_of(client.get(f"/governance/projects/{pk}/"))
    listing = text_of(client.get("/governance/projects/"))
    timeline = text_of(client.get("/governance/projects/timeline/"))

    for url in (
        f"/governance/projects/{pk}/edit/",
        f"/governance/projects/{pk}/milestones/new/",
        f"/governance/projects/{pk}/dependencies/new/",
        f"/governance/milestones/{world['late'].pk}/edit/",
        f"/governance/milestones/{world['late'].pk}/delete/",
    ):
        assert url not in detail, url
    assert f"/governance/dependencies/{world['dependency'].pk}/remove/" not in detail
    assert "/governance/projects/new/" not in listing
    assert "/governance/projects/new/" not in timeline


def test_housing_staff_do_not_see_another_organisations_space_among_what_a_project_serves(
    plan, planner, organisations, staff_a, staff_b
):
    space_a = create_space(
        plan=plan,
        data={"title": "Iværksættermiljø", "kind": "social", "organisation": organisations["gab"]},
        by=staff_a,
    )
    space_b = create_space(
        plan=plan, data={"title": "Lektiecafé", "kind": "social", "organisation": organisations["dab"]}, by=staff_b
    )
    project = new_project(plan, "Bindeleddet", by=planner, spaces=[space_a, space_b])

    for url in ("/governance/projects/", f"/governance/projects/{project.pk}/"):
        as_a = text_of(client_for(staff_a).get(url))
        as_planner = text_of(client_for(planner).get(url))
        assert "Iværksættermiljø" in as_a and "Lektiecafé" not in as_a, url
        assert "Iværksættermiljø" in as_planner and "Lektiecafé" in as_planner, url


# --- Writing: refused for everyone but planners and administrators -----------------------------------------------

WRITE_PAGES = [
    ("get", "/governance/projects/new/"),
    ("post", "/governance/projects/new/"),
    ("get", "/governance/projects/{vadstrupvej}/edit/"),
    ("post", "/governance/projects/{vadstrupvej}/edit/"),
    ("get", "/governance/projects/{vadstrupvej}/milestones/new/"),
    ("post", "/governance/projects/{vadstrupvej}/milestones/new/"),
    ("get", "/governance/milestones/{late}/edit/"),
    ("post", "/governance/milestones/{late}/edit/"),
    ("get", "/governance/milestones/{late}/delete/"),
    ("post", "/governance/milestones/{late}/delete/"),
    ("get", "/governance/projects/{haengslet}/dependencies/new/"),
    ("post", "/governance/projects/{haengslet}/dependencies/new/"),
    ("get", "/governance/dependencies/{dependency}/remove/"),
    ("post", "/governance/dependencies/{dependency}/remove/"),
]


def _write_payload(world) -> dict:
    """A form that would change something on every write page, were it accepted."""
    return {
        **project_form(name="Overtaget"),
        "title": "Overtaget",
        "due_on": "2026-05-01",
        "kind": "blocks",
        "depends_on": world["vadstrupvej"].pk,
    }


@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "staff_b", "user_without_role", None])
def test_only_planners_and_administrators_change_projects_milestones_and_dependencies(request, persona, world):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    before = database_state()

    for method, url in WRITE_PAGES:
        url = url.format(**{key: obj.pk for key, obj in world.items()})
        response = client.post(url, _write_payload(world)) if method == "post" else client.get(url)

        if persona is None:
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith("/login/?next="), (method, url)
        else:
            assert response.status_code == 403, (method, url)
        assert database_state() == before, (method, url)


# --- Projects ------------------------------------------------------------------------------------------------


def test_a_planner_creates_a_project_with_what_it_serves(plan, planner, organisations, collaboration_model):
    client = client_for(planner)
    form = client.get("/governance/projects/new/")
    assert form.status_code == 200
    target = plan.targets.get(number=2)

    response = client.post(
        "/governance/projects/new/",
        project_form(
            organisation=organisations["gladsaxe"].pk,
            collaboration_model=collaboration_model.pk,
            targets=[target.pk],
            description="Fra Vadstrupvej til Bindeleddet.",
        ),
        follow=True,
    )

    project = Project.objects.get()
    assert response.redirect_chain == [(f"/governance/projects/{project.pk}/", 302)]
    assert (project.plan, project.name, project.organisation, project.collaboration_model) == (
        plan,
        "Vadstrupvej",
        organisations["gladsaxe"],
        collaboration_model,
    )
    assert (project.starts_on, project.ends_on) == (datetime.date(2026, 1, 1), datetime.date(2027, 6, 30))
    assert list(project.targets.all()) == [target]
    assert ChangeRecord.objects.filter(object_id=project.pk, actor=planner, action="create").exists()
    text = text_of(response)
    assert "«Vadstrupvej» er oprettet." in text
    assert "Pejlemærke 2" in text and "Fra Vadstrupvej til Bindeleddet." in text


def test_a_project_that_ends_before_it_starts_is_refused_at_the_field_in_danish(planner, plan):
    before = database_state()

    response = client_for(planner).post(
        "/governance/projects/new/", project_form(starts_on="2027-01-01", ends_on="2026-01-01")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == ["Slut kan ikke ligge før start."]
    assert 'aria-invalid="true"' in text_of(response)
    assert database_state() == before


def test_an_administrator_edits_a_project_and_the_history_shows_it(administrator, world):
    client = client_for(administrator)
    pk = world["haengslet"].pk
    version = client.get(f"/governance/projects/{pk}/edit/").context["form"]["version"].value()

    response = client.post(
        f"/governance/projects/{pk}/edit/",
        project_form(name="Hængslet", status="ongoing", starts_on="2026-03-01", ends_on="2026-12-31", version=version),
        follow=True,
    )

    assert response.redirect_chain == [(f"/governance/projects/{pk}/", 302)]
    project = Project.objects.get(pk=pk)
    assert (project.status, project.starts_on) == ("ongoing", datetime.date(2026, 3, 1))
    assert "Dine ændringer af «Hængslet» er gemt." in text_of(response)
    history = text_of(client.get(f"/governance/project/{pk}/history/"))
    assert "Anne Testesen" in history and "I gang" in history


def test_the_example_box_shows_only_on_an_example_project_and_unticking_it_makes_the_project_real(plan, planner, world):
    example = new_project(plan, "Bymidten", kind="municipal_project", is_example=True)
    client = client_for(planner)
    assert "is_example" not in client.get("/governance/projects/new/").context["form"].fields
    assert "is_example" not in client.get(f"/governance/projects/{world['haengslet'].pk}/edit/").context["form"].fields
    form = client.get(f"/governance/projects/{example.pk}/edit/").context["form"]
    assert form["is_example"].value() is True

    response = client.post(
        f"/governance/projects/{example.pk}/edit/",
        project_form(name="Bymidten", status="planned", version=form["version"].value()),
    )

    assert response.status_code == 302
    example.refresh_from_db()
    assert example.is_example is False


def test_an_edit_over_someone_elses_newer_change_is_refused_and_keeps_the_input(planner, administrator, world):
    client = client_for(planner)
    pk = world["haengslet"].pk
    version = client.get(f"/governance/projects/{pk}/edit/").context["form"]["version"].value()
    save_project(project=Project.objects.get(pk=pk), data={"status": "cancelled"}, by=administrator)

    response = client.post(f"/governance/projects/{pk}/edit/", project_form(name="Mit navn", version=version))

    assert response.status_code == 200
    assert Project.objects.get(pk=pk).status == "cancelled"
    assert "Anne Testesen" in text_of(response)
    assert 'value="Mit navn"' in text_of(response)


# --- Milestones ----------------------------------------------------------------------------------------------


def test_a_planner_adds_a_milestone_and_the_page_marks_it_late_once_past_due(planner, world):
    client = client_for(planner)
    pk = world["haengslet"].pk
    due = TODAY - 3 * DAY

    response = client.post(
        f"/governance/projects/{pk}/milestones/new/",
        {"title": "Skitseforslag", "due_on": due.isoformat(), "done_on": ""},
        follow=True,
    )

    assert response.redirect_chain == [(f"/governance/projects/{pk}/", 302)]
    milestone = Milestone.objects.get(project_id=pk)
    assert (milestone.title, milestone.due_on, milestone.done_on) == ("Skitseforslag", due, None)
    text = text_of(response)
    assert "Milepælen «Skitseforslag» er tilføjet til «Hængslet»." in text
    assert 'class="milestone-late"' in text and '<span class="badge badge-error">Forsinket</span>' in text


def test_a_milestone_without_a_due_date_is_refused(planner, world):
    before = database_state()

    response = client_for(planner).post(
        f"/governance/projects/{world['haengslet'].pk}/milestones/new/", {"title": "Uden frist", "due_on": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == ["Dette felt er påkrævet."]
    assert database_state() == before


def test_an_administrator_marks_a_milestone_as_reached(administrator, world):
    client = client_for(administrator)
    milestone = world["late"]
    version = client.get(f"/governance/milestones/{milestone.pk}/edit/").context["form"]["version"].value()

    response = client.post(
        f"/governance/milestones/{milestone.pk}/edit/",
        {
            "title": milestone.title,
            "due_on": milestone.due_on.isoformat(),
            "done_on": (milestone.due_on + 2 * DAY).isoformat(),
            "version": version,
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"/governance/projects/{milestone.project_id}/", 302)]
    milestone.refresh_from_db()
    assert milestone.done_on == milestone.due_on + 2 * DAY
    assert "Nået for sent" in text_of(response)


def test_a_planner_deletes_a_milestone_after_confirming(planner, world):
    client = client_for(planner)
    milestone = world["coming"]

    confirm = client.get(f"/governance/milestones/{milestone.pk}/delete/")
    assert confirm.status_code == 200
    assert "Vil du slette milepælen «Beboermøde om trafikken»" in text_of(confirm)
    assert Milestone.objects.filter(pk=milestone.pk).exists()

    response = client.post(f"/governance/milestones/{milestone.pk}/delete/", follow=True)

    assert response.redirect_chain == [(f"/governance/projects/{milestone.project_id}/", 302)]
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert ChangeRecord.objects.filter(object_id=milestone.pk, action="delete", actor=planner).exists()
    assert "Beboermøde om trafikken" in text_of(response)  # in the success message only
    assert "Beboermøde om trafikken</th>" not in text_of(response)


# --- Dependencies --------------------------------------------------------------------------------------------


def test_a_planner_adds_a_dependency_and_both_projects_show_it(planner, world):
    client = client_for(planner)
    haengslet, vadstrupvej = world["haengslet"], world["vadstrupvej"]
    form = client.get(f"/governance/projects/{haengslet.pk}/dependencies/new/")
    assert [p.name for p in form.context["form"].fields["depends_on"].queryset] == ["Ringbo-grunden", "Vadstrupvej"]

    response = client.post(
        f"/governance/projects/{haengslet.pk}/dependencies/new/",
        {"kind": "blocks", "depends_on": vadstrupvej.pk},
        follow=True,
    )

    assert response.redirect_chain == [(f"/governance/projects/{haengslet.pk}/", 302)]
    assert ProjectDependency.objects.filter(project=haengslet, depends_on=vadstrupvej, kind="blocks").exists()
    assert "Afhængigheden er tilføjet: «Hængslet» er blokeret af «Vadstrupvej»." in text_of(response)
    other = text_of(client.get(f"/governance/projects/{vadstrupvej.pk}/"))
    assert "Hængslet</a> er blokeret af dette projekt" in other


def test_a_direct_cycle_is_refused_on_the_page_naming_it(planner, world):
    before = database_state()

    # Ringbo follows after Vadstrupvej; Vadstrupvej cannot then wait for Ringbo.
    response = client_for(planner).post(
        f"/governance/projects/{world['vadstrupvej'].pk}/dependencies/new/",
        {"kind": "blocks", "depends_on": world["ringbo"].pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["depends_on"] == [
        "Denne afhængighed ville lave en ring: Vadstrupvej → Ringbo-grunden → Vadstrupvej. Et projekt kan ikke "
        "gennem andre afhænge af sig selv."
    ]
    assert "Vadstrupvej → Ringbo-grunden → Vadstrupvej" in text_of(response)
    assert database_state() == before


def test_a_cycle_through_three_projects_is_refused_on_the_page_naming_it(planner, world):
    add_dependency(project=world["haengslet"], depends_on=world["ringbo"], kind="blocks", by=planner)
    before = database_state()

    response = client_for(planner).post(
        f"/governance/projects/{world['vadstrupvej'].pk}/dependencies/new/",
        {"kind": "follows", "depends_on": world["haengslet"].pk},
    )

    assert response.status_code == 200
    assert "Vadstrupvej → Hængslet → Ringbo-grunden → Vadstrupvej" in text_of(response)
    assert database_state() == before


def test_a_forged_dependency_on_itself_or_on_another_strategys_project_is_refused(planner, other_plan, world):
    elsewhere = new_project(other_plan, "Et andet sted", by=planner)
    client = client_for(planner)
    pk = world["vadstrupvej"].pk
    before = database_state()

    for forged in (pk, elsewhere.pk):
        response = client.post(f"/governance/projects/{pk}/dependencies/new/", {"kind": "blocks", "depends_on": forged})
        assert response.status_code == 200
        assert response.context["form"].errors["depends_on"] == [
            "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder."
        ]

    assert database_state() == before


def test_a_planner_removes_a_dependency_after_confirming(planner, world):
    client = client_for(planner)
    dependency = world["dependency"]

    confirm = client.get(f"/governance/dependencies/{dependency.pk}/remove/")
    assert confirm.status_code == 200
    assert "Vil du fjerne, at «Ringbo-grunden» følger efter «Vadstrupvej»?" in text_of(confirm)
    assert ProjectDependency.objects.filter(pk=dependency.pk).exists()

    response = client.post(f"/governance/dependencies/{dependency.pk}/remove/", follow=True)

    assert response.redirect_chain == [(f"/governance/projects/{world['ringbo'].pk}/", 302)]
    assert not ProjectDependency.objects.exists()
    assert ChangeRecord.objects.filter(object_id=dependency.pk, action="delete", actor=planner).exists()
    assert "Afhængigheden er fjernet: «Ringbo-grunden» afhænger ikke længere af «Vadstrupvej»." in text_of(response)
    assert "Det afhænger ikke af andre projekter." in text_of(response)


# --- The timeline --------------------------------------------------------------------------------------------


def test_the_timeline_draws_the_projects_late_milestones_dependencies_and_today_in_accessible_svg(planner, world):
    response = client_for(planner).get("/governance/projects/timeline/")

    assert response.status_code == 200
    text = text_of(response)
    svg = text[text.index('<svg class="timeline-svg"') : text.index("</svg>", text.index('<svg class="timeline-svg"'))]
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in svg
    assert '<title id="timeline-title">Tidslinje over projekter og kernedrift</title>' in svg
    assert "2 projekter fra" in svg and "1 milepæl er forsinket." in svg
    assert "Vadstrupvej (i gang)</text>" in svg and "Ringbo-grunden (planlagt)</text>" in svg
    assert "Hængslet" not in svg  # no dates: listed apart
    assert 'class="tl-milestone tl-milestone-late"' in svg and ">forsinket</text>" in svg
    assert 'class="tl-milestone tl-milestone-open"' in svg
    assert 'class="tl-arrow tl-arrow-follows"' in svg
    assert f"I dag {TODAY:%d.%m.%Y}" in svg
    assert "<script" not in svg and "<a " not in svg  # drawn by the server; nothing to run or focus inside
    timeline = response.context["timeline"]
    (arrow,) = timeline.arrows
    assert (arrow.x1, arrow.x2) == (timeline.rows[0].bar.end, timeline.rows[1].bar.x)
    assert f'd="{arrow.path}"' in svg


def test_the_timeline_lists_projects_without_dates_and_repeats_everything_in_a_table(planner, world):
    text = text_of(client_for(planner).get("/governance/projects/timeline/"))

    undated = text[text.index("Ikke på tidslinjen") : text.index("Tidslinjen som tabel")]
    assert "Hængslet</a> – Ingen datoer endnu" in undated
    table = text[text.index("Tidslinjen som tabel") :]
    for expected in (
        "Vadstrupvej</a>",
        "Ringbo-grunden</a>",
        "Hængslet</a>",
        "Lokalplan vedtaget",
        '<span class="badge badge-error">Forsinket</span>',
        "Følger efter Vadstrupvej",
        "Ringbo-grunden følger efter det",
    ):
        assert expected in table, expected


def test_the_timeline_without_any_dated_project_says_so(planner, plan):
    new_project(plan, "Hængslet", by=planner)

    text = text_of(client_for(planner).get("/governance/projects/timeline/"))

    assert "Intet projekt har både en start- og en slutdato endnu" in text
    assert '<svg class="timeline-svg"' not in text
    assert "Hængslet" in text


# --- Query counts --------------------------------------------------------------------------------------------


def _many_projects(plan, count: int, offset: int) -> None:
    """``count`` dated projects, each with a late and a coming milestone, linked to a target, every other one
    following the one before it: bulk-created, as a big data set would be loaded."""
    projects = Project.objects.bulk_create(
        Project(
            plan=plan,
            name=f"Projekt {offset + n:03}",
            kind="municipal_project" if n % 2 else "core_operation",
            starts_on=TODAY - (n % 50) * DAY,
            ends_on=TODAY + (100 + n) * DAY,
            status="ongoing",
        )
        for n in range(count)
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, title=title, due_on=TODAY + days * DAY)
        for project in projects
        for title, days in (("Forsinket milepæl", -5), ("Kommende milepæl", 30))
    )
    ProjectDependency.objects.bulk_create(
        ProjectDependency(project=later, depends_on=earlier, kind="blocks" if n % 4 else "follows")
        for n, (earlier, later) in enumerate(itertools.pairwise(projects))
        if n % 2 == 0
    )
    target = plan.targets.first()
    Project.targets.through.objects.bulk_create(
        Project.targets.through(project_id=project.pk, target_id=target.pk) for project in projects
    )


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/governance/projects/", "/governance/projects/?kind=core_operation", "/governance/projects/timeline/"]
)
@pytest.mark.parametrize("persona", ["planner", "staff_a"])
def test_the_list_and_the_timeline_run_the_same_queries_with_5_and_with_300_projects(request, url, persona, plan):
    client = client_for(request.getfixturevalue(persona))
    _many_projects(plan, 5, 0)
    small = _count_queries(client, url)

    _many_projects(plan, 295, 5)

    assert Project.objects.count() == 300
    assert _count_queries(client, url) == small
    if "timeline" in url:
        timeline = client.get(url).context["timeline"]
        assert (len(timeline.rows), len(timeline.arrows), timeline.late_count) == (300, 149, 300)
