"""The base's pages: a user's API keys."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import ApiTokenForm, add_service_errors, posted
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
