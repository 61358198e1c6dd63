"""The base's pages: a user's API keys and password, and the input kept when their session ended."""

from django.contrib import messages
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
    hash)."""

    form_class = PasswordChangeForm
    template_name = "base/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
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
