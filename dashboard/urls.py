from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("governance/meetings/<int:pk>/packs/new/", views.pack_prepare, name="meeting_pack_prepare"),
    path("governance/packs/<int:pk>/", views.meeting_pack, name="meeting_pack"),
    path("governance/packs/<int:pk>/changes/", views.meeting_pack_changes, name="meeting_pack_changes"),
]
