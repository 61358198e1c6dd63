"""The timeline's layout, computed by hand: with ``width=405`` the plot is 365 units wide (16 left, 24 right), so on
the one-year axis of 2025 one day is one unit and 1 January is at x = 16."""

import datetime

import pytest

from partnership.timeline import (
    AXIS_TOP,
    BAR_HEIGHT,
    BAR_TOP,
    DONE,
    DONE_LATE,
    LATE,
    OPEN,
    ROW_HEIGHT,
    DependencyInput,
    MilestoneInput,
    ProjectInput,
    from_projects,
    layout,
    milestone_state,
)

D = datetime.date
TODAY = D(2025, 3, 1)  # day 59 of 2025
ONE_DAY_PER_UNIT = 16 + 365 + 24


def project(pk, starts_on, ends_on, *milestones, name=None, status="ongoing"):
    return ProjectInput(pk, name or f"Projekt {pk}", starts_on, ends_on, status, tuple(milestones))


def test_a_project_from_1_january_to_1_july_spans_half_of_a_one_year_axis():
    timeline = layout([project(1, D(2025, 1, 1), D(2025, 7, 1))], [], TODAY, width=ONE_DAY_PER_UNIT)

    assert (timeline.start, timeline.end) == (D(2025, 1, 1), D(2026, 1, 1))
    (row,) = timeline.rows
    assert (row.bar.x, row.bar.width, row.bar.end) == (16, 181, 197)  # 181 of 365 days
    assert row.bar.width / 365 == pytest.approx(0.5, abs=0.01)
    assert (row.y, row.bar.y, row.bar.height) == (AXIS_TOP, AXIS_TOP + BAR_TOP, BAR_HEIGHT)


def test_the_same_project_on_the_default_width_is_scaled_to_the_plot():
    timeline = layout([project(1, D(2025, 1, 1), D(2025, 7, 1))], [], TODAY)

    (row,) = timeline.rows
    assert timeline.width == 1000
    assert row.bar.x == 16
    assert row.bar.width == round(960 * 181 / 365, 1) == 476.1


def test_rows_are_stacked_one_row_height_apart_in_the_order_given():
    projects = [project(1, D(2025, 1, 1), D(2025, 2, 1)), project(2, D(2025, 1, 1), D(2025, 2, 1))]

    timeline = layout(projects, [], TODAY, width=ONE_DAY_PER_UNIT)

    assert [(row.project.id, row.index, row.y) for row in timeline.rows] == [
        (1, 0, AXIS_TOP),
        (2, 1, AXIS_TOP + ROW_HEIGHT),
    ]
    assert timeline.plot_bottom == AXIS_TOP + 2 * ROW_HEIGHT
    assert timeline.height > timeline.plot_bottom


def test_a_milestone_is_late_when_past_due_and_not_reached_or_reached_after_its_due_date():
    assert milestone_state(D(2025, 2, 1), None, TODAY) == LATE
    assert milestone_state(D(2025, 3, 1), None, TODAY) == OPEN  # due today: not late yet
    assert milestone_state(D(2025, 5, 1), None, TODAY) == OPEN
    assert milestone_state(D(2025, 2, 10), D(2025, 2, 20), TODAY) == DONE_LATE
    assert milestone_state(D(2025, 2, 10), D(2025, 2, 10), TODAY) == DONE
    assert milestone_state(D(2025, 5, 1), D(2025, 2, 5), TODAY) == DONE


def test_milestones_are_markers_on_the_bar_late_ones_a_triangle_and_the_others_a_diamond():
    late = MilestoneInput("Lokalplan vedtaget", D(2025, 2, 1))  # day 31
    upcoming = MilestoneInput("Beboermøde", D(2025, 5, 1))  # day 120
    reached_late = MilestoneInput("Udbud", D(2025, 2, 10), D(2025, 2, 20))  # day 40
    timeline = layout(
        [project(1, D(2025, 1, 1), D(2025, 7, 1), upcoming, late, reached_late)], [], TODAY, width=ONE_DAY_PER_UNIT
    )

    (row,) = timeline.rows
    middle = AXIS_TOP + BAR_TOP + BAR_HEIGHT / 2  # 78
    assert [(m.milestone.title, m.state, m.x, m.y) for m in row.markers] == [
        ("Lokalplan vedtaget", LATE, 47, middle),
        ("Udbud", DONE_LATE, 56, middle),
        ("Beboermøde", OPEN, 136, middle),
    ]
    assert row.markers[0].points == "47,70 55,85 39,85"  # a triangle
    assert row.markers[2].points == "136,71 143,78 136,85 129,78"  # a diamond
    assert [m.is_late for m in row.markers] == [True, True, False]
    assert row.late_count == 1  # only the one not reached counts as late now
    assert timeline.late_count == 1


def test_a_dependency_arrow_runs_from_the_end_of_the_prerequisite_to_the_start_of_the_dependent():
    first = project(1, D(2025, 1, 1), D(2025, 4, 1))  # ends at day 90: x = 106
    second = project(2, D(2025, 6, 1), D(2025, 9, 1))  # starts at day 151: x = 167
    dependency = DependencyInput(project_id=2, depends_on_id=1, kind="follows")

    timeline = layout([first, second], [dependency], TODAY, width=ONE_DAY_PER_UNIT)

    (arrow,) = timeline.arrows
    assert (arrow.x1, arrow.y1, arrow.x2, arrow.y2) == (106, 78, 167, 138)
    assert arrow.path == "M106,78 H112 V138 H167"
    assert arrow.dependency.kind == "follows"
    assert [(p.id, kind) for p, kind in timeline.rows[1].depends_on] == [(1, "follows")]
    assert [(p.id, kind) for p, kind in timeline.rows[0].dependents] == [(2, "follows")]


def test_an_arrow_to_a_project_that_starts_before_its_prerequisite_ends_goes_round_along_the_row_top():
    first = project(1, D(2025, 1, 1), D(2025, 4, 1))  # ends at x = 106
    second = project(2, D(2025, 3, 1), D(2025, 9, 1))  # starts at x = 75
    timeline = layout([first, second], [DependencyInput(2, 1, "blocks")], TODAY, width=ONE_DAY_PER_UNIT)

    (arrow,) = timeline.arrows
    assert (arrow.x1, arrow.x2) == (106, 75)
    row_top = AXIS_TOP + ROW_HEIGHT + 2
    assert arrow.path == f"M106,78 H112 V{row_top} H69 V138 H75"


def test_an_arrow_can_point_upwards_to_an_earlier_row():
    later = project(1, D(2025, 8, 1), D(2025, 12, 1))  # row 0, starts at day 212: x = 228
    earlier = project(2, D(2025, 1, 1), D(2025, 4, 1))  # row 1, ends at x = 106
    timeline = layout([later, earlier], [DependencyInput(1, 2, "blocks")], TODAY, width=ONE_DAY_PER_UNIT)

    (arrow,) = timeline.arrows
    assert (arrow.x1, arrow.y1, arrow.x2, arrow.y2) == (106, 138, 228, 78)
    assert arrow.path == "M106,138 H112 V78 H228"


def test_projects_without_both_dates_are_listed_apart_with_their_dependencies_but_get_no_bar_or_arrow():
    dated = project(1, D(2025, 1, 1), D(2025, 7, 1))
    no_end = project(2, D(2025, 2, 1), None, MilestoneInput("Skitse", D(2025, 1, 15)))
    no_dates = project(3, None, None)

    timeline = layout([dated, no_end, no_dates], [DependencyInput(2, 1, "blocks")], TODAY, width=ONE_DAY_PER_UNIT)

    assert [row.project.id for row in timeline.rows] == [1]
    assert [row.project.id for row in timeline.undated] == [2, 3]
    assert all(row.bar is None for row in timeline.undated)
    assert timeline.arrows == []
    assert [(p.id, kind) for p, kind in timeline.undated[0].depends_on] == [(1, "blocks")]
    assert timeline.undated[0].late_count == 1  # its late milestone still counts
    assert timeline.late_count == 1


def test_a_dependency_on_a_project_not_given_is_left_out():
    timeline = layout([project(1, D(2025, 1, 1), D(2025, 7, 1))], [DependencyInput(1, 99, "blocks")], TODAY)

    assert timeline.arrows == []
    assert timeline.rows[0].depends_on == []


def test_the_axis_covers_whole_years_from_the_earliest_to_the_latest_date_and_today():
    projects = [project(1, D(2026, 3, 1), D(2027, 6, 30), MilestoneInput("Indflytning", D(2028, 2, 1)))]

    timeline = layout(projects, [], TODAY)

    assert (timeline.start, timeline.end) == (D(2025, 1, 1), D(2029, 1, 1))
    assert (timeline.first_year, timeline.last_year) == (2025, 2028)
    assert timeline.today_x == round(16 + 960 * 59 / (365 * 4 + 1), 1)


def test_year_ticks_with_quarters_when_there_is_room_and_the_today_line():
    timeline = layout([project(1, D(2025, 1, 1), D(2025, 7, 1))], [], TODAY, width=ONE_DAY_PER_UNIT)

    assert [(t.x, t.year, t.quarter, t.labelled) for t in timeline.ticks] == [
        (16, 2025, None, True),
        (106, 2025, 2, True),  # 1 April: day 90
        (197, 2025, 3, True),  # 1 July: day 181
        (289, 2025, 4, True),  # 1 October: day 273
        (381, 2026, None, False),  # the right edge
    ]
    assert timeline.today_x == 75
    assert (timeline.today_label_x, timeline.today_label_anchor) == (79, "start")


def test_a_long_axis_drops_the_quarters_and_labels_every_other_year():
    projects = [project(1, D(2000, 1, 1), D(2029, 12, 31))]

    timeline = layout(projects, [], TODAY)

    years = [t for t in timeline.ticks if t.quarter is None and t.year < 2030]
    assert len(years) == 30
    assert not [t for t in timeline.ticks if t.quarter]
    assert [t.year for t in years if t.labelled] == list(range(2000, 2030, 2))  # 32 units a year: too narrow


def test_a_name_late_in_the_axis_ends_at_its_bar_instead_of_starting_there():
    early = project(1, D(2025, 1, 1), D(2025, 3, 1))
    late = project(2, D(2025, 10, 1), D(2025, 12, 1))

    timeline = layout([early, late], [], TODAY, width=ONE_DAY_PER_UNIT)

    assert (timeline.rows[0].label_x, timeline.rows[0].label_anchor) == (16, "start")
    assert (timeline.rows[1].label_x, timeline.rows[1].label_anchor) == (timeline.rows[1].bar.end, "end")


def test_a_one_day_project_still_gets_a_visible_bar():
    timeline = layout([project(1, D(2025, 5, 1), D(2025, 5, 1))], [], TODAY, width=ONE_DAY_PER_UNIT)

    assert timeline.rows[0].bar.width == 3


def test_with_no_dated_project_the_axis_is_todays_year_and_there_are_no_rows():
    timeline = layout([project(1, None, None)], [], TODAY)

    assert timeline.rows == []
    assert (timeline.start, timeline.end) == (D(2025, 1, 1), D(2026, 1, 1))
    assert [row.project.id for row in timeline.undated] == [1]


@pytest.mark.django_db
def test_the_input_is_read_from_prefetched_projects_without_queries(plan, planner, django_assert_num_queries):
    from partnership.models import Milestone, Project
    from partnership.selectors.records import timeline_projects
    from partnership.services import add_dependency, save_milestone, save_project

    first = save_project(
        project=Project(plan=plan),
        data={"name": "Ringbo", "starts_on": D(2025, 1, 1), "ends_on": D(2025, 6, 30)},
        by=None,
    )
    second = save_project(project=Project(plan=plan), data={"name": "Hængslet", "status": "planned"}, by=None)
    save_milestone(milestone=Milestone(project=first), data={"title": "Fraflytning", "due_on": D(2025, 3, 1)}, by=None)
    add_dependency(project=second, depends_on=first, kind="follows", by=planner)

    projects = list(timeline_projects(plan))
    with django_assert_num_queries(0):
        items, dependencies = from_projects(projects)

    assert [(i.name, i.starts_on, i.status, [m.title for m in i.milestones]) for i in items] == [
        ("Ringbo", D(2025, 1, 1), "planned", ["Fraflytning"]),
        ("Hængslet", None, "planned", []),
    ]
    assert [(d.project_id, d.depends_on_id, d.kind) for d in dependencies] == [(second.pk, first.pk, "follows")]
    assert items[0].obj == first
