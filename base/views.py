"""The base's pages: a user's API keys and password, and the input kept when their session ended."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import kept_input
from .forms import ApiTokenForm, PasswordChangeForm, add_service_errors, posted
from .models import ApiToken
from .permissions import can_read_strategy, require
from .services.tokens import create_api_token, revoke_api_token


@require_http_methods(["GET", "POST"])
def token_list(request):
    """The user's API keys, and a form to make one. A new key is shown on this page once, never again."""
    require(can_read_strategy(request.user))
    form = ApiTokenForm(posted(request))
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = create_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiTokenForm()
            messages.success(
                request, _("The key «%(name)s» is made. Copy it now: it is not shown again.") % {"name": token.name}
            )
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created")
    return render(request, "base/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
def token_revoke(request, reference):
    require(can_read_strategy(request.user))
    token = ApiToken.objects.filter(user=request.user, reference=reference).first()
    if token is None:
        raise Http404
    revoke_api_token(token=token, by=request.user)
    messages.success(request, _("The key «%(name)s» is revoked and no longer works.") % {"name": token.name})
    return redirect("token_list")


class PasswordChange(auth_views.PasswordChangeView):
    """Every user changes their own password: the current one, then the new one twice, checked by the password
    validators (Django's view: the posted passwords are kept out of error reports). The change is recorded in the
    login log (``base.auth_log``); the user stays logged in here and their other sessions end (Django's session
    hash).

    A wrong current password counts as a failed login of the user's name from this address, under the same limits
    (django-axes, ``AXES_HANDLER``), and is in the login log: someone using a session left open cannot guess the
    password here instead of on the login page. Reaching a limit, or posting while the name is paused, ends the
    session and shows the lock page; the password is then not checked at all."""

    form_class = PasswordChangeForm
    template_name = "base/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "failure_limit": settings.AXES_FAILURE_LIMIT}

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def _locked(self):
        credentials = self._credentials()
        logout(self.request)
        messages.warning(self.request, _("You are logged out: the current password was entered wrongly too often."))
        return get_lockout_response(self.request, None, credentials)

    def post(self, request, *args, **kwargs):
        if AxesProxyHandler.is_locked(request, self._credentials()):
            return self._locked()
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            user_login_failed.send(sender=__name__, credentials=self._credentials(), request=self.request)
            if getattr(self.request, "axes_locked_out", False):
                return self._locked()
        return super().form_invalid(form)

    def form_valid(self, form):
        # The current password was right, as in a login: this name's failures from here are cleared.
        AxesProxyHandler.get_implementation().reset_user_attempts(self.request, self._credentials())
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password is changed. You are still logged in here, and logged out everywhere else.")
        )
        return response


password_change = PasswordChange.as_view()


@never_cache
@require_GET
def resume_input(request):
    """After logging in again: what the user was saving when their session ended (``base.kept_input``), to save now
    (the form posts it, with a new token, where it was going; the page's own checks, the version included, apply as
    to any save) or to leave. Shown once; with nothing kept, the front page."""
    kept = kept_input.take(request)
    if kept is None:
        return redirect("/")
    return render(request, "base/resume_input.html", {"kept": kept, "shown": kept_input.texts(kept)})
