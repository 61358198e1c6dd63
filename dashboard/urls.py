from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/pixi/", views.dashboard_pixi, name="dashboard_pixi"),
    path("dashboard/pixi.pdf", views.dashboard_pixi_pdf, name="dashboard_pixi_pdf"),
    path("plans/<slug:slug>/map/", views.strategy_map, name="strategy_map"),
    path("governance/meetings/<int:pk>/packs/new/", views.pack_prepare, name="meeting_pack_prepare"),
    path("governance/packs/<int:pk>/", views.meeting_pack, name="meeting_pack"),
    path("governance/packs/<int:pk>/changes/", views.meeting_pack_changes, name="meeting_pack_changes"),
]
