"""The whole site with something of every kind in it: the demo, plus what the demo does not hold (an import by a
user, failed and running recompute runs, attachments, a cancelled meeting and decision, a finished project, a
closed risk, a deleted record in the history, …), all made through the services as users would make them.

The crawl tests log in as each persona and visit every page this data makes reachable; ``missing_kinds`` names
any kind of object or state the data lacks, so a new model or a new status cannot slip past the crawl unseen.
"""

import datetime
import struct
import zlib
from io import StringIO

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from base.models import ApiToken, Membership, User
from base.services.tokens import create_api_token
from dashboard.packs import prepare_meeting_pack
from opportunities.models import Activity, NeedOrOffer
from opportunities.selectors import suggested_matches
from opportunities.services import add_attachment, create_space_from_match, save_need_or_offer
from partnership.models import ActionItem, Decision, Meeting, Project, Recommendation, Risk
from partnership.models.steering import WorkStatus
from partnership.services import (
    delete_agenda_item,
    save_action_item,
    save_agenda_item,
    save_decision,
    save_meeting,
    save_project,
    save_recommendation,
    save_risk,
)
from strategy.models import Area, RecomputeRun, StatisticsImport, StatisticsUpload, Variable
from strategy.services.statistics import import_statistics, import_upload, store_upload

# The personas (the demo's logins and an account without a role): the planner sees and edits everything (the
# administrator has the same rights in the app), the steering member reads all and records for their group,
# housing staff of two organisations see their own organisation's spaces.
PERSONAS = ("planlaegger", "styregruppe", "gab", "dab", "uden-rolle")
WITHOUT_ROLE = "uden-rolle"

# The apps whose models the data must cover.
DOMAIN_APPS = ("governance", "strategy", "opportunities", "partnership", "dashboard")  # "governance": the base's label
# Fields whose every choice is a state a page shows differently.
STATE_FIELDS = ("status", "stage", "state")


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A small, valid PNG image (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def build_site() -> dict[str, User]:
    """Load the demo and add the rest. Returns the personas' users by user name. Needs DEBUG on while loading
    (the demo's users have a published password) and runs the tasks that commits schedule (eager Celery)."""
    with _debug_on():
        call_command("load_demo", stdout=StringIO())
    users = {user.username: user for user in User.objects.filter(username__in=PERSONAS)}
    users[WITHOUT_ROLE] = User.objects.create_user(username=WITHOUT_ROLE, password="uden-rolle-adgangskode-2026")
    _statistics(users["planlaegger"])
    _recompute_runs()
    _uploads(users["planlaegger"])
    _attachments(users["gab"])
    _steering(users["planlaegger"])
    _risks_and_projects(users["planlaegger"])
    _needs(users["planlaegger"])
    _api_keys(users)
    _meeting_packs(users["planlaegger"])
    return users


class _debug_on:
    def __enter__(self):
        self.old = settings.DEBUG
        settings.DEBUG = True

    def __exit__(self, *exc):
        settings.DEBUG = self.old


def _statistics(planner: User) -> None:
    """An import by a user beside the demo's import without one (the import page names both)."""
    area = Area.objects.filter(kind="housing_area").order_by("code").first()
    variable = Variable.objects.get(code="residents")
    csv = f"area_code,year,variable,value\n{area.code},2019,{variable.code},1234\n".encode()
    report = import_statistics(data=csv, file_name="rettelse-beboere.csv", by=planner)
    assert report.statistics_import is not None, "the correction changed nothing"
    assert StatisticsImport.objects.filter(imported_by__isnull=True).exists()


def _uploads(planner: User) -> None:
    """Statistics files uploaded in the browser, in every state: imported, rejected, failed, interrupted, and
    waiting for, being checked and being saved by the background job."""
    area = Area.objects.filter(kind="housing_area").order_by("code").first()
    files = {
        "beboere-2019.csv": f"area_code,year,variable,value\n{area.code},2019,residents,1240\n",
        "forkert.csv": f"area_code,year,variable,value\n{area.code},2019,residents,mange\nukendt,2019,residents,1\n",
    }
    for name, content in files.items():
        upload = store_upload(file=SimpleUploadedFile(name, content.encode()), by=planner, language="da")
        import_upload(upload.pk, task_id=f"site-{name}")  # as the worker does (done already when tasks ran eagerly)
    now = timezone.now()
    long_ago = now - datetime.timedelta(hours=1)
    states = {
        StatisticsUpload.State.WAITING: {},
        StatisticsUpload.State.CHECKING: {
            "started_at": now,
            "heartbeat_at": now,
            "rows_checked": 120,
            "rows_total": 400,
        },
        StatisticsUpload.State.SAVING: {"started_at": now, "heartbeat_at": now, "rows_checked": 400, "rows_total": 400},
        StatisticsUpload.State.FAILED: {"started_at": long_ago, "finished_at": long_ago, "error": "OperationalError"},
    }
    for state, fields in states.items():
        StatisticsUpload.objects.create(
            file_name=f"{state}.csv", size=1000, sha256="0" * 64, uploaded_by=planner, state=state, **fields
        )
    StatisticsUpload.objects.create(  # its worker died while checking it
        file_name="afbrudt.csv",
        size=1000,
        sha256="0" * 64,
        state="checking",
        started_at=long_ago,
        heartbeat_at=long_ago,
    )


def _meeting_packs(planner: User) -> None:
    """Two packs of the steering group, the later one with a change page to the earlier."""
    held = Meeting.objects.filter(status=Meeting.Status.HELD).order_by("-starts_at").first()
    prepare_meeting_pack(meeting=held, by=planner)
    planned = Meeting.objects.filter(group=held.group, status=Meeting.Status.PLANNED).order_by("starts_at").first()
    prepare_meeting_pack(meeting=planned, by=None)


def _recompute_runs() -> None:
    """A failed run, an interrupted one and one still running, beside the demo's successful runs."""
    now = timezone.now()
    RecomputeRun.objects.create(
        scope=RecomputeRun.Scope.FULL,
        state=RecomputeRun.State.FAILED,
        started_at=now - datetime.timedelta(days=2),
        finished_at=now - datetime.timedelta(days=2),
        error="OperationalError: the database went away",
    )
    RecomputeRun.objects.create(
        scope=RecomputeRun.Scope.FULL,
        state=RecomputeRun.State.FAILED,
        started_at=now - datetime.timedelta(days=1),
        finished_at=now - datetime.timedelta(days=1),
        error=RecomputeRun.INTERRUPTED,
    )
    RecomputeRun.objects.create(scope=RecomputeRun.Scope.FULL, state=RecomputeRun.State.RUNNING, started_at=now)


def _attachments(staff: User) -> None:
    """An image and a PDF on an activity of staff's own organisation."""
    organisations = Membership.objects.filter(user=staff).values_list("organisation", flat=True)
    activity = Activity.objects.filter(space__organisation__in=organisations).order_by("-on", "id").first()
    add_attachment(activity=activity, upload=SimpleUploadedFile("foto.png", png_bytes()), by=staff)
    add_attachment(activity=activity, upload=SimpleUploadedFile("referat.pdf", PDF_BYTES), by=staff)


def _steering(planner: User) -> None:
    """A cancelled meeting, a cancelled decision, action items in progress and cancelled, a deleted agenda item."""
    held = Meeting.objects.filter(status=Meeting.Status.HELD).order_by("-starts_at").first()
    save_meeting(
        meeting=Meeting(group=held.group),
        data={
            "starts_at": held.starts_at + datetime.timedelta(days=14),
            "location": "Bagsværd Bibliotek",
            "status": Meeting.Status.CANCELLED,
        },
        by=planner,
    )
    due = timezone.localtime(held.starts_at).date() + datetime.timedelta(days=30)
    decision = save_decision(
        decision=Decision(meeting=held),
        data={"text": "Eksempel: beslutningen blev annulleret.", "status": WorkStatus.CANCELLED, "due_on": due},
        by=planner,
    )
    for status in (WorkStatus.IN_PROGRESS, WorkStatus.CANCELLED):
        save_action_item(
            item=ActionItem(meeting=held),
            data={"text": f"Eksempel: opgave ({status}).", "decision": decision, "status": status, "due_on": due},
            by=planner,
        )
    item = save_agenda_item(item=_agenda_item(held), data={"title": "Eksempel: punkt der slettes"}, by=planner)
    delete_agenda_item(item=item, by=planner)


def _agenda_item(meeting):
    return meeting.agenda_items.model(meeting=meeting)


def _risks_and_projects(planner: User) -> None:
    """A closed risk, a dropped recommendation, and projects that are paused, completed and cancelled."""
    risk = Risk.objects.exclude(status=Risk.Status.CLOSED).order_by("id").first()
    save_risk(risk=risk, data={"status": Risk.Status.CLOSED}, by=planner)
    recommendation = Recommendation.objects.filter(status=Recommendation.Status.NOT_STARTED).order_by("id").first()
    save_recommendation(recommendation=recommendation, data={"status": Recommendation.Status.DROPPED}, by=planner)
    projects = Project.objects.order_by("id")
    for project, status in zip(
        projects, (Project.Status.PAUSED, Project.Status.DONE, Project.Status.CANCELLED), strict=False
    ):
        save_project(project=project, data={"status": status}, by=planner)


def _needs(planner: User) -> None:
    """A match turned into a space (the need and the offer are then matched), and a closed need or offer."""
    need, offer = suggested_matches(planner, limit=1)[0]
    create_space_from_match(
        need=need, offer=offer, data={"title": "Eksempel: rum fra et match", "kind": "social"}, by=planner
    )
    item = NeedOrOffer.objects.filter(status=NeedOrOffer.Status.OPEN).order_by("id").first()
    save_need_or_offer(item=item, data={"status": NeedOrOffer.Status.CLOSED}, by=planner)


def _api_keys(users: dict[str, User]) -> None:
    """API keys on the token pages: read-only, with an expiry, expired, used."""
    create_api_token(user=users["planlaegger"], name="Power BI, indikatorer", read_only=True)
    token, _key = create_api_token(user=users["planlaegger"], name="Script", expires_in_days=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    old, _key = create_api_token(user=users["gab"], name="Boligsystemet", expires_in_days=1)
    ApiToken.objects.filter(pk=old.pk).update(expiry=timezone.now() - datetime.timedelta(days=1))


def missing_kinds() -> list[str]:
    """The models of the domain apps without a row, and the states (choices of a status, stage or state field) no
    row is in: what the crawl would not see."""
    missing = []
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.objects.exists():
                missing.append(model._meta.label)
                continue
            for field in model._meta.concrete_fields:
                if field.name not in STATE_FIELDS or not field.choices:
                    continue
                present = set(model.objects.values_list(field.name, flat=True).distinct())
                missing += [
                    f"{model._meta.label}.{field.name}={value}"
                    for value, _label in field.choices
                    if value not in present
                ]
    return missing
