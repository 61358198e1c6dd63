from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from base import kept_input
from base.api_views import SchemaView
from opportunities import api as opportunities_api
from partnership import api as partnership_api
from strategy import api as strategy_api

# The one router of the REST API: each app registers its endpoints (its own api.py).
router = DefaultRouter()
router.include_format_suffixes = False  # ?format= chooses the representation (no second set of URLs)
strategy_api.register(router)
opportunities_api.register(router)
partnership_api.register(router)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness for the container orchestrator: the process answers. No data, no login."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def favicon(request):
    """``/favicon.ico``, which browsers ask for on their own (for a PDF, a JSON answer, a first visit): the app's icon,
    where the pages' ``<link rel="icon">`` points, not a 404. Temporary: the icon's name changes with each release."""
    response = redirect(static("img/favicon.svg"))
    response["Cache-Control"] = "max-age=86400"
    return response


class LoginView(auth_views.LoginView):
    """Django's login, which also says why a session ended (``bagsvaerd.middleware.SessionTimeoutMiddleware``) and
    that what the user was saving then is kept (``base.kept_input``)."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(kept_input.LOGGED_OUT, None)  # whoever logged out here before: no longer needed
        return response

    def get_context_data(self, **kwargs):
        limits = {"idle_minutes": settings.SESSION_IDLE_MINUTES, "max_hours": settings.SESSION_MAX_HOURS}
        kept = {"kept_input": kept_input.waiting(self.request)}
        ended = self.request.GET.get("ended")
        ended = {"ended": ended if ended in ("idle", "max", *kept_input.LOGGED_OUT_WHY) else ""}
        return {**super().get_context_data(**kwargs), **limits, **kept, **ended}


# The admin names the app it administers (Django's own header says "Django administration" in every language).
admin.site.site_header = _("Bagsværd i social balance: administration")
admin.site.site_title = _("Bagsværd i social balance")


class LogoutView(auth_views.LogoutView):
    """Django's logout, after which the browser's new session remembers who logged out (``base.kept_input``): a
    form they send later from another window is kept for them, not lost."""

    def post(self, request, *args, **kwargs):
        user_id = request.user.pk
        response = super().post(request, *args, **kwargs)
        if user_id is not None:
            kept_input.remember_logout(request, user_id=user_id)
        return response


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    # The language switch must work before logging in too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/v1/", include(router.urls)),
    path("", include("base.urls")),
    path("", include("dashboard.urls")),
    path("", include("partnership.urls")),
    path("", include("opportunities.urls")),
    path("", include("strategy.urls")),
]

handler404 = "bagsvaerd.errors.page_not_found"
handler500 = "bagsvaerd.errors.server_error"
