"""Needs and offers ("Behov + Behov = Løsning"): the shared list, registering and editing, the suggested matches,
and turning a match into an opportunity space.

Everyone with a role reads every organisation's needs and offers (that is how matches are found); housing staff
write for their own organisations, planners and administrators for any; only planners and administrators turn
a match into a space.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from base.forms import add_service_errors, posted, save_form
from base.permissions import can_edit_space, can_turn_match_into_space, can_use_opportunities, owner_choices_for
from strategy.selectors import default_plan

from .. import selectors
from ..filters_needs import NeedOrOfferFilter
from ..forms.needs import NeedOrOfferForm, SpaceFromMatchForm
from ..models import NeedOrOffer
from ..services import create_space_from_match, save_need_or_offer

PAGE_SIZE = 50


def need_list(request):
    filterset = NeedOrOfferFilter(request.GET, queryset=selectors.needs_and_offers_for_user(request.user))
    page = Paginator(filterset.qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    for item in items:
        item.can_edit = can_edit_space(request.user, item.organisation_id)
    return render(
        request,
        "opportunities/need_list.html",
        {
            "items": items,
            "page": page,
            "filter": filterset,
            "can_create": owner_choices_for(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def need_create(request):
    if not can_use_opportunities(request.user) or not owner_choices_for(request.user).exists():
        raise PermissionDenied
    plan = default_plan()
    if plan is None:
        return render(request, "strategy/no_plan.html", {})
    item = NeedOrOffer(plan=plan)
    initial = {}
    if request.GET.get("type") in NeedOrOffer.Type.values:
        initial["type"] = request.GET["type"]
    form = NeedOrOfferForm(posted(request), instance=item, user=request.user, initial=initial)
    if save_form(request, form, save_need_or_offer, item=item):
        messages.success(request, _("«%(object)s» is registered.") % {"object": item})
        return redirect("need_list")
    return render(request, "opportunities/need_form.html", {"form": form, "object": None, "nav_section": "need_list"})


@require_http_methods(["GET", "POST"])
def need_edit(request, pk: int):
    item = selectors.get_need_or_offer_for_user(request.user, pk, write=True)
    form = NeedOrOfferForm(posted(request), instance=item, user=request.user)
    if save_form(request, form, save_need_or_offer, item=item):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": item})
        return redirect("need_list")
    return render(request, "opportunities/need_form.html", {"form": form, "object": item, "nav_section": "need_list"})


MATCHES_SHOWN = 50


def match_list(request):
    # One more than is shown, to know whether the page must say that there are more.
    matches = selectors.suggested_matches(request.user, limit=MATCHES_SHOWN + 1)
    return render(
        request,
        "opportunities/match_list.html",
        {
            "matches": matches[:MATCHES_SHOWN],
            "more_matches": len(matches) > MATCHES_SHOWN,
            "matches_shown": MATCHES_SHOWN,
            "can_create_space": can_turn_match_into_space(request.user),
            "nav_section": "need_list",
        },
    )


@require_http_methods(["GET", "POST"])
def match_create_space(request, need_pk: int, offer_pk: int):
    if not can_turn_match_into_space(request.user):
        raise PermissionDenied
    need = selectors.get_need_or_offer_for_user(request.user, need_pk)
    offer = selectors.get_need_or_offer_for_user(request.user, offer_pk)
    form = SpaceFromMatchForm(posted(request), need=need, offer=offer)
    if request.method == "POST" and form.is_valid():
        try:
            space = create_space_from_match(need=need, offer=offer, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            need.refresh_from_db()
            offer.refresh_from_db()
        else:
            messages.success(
                request, _("The opportunity space «%(space)s» is created from the match.") % {"space": space}
            )
            return redirect("space_detail", pk=space.pk)
    return render(
        request,
        "opportunities/match_form.html",
        {"form": form, "need": need, "offer": offer, "nav_section": "need_list"},
    )
