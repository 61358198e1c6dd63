from django.urls import path

from .views import activities, needs, spaces

urlpatterns = [
    # The portfolio: list (with filters), stage board, map; one space and its log.
    path("spaces/", spaces.space_list, name="space_list"),
    path("spaces/board/", spaces.space_board, name="space_board"),
    path("spaces/map/", spaces.space_map, name="space_map"),
    path("spaces/new/", spaces.space_create, name="space_create"),
    path("spaces/<int:pk>/", spaces.space_detail, name="space_detail"),
    path("spaces/<int:pk>/edit/", spaces.space_edit, name="space_edit"),
    path("spaces/<int:pk>/stage/", spaces.space_stage, name="space_stage"),
    path("spaces/<int:pk>/history/", spaces.space_history, name="space_history"),
    path("spaces/<int:pk>/activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/attachments/new/", activities.attachment_create, name="attachment_create"),
    path("attachments/<int:pk>/", activities.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", activities.attachment_delete, name="attachment_delete"),
    # Needs and offers ("Behov + Behov = Løsning") and the matches between them.
    path("needs-and-offers/", needs.need_list, name="need_list"),
    path("needs-and-offers/new/", needs.need_create, name="need_create"),
    path("needs-and-offers/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs-and-offers/matches/", needs.match_list, name="match_list"),
    path(
        "needs-and-offers/matches/<int:need_pk>/<int:offer_pk>/space/",
        needs.match_create_space,
        name="match_create_space",
    ),
]
