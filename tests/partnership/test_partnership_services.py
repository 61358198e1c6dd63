"""The partnership's services and the rules-of-play selectors: who holds which letter for which element, refusals
in Danish, history under the element's plan and name, and what housing staff may see of the matrix."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from base.models import ChangeRecord, CollaborationModel, Organisation
from base.services.organisations import save_collaboration_model, save_organisation
from opportunities.services import update_space
from partnership.models import Person, Project, Responsibility
from partnership.selectors.elements import (
    collaboration_models_in_use,
    get_responsibility_for_user,
    responsibilities_of,
    responsibility_matrix,
)
from partnership.services import assign_responsibility, remove_responsibility, save_person, save_project

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# --- Assigning and removing letters ------------------------------------------------------------------------------


def test_a_letter_is_given_to_an_organisation_and_a_named_person_there(plan, organisations, people, planner):
    target = plan.targets.get(number=1)

    item = assign_responsibility(
        element=target, organisation=organisations["gab"], person=people["gab"], letter="R", by=planner
    )

    stored = Responsibility.objects.get()
    assert stored == item
    assert (stored.plan, stored.element_id, stored.organisation, stored.person, stored.letter) == (
        plan,
        target.pk,
        organisations["gab"],
        people["gab"],
        "R",
    )
    assert stored.element_type == ContentType.objects.get_for_model(target)


def test_the_same_letter_twice_for_one_organisation_and_element_is_refused_in_danish(plan, organisations, planner):
    target = plan.targets.get(number=1)
    assign_responsibility(element=target, organisation=organisations["gab"], letter="A", by=planner)
    records = ChangeRecord.objects.count()

    with pytest.raises(ValidationError) as refused:
        assign_responsibility(element=target, organisation=organisations["gab"], letter="A", by=planner)

    assert messages_of(refused.value) == ["GAB er allerede «Godkender» for «Pejlemærke 1»."]
    assert Responsibility.objects.count() == 1
    assert ChangeRecord.objects.count() == records


def test_another_letter_for_the_same_organisation_and_the_same_letter_for_another_are_allowed(
    plan, organisations, planner
):
    target = plan.targets.get(number=1)
    assign_responsibility(element=target, organisation=organisations["gab"], letter="A", by=planner)
    assign_responsibility(element=target, organisation=organisations["gab"], letter="C", by=planner)
    assign_responsibility(element=target, organisation=organisations["dab"], letter="A", by=planner)

    assert sorted(Responsibility.objects.values_list("organisation__name", "letter")) == [
        ("DAB", "A"),
        ("GAB", "A"),
        ("GAB", "C"),
    ]


def test_a_person_of_another_organisation_is_refused_at_the_person_in_danish(plan, organisations, people, planner):
    target = plan.targets.get(number=2)
    records = ChangeRecord.objects.count()

    with pytest.raises(ValidationError) as refused:
        assign_responsibility(
            element=target, organisation=organisations["gab"], person=people["dab"], letter="R", by=planner
        )

    assert {field: [str(m) for m in errors] for field, errors in refused.value.message_dict.items()} == {
        "person": ["Dorte Driftsen arbejder ikke i GAB."]
    }
    assert not Responsibility.objects.exists()
    assert ChangeRecord.objects.count() == records


def test_an_unknown_letter_is_refused_in_danish(plan, organisations, planner):
    with pytest.raises(ValidationError) as refused:
        assign_responsibility(
            element=plan.principles.first(), organisation=organisations["gab"], letter="X", by=planner
        )

    assert refused.value.message_dict == {"letter": ["Vælg ansvarlig, godkender, høres eller orienteres."]}
    assert not Responsibility.objects.exists()


def test_something_that_is_not_a_strategy_element_cannot_get_a_letter(organisations, planner):
    with pytest.raises(ValueError):
        assign_responsibility(element=organisations["dab"], organisation=organisations["gab"], letter="R", by=planner)


def test_the_history_records_who_gave_the_letter_and_names_the_element(plan, organisations, people, planner):
    move = plan.strategies.order_by("id").first().moves.get(number=2)

    item = assign_responsibility(
        element=move, organisation=organisations["gab"], person=people["gab"], letter="R", by=planner
    )

    record = ChangeRecord.objects.get(object_id=item.pk, content_type__model="responsibility")
    assert record.action == "create"
    assert record.actor == planner
    assert record.actor_name == "Pia Testesen"
    assert record.plan == plan  # a move's plan is found through its strategy
    assert record.object_repr == f"R: GAB (Gitte Boligsen) – {move.title}"
    assert {change["field"]: change["new"] for change in record.changes} == {
        "organisation": "GAB",
        "person": "Gitte Boligsen (GAB)",
        "letter": "R",
    }


def test_removing_a_letter_keeps_its_last_values_and_the_elements_name_in_the_history(
    plan, organisations, staff_a, planner
):
    opening_move = plan.main_move.opening_moves.get()
    item = assign_responsibility(element=opening_move, organisation=organisations["dab"], letter="I", by=planner)
    pk = item.pk

    remove_responsibility(responsibility=item, element=opening_move, by=planner)

    assert not Responsibility.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.filter(object_id=pk, content_type__model="responsibility").first()
    assert record.action == "delete"
    assert record.plan == plan  # an opening move's plan is found through its main move
    assert record.object_repr == "I: DAB – Åbningstræk"
    assert {change["field"]: change["old"] for change in record.changes} == {
        "organisation": "DAB",
        "person": None,
        "letter": "I",
    }


# --- Organisations, people, collaboration models -----------------------------------------------------------------


def test_a_new_organisation_gets_a_free_short_name_and_a_taken_name_is_refused(organisations, planner):
    created = save_organisation(
        organisation=Organisation(), data={"name": "GAB Ungdom", "kind": "association"}, by=planner
    )
    assert created.slug == "gab-ungdom"
    again = save_organisation(organisation=Organisation(), data={"name": "GAB-Ungdom", "kind": "other"}, by=planner)
    assert again.slug == "gab-ungdom-2"

    with pytest.raises(ValidationError) as refused:
        save_organisation(organisation=Organisation(), data={"name": "gab", "kind": "company"}, by=planner)

    assert refused.value.message_dict == {"name": ["Der findes allerede en organisation med dette navn."]}
    assert Organisation.objects.filter(name__iexact="gab").count() == 1


def test_an_account_can_stand_for_one_person_only(organisations, people, steering_member, planner):
    with pytest.raises(ValidationError) as refused:
        save_person(
            person=Person(),
            data={"name": "Søren Dobbelt", "organisation": organisations["gladsaxe"], "user": steering_member},
            by=planner,
        )

    assert refused.value.message_dict == {"user": ["Denne brugerkonto hører allerede til en anden person."]}
    assert not Person.objects.filter(name="Søren Dobbelt").exists()
    # The person who has the account keeps it when saved again.
    save_person(person=people["steering"], data={"title": "Formand", "user": steering_member}, by=planner)
    assert Person.objects.get(user=steering_member).title == "Formand"


def test_a_collaboration_models_name_must_be_unique_whatever_the_case(planner):
    save_collaboration_model(model=CollaborationModel(), data={"name": "Ejer og driver", "position": 1}, by=planner)

    with pytest.raises(ValidationError) as refused:
        save_collaboration_model(model=CollaborationModel(), data={"name": "ejer og driver"}, by=planner)

    assert refused.value.message_dict == {"name": ["Der findes allerede en samarbejdsmodel med dette navn."]}
    assert CollaborationModel.objects.count() == 1


def test_a_collaboration_models_use_counts_projects_and_only_the_spaces_the_reader_may_see(
    plan, planner, staff_a, space_a, space_b
):
    owner = save_collaboration_model(
        model=CollaborationModel(), data={"name": "Ejer og driver", "position": 1}, by=planner
    )
    partner = save_collaboration_model(model=CollaborationModel(), data={"name": "Partner", "position": 2}, by=planner)
    for name in ("Vadstrupvej", "Ringbo-grunden"):
        save_project(project=Project(plan=plan), data={"name": name, "collaboration_model": owner}, by=planner)
    update_space(space=space_a, data={"collaboration_model": owner}, by=planner)
    update_space(space=space_b, data={"collaboration_model": owner}, by=planner)

    def counts(user):
        return [(m.name, m.project_count, m.space_count) for m in collaboration_models_in_use(user)]

    assert counts(planner) == [("Ejer og driver", 2, 2), ("Partner", 0, 0)]
    assert counts(staff_a) == [("Ejer og driver", 2, 1), ("Partner", 0, 0)]
    assert partner.pk in {m.pk for m in collaboration_models_in_use(staff_a)}


# --- The matrix and the access function -------------------------------------------------------------------------


def test_the_matrix_orders_letters_r_a_c_i_and_marks_rows_without_anyone_responsible(plan, organisations, planner):
    target = plan.targets.get(number=1)
    for letter in ("I", "C", "A", "R"):
        assign_responsibility(element=target, organisation=organisations["gab"], letter=letter, by=planner)
    assign_responsibility(element=plan.targets.get(number=2), organisation=organisations["dab"], letter="A", by=planner)

    matrix = responsibility_matrix(plan, planner)

    assert [column.name for column in matrix["columns"]] == ["DAB", "GAB"]
    targets = matrix["groups"][0]
    assert targets["kind"].key == "target"
    first, second = targets["rows"][:2]
    assert [[item.letter for item in cell] for cell in first["cells"]] == [[], ["R", "A", "C", "I"]]
    assert (first["has_responsible"], second["has_responsible"]) == (True, False)
    assert [row["label"] for row in targets["rows"]] == [f"{n}. Pejlemærke {n}" for n in range(1, 5)]
    elements = 4 + 5 + 3 + 9 + 1 + 1  # targets, principles, strategies, moves, main move, opening move
    assert matrix["without_responsible"] == elements - 1
    assert [letter for letter in (item.letter for item in responsibilities_of(target))] == ["R", "A", "C", "I"]


def test_housing_staff_see_neither_another_organisations_space_nor_a_column_only_it_gives(
    plan, organisations, people, planner, staff_a, space_a, space_b
):
    assign_responsibility(element=space_a, organisation=organisations["gab"], letter="R", by=planner)
    assign_responsibility(
        element=space_b, organisation=organisations["dab"], person=people["dab"], letter="R", by=planner
    )

    for_staff = responsibility_matrix(plan, staff_a)
    for_planner = responsibility_matrix(plan, planner)

    spaces = next(group for group in for_staff["groups"] if group["kind"].key == "space")
    assert [row["element"] for row in spaces["rows"]] == [space_a]
    assert [column.name for column in for_staff["columns"]] == ["GAB"]
    planner_spaces = next(group for group in for_planner["groups"] if group["kind"].key == "space")
    assert [row["element"] for row in planner_spaces["rows"]] == [space_a, space_b]
    assert [column.name for column in for_planner["columns"]] == ["DAB", "GAB"]


def test_moves_are_named_with_their_strategy_in_the_matrix(plan, planner):
    moves = next(group for group in responsibility_matrix(plan, planner)["groups"] if group["kind"].key == "move")
    strategy = plan.strategies.order_by("id").first()
    assert moves["rows"][0]["label"] == f"{strategy.title}: 1. {strategy.moves.get(number=1).title}"


def test_only_editors_get_a_letter_to_remove_and_a_hidden_spaces_letter_does_not_exist_for_them(
    plan, organisations, planner, steering_member, staff_a, space_b
):
    item = assign_responsibility(element=space_b, organisation=organisations["dab"], letter="R", by=planner)

    found, kind, element = get_responsibility_for_user(planner, item.pk)
    assert (found, kind.key, element) == (item, "space", space_b)
    for reader in (steering_member, staff_a):
        with pytest.raises(PermissionDenied):
            get_responsibility_for_user(reader, item.pk)
    with pytest.raises(Http404):
        get_responsibility_for_user(planner, 999999)


def test_deleting_a_principle_removes_its_letters_from_the_rules_of_play_with_history(plan, organisations, planner):
    from strategy.services import delete_strategy_object

    principle = plan.principles.get(number=5)
    assign_responsibility(element=principle, organisation=organisations["gab"], letter="R", by=planner)
    assert Responsibility.objects.count() == 1

    delete_strategy_object(obj=principle, by=planner)

    assert Responsibility.objects.count() == 0
    removed = ChangeRecord.objects.filter(content_type__model="responsibility", action="delete").get()
    assert "Princip 5" in removed.object_repr and removed.plan_id == plan.pk


def test_a_person_who_moves_to_another_organisation_is_taken_off_the_old_ones_letters_with_history(
    plan, organisations, people, planner
):
    gitte = people["gab"]
    target, principle = plan.targets.get(number=1), plan.principles.get(number=1)
    old = assign_responsibility(element=target, organisation=organisations["gab"], person=gitte, letter="R", by=planner)
    assign_responsibility(element=principle, organisation=organisations["gab"], person=gitte, letter="C", by=planner)

    moved = save_person(person=gitte, data={"organisation": organisations["dab"]}, by=planner)

    assert (moved.letters_unnamed, moved.letters_left_with) == (2, ["GAB"])
    # The letters stay with GAB, without a name; nothing else changes.
    assert list(Responsibility.objects.order_by("letter").values_list("organisation__slug", "letter", "person")) == [
        ("gab", "C", None),
        ("gab", "R", None),
    ]
    record = ChangeRecord.objects.filter(object_id=old.pk, content_type__model="responsibility").latest("pk")
    assert (record.action, record.actor, record.changes) == (
        "update",
        planner,
        [{"field": "person", "old": str(gitte), "new": None}],
    )
    assert record.object_repr == "R: GAB – Pejlemærke 1"
    # A letter for the organisation they moved to keeps their name, and saving again changes nothing more.
    new = assign_responsibility(element=target, organisation=organisations["dab"], person=gitte, letter="A", by=planner)
    again = save_person(person=gitte, data={"title": "Projektleder"}, by=planner)
    assert again.letters_unnamed == 0
    new.refresh_from_db()
    assert new.person == gitte
