"""The opportunity spaces' rows of the REST API's permission matrix (``tests/api_matrix.py`` explains them).

The samples belong to GAB: "gab" (GAB's housing staff) reads and writes them, "dab" (DAB's) does not see them
(404, as in the browser), the steering group reads them and writes nothing, planners and administrators do
everything. Needs and offers are published to every organisation (DAB reads GAB's, but changes only its own), and
so are the suggested matches. A POST of another organisation's space or need is a 400 at its field (the service
refuses an owner the user may not act for; a space they cannot see is not a valid choice). Spaces and needs are
not deleted (stopped and closed instead: 405), and files are attached in the browser only (no such route).
"""

from types import SimpleNamespace

from django.utils import timezone

from base.models import Organisation, User
from opportunities.models import Attachment, MeetingPlaceScore, NeedOrOffer, OpportunitySpace
from opportunities.selectors import suggested_matches
from tests.api_matrix import Endpoint

#           anon  ro-key planner admin steering gab  dab  no-role
READ = "    401   200    200     200   200      200  200  403"
OWN_READ = "401   200    200     200   200      200  404  403"  # GAB's spaces and what hangs on them
CREATE = "  401   403    201     201   403      201  400  403"
CHANGE = "  401   403    200     200   403      200  404  403"
DELETE = "  401   403    204     204   403      204  404  403"
# A space is stopped and a need or an offer closed, never deleted: the router's DELETE route answers 405.
NOT_ALLOWED = "401 403   405     405   405      405  405  403"
# Needs and offers: everyone reads GAB's; DAB may not change them (403: it sees them).
NEED_CHANGE = "401 403   200     200   403      200  403  403"
# A need's history names the people of the organisation that wrote it: as the plan's history, only for those who
# read every organisation's spaces, and for the organisation's own staff.
NEED_HISTORY = "401 200  200     200   200      200  403  403"


def _gab():
    return Organisation.objects.get(slug="gab")


def _space():
    return OpportunitySpace.objects.filter(organisation__slug="gab").exclude(stage="stopped").order_by("id").first()


def _attachment():
    return Attachment.objects.filter(activity__space__organisation__slug="gab").order_by("id").first()


def _need():
    return NeedOrOffer.objects.filter(organisation__slug="gab", status="open").order_by("id").first()


def _match():
    need, offer = suggested_matches(User.objects.get(username="planlaegger"))[0]
    return SimpleNamespace(id=f"{need.pk}-{offer.pk}")


ENDPOINTS = [
    Endpoint(
        "opportunity-space",
        _space,
        {
            ("list", "GET"): READ,
            ("list", "POST"): CREATE,
            ("detail", "GET"): OWN_READ,
            ("detail", "PUT"): CHANGE,
            ("detail", "PATCH"): CHANGE,
            ("history", "GET"): OWN_READ,
            ("stage", "POST"): CHANGE,
            ("detail", "DELETE"): NOT_ALLOWED,
        },
        {
            ("list", "POST"): lambda: {"title": "Nyt rum fra API'et", "kind": "social", "organisation": _gab().pk},
            ("stage", "POST"): lambda: {"to_stage": "stopped", "reason": "Prøvet af i matrixen."},
        },
    ),
    Endpoint(
        "activity",
        lambda: _attachment().activity,
        {
            ("list", "GET"): READ,
            ("list", "POST"): CREATE,
            ("detail", "GET"): OWN_READ,
            ("detail", "PUT"): CHANGE,
            ("detail", "PATCH"): CHANGE,
            ("detail", "DELETE"): DELETE,
            ("history", "GET"): OWN_READ,
        },
        {
            ("list", "POST"): lambda: {
                "space": _space().pk,
                "on": timezone.localdate().isoformat(),
                "title": "Fællesspisning",
                "participants": 12,
                "attendance": {"gender": {"women": 7, "men": 5}},
            }
        },
    ),
    Endpoint(
        "attachment",
        _attachment,
        {("list", "GET"): READ, ("detail", "GET"): OWN_READ, ("download", "GET"): OWN_READ},
    ),
    Endpoint(
        "meeting-place-score",
        lambda: MeetingPlaceScore.objects.filter(space=_space()).order_by("month_end").last(),
        {("list", "GET"): READ, ("detail", "GET"): OWN_READ},
    ),
    Endpoint(
        "need-or-offer",
        _need,
        {
            ("list", "GET"): READ,
            ("list", "POST"): CREATE,
            ("detail", "GET"): READ,
            ("detail", "PUT"): NEED_CHANGE,
            ("detail", "PATCH"): NEED_CHANGE,
            ("history", "GET"): NEED_HISTORY,
            ("detail", "DELETE"): NOT_ALLOWED,
        },
        {
            ("list", "POST"): lambda: {
                "type": "offer",
                "organisation": _gab().pk,
                "category": "premises",
                "title": "Et lokale om aftenen",
            }
        },
    ),
    Endpoint("match", _match, {("list", "GET"): READ, ("detail", "GET"): READ}),
]
