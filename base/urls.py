from django.urls import path

from . import views

urlpatterns = [
    path("account/password/", views.password_change, name="password_change"),
    path("account/resume/", views.resume_input, name="resume_input"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<uuid:reference>/revoke/", views.token_revoke, name="token_revoke"),
]
