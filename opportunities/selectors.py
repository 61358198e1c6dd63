"""Reads of the opportunities app. Every protected object is fetched through an access function here, which
asks ``base.permissions`` (the one place where roles become permissions) and raises 404 or 403."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from base.permissions import (
    can_edit_space,
    can_read_all_spaces,
    can_read_space,
    can_use_opportunities,
    space_visibility,
)

from .models import Activity, Attachment, MeetingPlaceScore, NeedOrOffer, OpportunitySpace, Stage

STALE_AFTER = timedelta(weeks=8)
# The stages in which a space is expected to move or be logged. An anchored space lives on in the partners'
# ordinary work and a stopped one has ended: neither is nagged about.
EXPECTED_TO_MOVE = frozenset({Stage.IDEA, Stage.CLARIFICATION, Stage.PILOT, Stage.OPERATING})


def stale_before(now=None):
    """Spaces last updated before this moment are marked stale (if their stage expects updates)."""
    return (now or timezone.now()) - STALE_AFTER


def stale_condition(now=None) -> Q:
    """The spaces marked stale: in a stage that expects updates and not updated for ``STALE_AFTER``."""
    return Q(stage__in=EXPECTED_TO_MOVE, updated_at__lt=stale_before(now))


def is_stale(space: OpportunitySpace, now=None) -> bool:
    return space.stage in EXPECTED_TO_MOVE and space.updated_at < stale_before(now)


def _require_role(user) -> None:
    if not can_use_opportunities(user):
        raise PermissionDenied


def spaces_for_user(user) -> QuerySet[OpportunitySpace]:
    """The spaces ``user`` may see (all, or their own organisations'); raises 403 for a user without a role."""
    _require_role(user)
    visibility = space_visibility(user)
    if visibility is None:
        return OpportunitySpace.objects.none()
    return OpportunitySpace.objects.filter(visibility)


def portfolio(user) -> QuerySet[OpportunitySpace]:
    """The portfolio list's rows: the space, its owner, its latest meeting-place score and its last activity,
    in a constant number of queries however many spaces there are."""
    latest_score = MeetingPlaceScore.objects.filter(space=OuterRef("pk")).order_by("-month_end")
    return (
        spaces_for_user(user)
        .select_related("organisation", "plan")
        .annotate(
            latest_index=Subquery(latest_score.values("index")[:1]),
            is_meeting_place=Subquery(latest_score.values("qualifies")[:1]),
            last_activity_on=Max("activities__on"),
            is_stale=ExpressionWrapper(stale_condition(), output_field=BooleanField()),
        )
        .order_by("title", "id")
    )


# The meeting places the plan's overview names; more are a link to the filtered portfolio away.
OVERVIEW_MEETING_PLACES = 10


def plan_summary(plan, user) -> dict:
    """What the plan's overview shows of the opportunity spaces ``user`` may see: how many are at each stage, and
    the spaces that qualify as social meeting places by their latest index (highest index first). Two queries,
    whatever the number of spaces."""
    counts = dict(spaces_for_user(user).filter(plan=plan).order_by().values_list("stage").annotate(n=Count("id")))
    places = list(
        portfolio(user)
        .filter(plan=plan, is_meeting_place=True)
        .order_by(F("latest_index").desc(nulls_last=True), "title")
    )
    return {
        "stages": [{"stage": stage, "label": label, "count": counts.get(stage, 0)} for stage, label in Stage.choices],
        "space_count": sum(counts.values()),
        "meeting_places": places[:OVERVIEW_MEETING_PLACES],
        "meeting_place_count": len(places),
        "reads_all": can_read_all_spaces(user),
    }


def spaces_by_target(targets, user, *, listed: int = 5) -> list[tuple]:
    """For each of ``targets``: the target, the first ``listed`` spaces linked to it that ``user`` may see (by title)
    and how many there are in all. Two queries, whatever the number of targets or spaces."""
    linked = spaces_for_user(user).filter(targets__in=targets)
    counts = dict(linked.order_by().values_list("targets").annotate(n=Count("id")))
    first = (
        linked.annotate(
            target_id=F("targets"),
            rank=Window(RowNumber(), partition_by=F("targets"), order_by=[F("title").asc(), F("id").asc()]),
        )
        .filter(rank__lte=listed)
        .order_by("target_id", "rank")
    )
    by_target: dict[int, list] = {}
    for space in first:
        by_target.setdefault(space.target_id, []).append(space)
    return [(target, by_target.get(target.pk, []), counts.get(target.pk, 0)) for target in targets]


def _authorize(user, organisation_id: int | None, *, write: bool) -> None:
    """404 for what does not exist or belongs to a space ``user`` may not see; 403 for a write they may not make."""
    if organisation_id is None or not can_read_space(user, organisation_id):
        raise Http404
    if write and not can_edit_space(user, organisation_id):
        raise PermissionDenied


def get_space_for_user(user, pk: int, *, write: bool = False) -> OpportunitySpace:
    """The space, if ``user`` may see it (else 404) and, with ``write``, change it (else 403)."""
    _require_role(user)
    space = (
        OpportunitySpace.objects.select_related(
            "organisation", "plan", "collaboration_model", "main_move", "opening_move", "from_need", "from_offer"
        )
        .filter(pk=pk)
        .first()
    )
    _authorize(user, None if space is None else space.organisation_id, write=write)
    return space


def get_activity_for_user(user, pk: int, *, write: bool = False) -> Activity:
    _require_role(user)
    activity = Activity.objects.select_related("space", "space__organisation").filter(pk=pk).first()
    _authorize(user, None if activity is None else activity.space.organisation_id, write=write)
    return activity


def get_attachment_for_user(user, pk: int, *, write: bool = False) -> Attachment:
    _require_role(user)
    attachment = (
        Attachment.objects.select_related("activity", "activity__space", "activity__space__organisation")
        .filter(pk=pk)
        .first()
    )
    _authorize(user, None if attachment is None else attachment.activity.space.organisation_id, write=write)
    return attachment


def activities_of(space: OpportunitySpace) -> QuerySet[Activity]:
    """A space's log, newest first, with attendance and attachments prefetched."""
    return (
        space.activities.select_related("created_by")
        .prefetch_related("attendance", "attachments")
        .order_by("-on", "-id")
    )


def scores_of(space: OpportunitySpace) -> list[MeetingPlaceScore]:
    return list(space.scores.order_by("month_end"))


def space_links(space: OpportunitySpace) -> dict:
    """The strategy objects a space is linked to, each kind in one query."""
    return {
        "principles": list(space.principles.all()),
        "moves": list(space.moves.select_related("strategy")),
        "targets": list(space.targets.all()),
        "perspectives": list(space.perspectives.all()),
        "partners": list(space.partners.all()),
    }


# --- Needs and offers ------------------------------------------------------------------------------------------


def needs_and_offers_for_user(user) -> QuerySet[NeedOrOffer]:
    """Needs and offers are published to every organisation of the partnership: that is how matches are found."""
    _require_role(user)
    return NeedOrOffer.objects.select_related("organisation", "plan")


def get_need_or_offer_for_user(user, pk: int, *, write: bool = False) -> NeedOrOffer:
    _require_role(user)
    item = NeedOrOffer.objects.select_related("organisation", "plan").filter(pk=pk).first()
    if item is None:
        raise Http404
    if write and not can_edit_space(user, item.organisation_id):
        raise PermissionDenied
    return item


def suggested_matches(user, *, limit: int = 50) -> list[tuple[NeedOrOffer, NeedOrOffer]]:
    """Open needs paired with open offers of the same category from another organisation, newest needs first."""
    items = needs_and_offers_for_user(user).filter(status=NeedOrOffer.Status.OPEN)
    offers_by_category: dict[tuple[int, str], list[NeedOrOffer]] = {}
    needs = []
    for item in items.order_by("-created_at", "-id"):
        if item.type == NeedOrOffer.Type.OFFER:
            offers_by_category.setdefault((item.plan_id, item.category), []).append(item)
        else:
            needs.append(item)
    matches = []
    for need in needs:
        for offer in offers_by_category.get((need.plan_id, need.category), []):
            if offer.organisation_id != need.organisation_id:
                matches.append((need, offer))
                if len(matches) >= limit:
                    return matches
    return matches
