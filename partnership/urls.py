from django.urls import path

from .views import common, partnership, projects, risks, steering

urlpatterns = [
    path("governance/", common.governance_home, name="governance_home"),
    path("governance/<str:kind>/<int:pk>/history/", common.governance_history, name="governance_history"),
    # The partnership: organisations and people, collaboration models, rules of play (RACI).
    path("governance/organisations/", partnership.organisation_list, name="organisation_list"),
    path("governance/organisations/new/", partnership.organisation_create, name="organisation_create"),
    path("governance/organisations/<int:pk>/edit/", partnership.organisation_edit, name="organisation_edit"),
    path("governance/people/new/", partnership.person_create, name="person_create"),
    path("governance/people/<int:pk>/edit/", partnership.person_edit, name="person_edit"),
    path("governance/collaboration-models/", partnership.collaboration_model_list, name="collaboration_model_list"),
    path(
        "governance/collaboration-models/new/",
        partnership.collaboration_model_create,
        name="collaboration_model_create",
    ),
    path(
        "governance/collaboration-models/<int:pk>/edit/",
        partnership.collaboration_model_edit,
        name="collaboration_model_edit",
    ),
    path("governance/rules-of-play/", partnership.responsibility_matrix, name="responsibility_matrix"),
    # Before the element route: it would take "remove" for a kind of element.
    path(
        "governance/rules-of-play/remove/<int:pk>/",
        partnership.responsibility_remove,
        name="responsibility_remove",
    ),
    path(
        "governance/rules-of-play/<str:kind>/<int:pk>/",
        partnership.responsibility_edit,
        name="responsibility_edit",
    ),
    # The steering group: members, meetings, agenda, minutes, decisions, action items.
    path("governance/steering-groups/", steering.steering_group_list, name="steering_group_list"),
    path("governance/steering-groups/new/", steering.steering_group_create, name="steering_group_create"),
    path("governance/steering-groups/<int:pk>/edit/", steering.steering_group_edit, name="steering_group_edit"),
    path(
        "governance/steering-groups/<int:pk>/members/new/",
        steering.steering_member_add,
        name="steering_member_add",
    ),
    path(
        "governance/steering-members/<int:pk>/remove/",
        steering.steering_member_remove,
        name="steering_member_remove",
    ),
    path("governance/meetings/", steering.meeting_list, name="meeting_list"),
    path("governance/meetings/new/", steering.meeting_create, name="meeting_create"),
    path("governance/meetings/next/", steering.meeting_next, name="meeting_next"),
    path("governance/meetings/<int:pk>/", steering.meeting_detail, name="meeting_detail"),
    path("governance/meetings/<int:pk>/edit/", steering.meeting_edit, name="meeting_edit"),
    path("governance/meetings/<int:pk>/minutes/", steering.meeting_minutes, name="meeting_minutes"),
    path("governance/meetings/<int:pk>/agenda/new/", steering.agenda_item_create, name="agenda_item_create"),
    path("governance/agenda-items/<int:pk>/edit/", steering.agenda_item_edit, name="agenda_item_edit"),
    path("governance/agenda-items/<int:pk>/delete/", steering.agenda_item_delete, name="agenda_item_delete"),
    path("governance/meetings/<int:pk>/decisions/new/", steering.decision_create, name="decision_create"),
    path("governance/decisions/", steering.decision_list, name="decision_list"),
    path("governance/decisions/overdue/", steering.overdue_list, name="overdue_list"),
    path("governance/decisions/<int:pk>/edit/", steering.decision_edit, name="decision_edit"),
    path(
        "governance/meetings/<int:pk>/action-items/new/",
        steering.action_item_create,
        name="action_item_create",
    ),
    path("governance/action-items/<int:pk>/edit/", steering.action_item_edit, name="action_item_edit"),
    path("governance/action-items/<int:pk>/delete/", steering.action_item_delete, name="action_item_delete"),
    # Obstacles and potentials (with the heat map), recommendations.
    path("governance/risks/", risks.risk_list, name="risk_list"),
    path("governance/risks/new/", risks.risk_create, name="risk_create"),
    path("governance/risks/<int:pk>/", risks.risk_detail, name="risk_detail"),
    path("governance/risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("governance/risks/<int:pk>/reviewed/", risks.risk_reviewed, name="risk_reviewed"),
    path("governance/recommendations/", risks.recommendation_list, name="recommendation_list"),
    path("governance/recommendations/new/", risks.recommendation_create, name="recommendation_create"),
    path("governance/recommendations/<int:pk>/", risks.recommendation_detail, name="recommendation_detail"),
    path("governance/recommendations/<int:pk>/edit/", risks.recommendation_edit, name="recommendation_edit"),
    path(
        "governance/recommendations/<int:pk>/progress/new/",
        risks.progress_note_create,
        name="progress_note_create",
    ),
    path("governance/progress-notes/<int:pk>/delete/", risks.progress_note_delete, name="progress_note_delete"),
    # Municipal projects and core operations, milestones, dependencies, the timeline.
    path("governance/projects/", projects.project_list, name="project_list"),
    path("governance/projects/timeline/", projects.project_timeline, name="project_timeline"),
    path("governance/projects/new/", projects.project_create, name="project_create"),
    path("governance/projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("governance/projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("governance/projects/<int:pk>/milestones/new/", projects.milestone_create, name="milestone_create"),
    path("governance/milestones/<int:pk>/edit/", projects.milestone_edit, name="milestone_edit"),
    path("governance/milestones/<int:pk>/delete/", projects.milestone_delete, name="milestone_delete"),
    path("governance/projects/<int:pk>/dependencies/new/", projects.dependency_add, name="dependency_add"),
    path("governance/dependencies/<int:pk>/remove/", projects.dependency_remove, name="dependency_remove"),
]
