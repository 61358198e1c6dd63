from django.urls import path

from .views import plan as views
from .views import statistics as statistics_views

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<slug:slug>/", views.plan_overview, name="plan_overview"),
    path("plans/<slug:slug>/vision/", views.plan_vision, name="plan_vision"),
    path("plans/<slug:slug>/targets/", views.plan_targets, name="plan_targets"),
    path("plans/<slug:slug>/principles/", views.plan_principles, name="plan_principles"),
    path("plans/<slug:slug>/strategies/", views.plan_strategies, name="plan_strategies"),
    path("plans/<slug:slug>/main-move/", views.plan_main_move, name="plan_main_move"),
    path("plans/<slug:slug>/history/", views.plan_history, name="plan_history"),
    # Creating objects: under their plan, or under the strategy / main move they belong to.
    path("plans/<slug:slug>/vision/new/", views.element_create, {"kind": "vision"}, name="vision_create"),
    path("plans/<slug:slug>/targets/new/", views.element_create, {"kind": "target"}, name="target_create"),
    path("plans/<slug:slug>/principles/new/", views.element_create, {"kind": "principle"}, name="principle_create"),
    path("strategies/<int:parent_pk>/moves/new/", views.element_create, {"kind": "move"}, name="move_create"),
    path(
        "main-moves/<int:parent_pk>/opening-moves/new/",
        views.element_create,
        {"kind": "opening_move"},
        name="opening_move_create",
    ),
    path("visions/<int:pk>/activate/", views.vision_activate, name="vision_activate"),
    # Statistics, the official criteria and the targets' indicators.
    path("areas/", statistics_views.area_list, name="area_list"),
    path("areas/<str:code>/criteria/", statistics_views.area_criteria, name="area_criteria"),
    path("areas/<str:code>/indicators/", statistics_views.area_indicators, name="area_indicators"),
    path("statistics/import/", statistics_views.statistics_import, name="statistics_import"),
    path("statistics/uploads/<int:pk>/", statistics_views.statistics_upload, name="statistics_upload"),
    path("statistics/runs/", statistics_views.recompute_runs, name="recompute_runs"),
    path("statistics/runs/<int:pk>/", statistics_views.recompute_run, name="recompute_run"),
    path("statistics/variables/", statistics_views.variable_list, name="variable_list"),
    path("indicators/", statistics_views.indicator_list, name="indicator_list"),
    path("indicators/new/", statistics_views.indicator_edit, name="indicator_create"),
    path("indicators/<int:pk>/edit/", statistics_views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/history/", statistics_views.indicator_history, name="indicator_history"),
]

# One object's pages, for each kind: /targets/3/, /targets/3/edit/, /targets/3/delete/, /targets/3/history/.
_DELETABLE = {"vision", "target", "principle", "move", "opening_move"}
for kind, config in views.KINDS.items():
    prefix = config.url_prefix
    urlpatterns += [
        path(f"{prefix}/<int:pk>/", views.element_detail, {"kind": kind}, name=f"{kind}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views.element_edit, {"kind": kind}, name=f"{kind}_edit"),
        path(f"{prefix}/<int:pk>/history/", views.element_history, {"kind": kind}, name=f"{kind}_history"),
    ]
    if kind in _DELETABLE:
        urlpatterns.append(
            path(f"{prefix}/<int:pk>/delete/", views.element_delete, {"kind": kind}, name=f"{kind}_delete")
        )
