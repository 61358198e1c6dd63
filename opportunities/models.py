"""Opportunity spaces (mulighedsrum), their activity log with aggregated attendance, the meeting-place index
computed from it, and the needs and offers organisations register ("Behov + Behov = Løsning").

Attendance is stored as counts per group of a dimension (age band, gender, …), never as persons. The groups of
each dimension are fixed in ``DIMENSIONS`` so that the meeting-place index compares like with like over time.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from base.models import CollaborationModel, Organisation
from strategy.models import MainMove, Move, OpeningMove, Perspective, Principle, StrategyPlan, Target

# --- Attendance dimensions ----------------------------------------------------------------------------------

# dimension code -> (label, ((group code, label), …)). Age, culture, social status (work and education) and gender
# are the definition's own ("across age, culture, social status and gender"); where people live is recorded and
# indexed too. Cultural background and work/education are optional: staff often cannot know them.
DIMENSIONS: dict[str, tuple] = {
    "age": (
        _("Age"),
        (
            ("0_12", _("0–12 years")),
            ("13_17", _("13–17 years")),
            ("18_29", _("18–29 years")),
            ("30_49", _("30–49 years")),
            ("50_64", _("50–64 years")),
            ("65_plus", _("65 years and over")),
        ),
    ),
    "gender": (
        _("Gender"),
        (
            ("women", _("Women and girls")),
            ("men", _("Men and boys")),
            ("other", _("Another gender")),
        ),
    ),
    "residence": (
        _("Where they live"),
        (
            ("estate", _("In the housing area")),
            ("neighbourhood", _("Elsewhere in Bagsværd")),
            ("municipality", _("Elsewhere in the municipality")),
            ("outside", _("Outside the municipality")),
        ),
    ),
    "culture": (
        _("Cultural background"),
        (
            ("danish", _("Danish origin")),
            ("western", _("Western background")),
            ("non_western", _("Non-western background")),
        ),
    ),
    "occupation": (
        _("Work and education"),
        (
            ("working", _("In work")),
            ("studying", _("In education or school")),
            ("outside", _("Outside work and education")),
            ("retired", _("Retired")),
        ),
    ),
}
DIMENSION_CHOICES = [(code, label) for code, (label, _groups) in DIMENSIONS.items()]
OPTIONAL_DIMENSIONS = frozenset({"culture", "occupation"})
MAX_ATTENDANCE = 5000  # people at one activity: more is a typing error, not a festival in Værebro Park


class Stage(models.TextChoices):
    IDEA = "idea", pgettext_lazy("stage", "Idea")
    CLARIFICATION = "clarification", pgettext_lazy("stage", "Clarification")
    PILOT = "pilot", pgettext_lazy("stage", "1:1 trial")
    OPERATING = "operating", pgettext_lazy("stage", "In operation")
    ANCHORED = "anchored", pgettext_lazy("stage", "Anchored")
    STOPPED = "stopped", pgettext_lazy("stage", "Stopped")


# The stages a space may move to from each stage: one step on, one step back, or stopped; a stopped space may be
# taken up again as an idea. Anything else (skipping a stage) is refused.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IDEA: frozenset({Stage.CLARIFICATION, Stage.STOPPED}),
    Stage.CLARIFICATION: frozenset({Stage.IDEA, Stage.PILOT, Stage.STOPPED}),
    Stage.PILOT: frozenset({Stage.CLARIFICATION, Stage.OPERATING, Stage.STOPPED}),
    Stage.OPERATING: frozenset({Stage.PILOT, Stage.ANCHORED, Stage.STOPPED}),
    Stage.ANCHORED: frozenset({Stage.OPERATING, Stage.STOPPED}),
    Stage.STOPPED: frozenset({Stage.IDEA}),
}


class OpportunitySpace(models.Model):
    """A mulighedsrum: an activity, offer or place that may grow into a social meeting place."""

    PLAN_PATH = "plan"  # how to get to its strategy plan (see strategy's elements)

    class Kind(models.TextChoices):
        SOCIAL = "social", _("Social")
        ORGANISATIONAL = "organisational", _("Organisational")
        PHYSICAL = "physical", _("Physical")

    class Confidence(models.IntegerChoices):
        VERY_UNSURE = 1, _("Very unsure")
        UNSURE = 2, _("Unsure")
        NEUTRAL = 3, _("Neither sure nor unsure")
        SURE = 4, _("Fairly sure")
        VERY_SURE = 5, _("Very sure")

    plan = models.ForeignKey(StrategyPlan, on_delete=models.PROTECT, related_name="opportunity_spaces")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    stage_since = models.DateField(_("in this stage since"), default=timezone.localdate)
    stopped_reason = models.TextField(_("reason for stopping"), max_length=2000, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="opportunity_spaces", verbose_name=_("owner")
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_in_spaces", verbose_name=_("partners")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    principles = models.ManyToManyField(Principle, blank=True, related_name="opportunity_spaces")
    moves = models.ManyToManyField(Move, blank=True, related_name="opportunity_spaces", verbose_name=_("moves"))
    targets = models.ManyToManyField(Target, blank=True, related_name="opportunity_spaces", verbose_name=_("targets"))
    main_move = models.ForeignKey(
        MainMove, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("main move")
    )
    opening_move = models.ForeignKey(
        OpeningMove,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunity_spaces",
        verbose_name=_("opening move"),
    )
    perspectives = models.ManyToManyField(Perspective, blank=True, related_name="+", verbose_name=_("perspectives"))
    collaboration_model = models.ForeignKey(
        CollaborationModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunity_spaces",
        verbose_name=_("collaboration model"),
    )
    # How sure the owner is that the space will succeed: an opinion, kept apart from the stage it has reached.
    confidence = models.PositiveSmallIntegerField(_("confidence"), choices=Confidence.choices, null=True, blank=True)
    # The need and offer a planner turned into this space, if any.
    from_need = models.ForeignKey(
        "NeedOrOffer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("need")
    )
    from_offer = models.ForeignKey(
        "NeedOrOffer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("offer")
    )
    is_example = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set by the services whenever the space, its stage or its activity log changes: what "stale" is judged on.
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("opportunity space")
        verbose_name_plural = _("opportunity spaces")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="space_coordinates_both_or_none",
            ),
            models.CheckConstraint(
                condition=~Q(stage="stopped") | ~Q(stopped_reason=""), name="space_stopped_has_reason"
            ),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="space_stage_valid"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=1, confidence__lte=5),
                name="space_confidence_range",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "stage"], name="space_org_stage_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class StageChange(models.Model):
    """A space's move from one stage to another: when, by whom, and why (always for "stopped")."""

    space = models.ForeignKey(OpportunitySpace, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(_("by"), max_length=300)
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["space", "-on", "-id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.space_id}: {self.from_stage} → {self.to_stage} ({self.on})"


class Activity(models.Model):
    """One entry of a space's activity log: what happened, and how many came (counts only, never names)."""

    space = models.ForeignKey(OpportunitySpace, on_delete=models.CASCADE, related_name="activities")
    on = models.DateField(_("date"))
    title = models.CharField(_("what happened"), max_length=200)
    note = models.TextField(_("note"), max_length=4000, blank=True)
    # Everyone who came; each dimension's groups add up to at most this (the rest were not recorded).
    participants = models.PositiveIntegerField(
        _("participants"), default=0, validators=[MaxValueValidator(MAX_ATTENDANCE)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["space", "-on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["space", "on"], name="activity_space_on_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(participants__lte=MAX_ATTENDANCE), name="activity_participants_max"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%d.%m.%Y} {self.title}"


class AttendanceCount(models.Model):
    """How many of an activity's participants were in one group of one dimension."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    dimension = models.CharField(_("dimension"), max_length=20, choices=DIMENSION_CHOICES)
    group = models.CharField(_("group"), max_length=20)
    count = models.PositiveIntegerField(_("count"), validators=[MaxValueValidator(MAX_ATTENDANCE)])

    class Meta:
        ordering = ["activity", "dimension", "group"]
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        constraints = [
            models.UniqueConstraint(fields=["activity", "dimension", "group"], name="attendance_unique"),
            models.CheckConstraint(
                condition=Q(count__gte=0) & Q(count__lte=MAX_ATTENDANCE), name="attendance_count_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.group}={self.count}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is not the uploaded one (which may hold anything); the original is kept in the row.
    return f"activities/{instance.activity_id}/{instance.token}{instance.extension}"


class Attachment(models.Model):
    """An image or PDF attached to an activity. Stored outside the web root; served only through a view that
    checks the reader may see the space."""

    class Type(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40, choices=Type.choices)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["activity", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(self.content_type, "")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# --- The meeting-place index -------------------------------------------------------------------------------


class MeetingPlaceRule(models.Model):
    """When a space counts as a social meeting place. One row (administrators edit it in the admin); the index
    job reads it, so a change takes effect at the next run."""

    window_months = models.PositiveSmallIntegerField(
        _("months counted"), default=12, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    threshold = models.DecimalField(
        _("diversity needed in a dimension"),
        max_digits=4,
        decimal_places=3,
        default="0.600",
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    dimensions_needed = models.PositiveSmallIntegerField(
        _("dimensions that must reach it"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    min_attendance = models.PositiveIntegerField(_("minimum attendance in the period"), default=50)

    class Meta:
        verbose_name = _("meeting-place rule")
        verbose_name_plural = _("meeting-place rules")
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=0) & Q(threshold__lte=1), name="rule_threshold_range"),
            models.CheckConstraint(
                condition=Q(dimensions_needed__gte=1) & Q(dimensions_needed__lte=len(DIMENSIONS)),
                name="rule_dimensions_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Meeting-place rule"))


class MeetingPlaceScore(models.Model):
    """A space's meeting-place index for the window ending at ``month_end`` (the last day of a month)."""

    space = models.ForeignKey(OpportunitySpace, on_delete=models.CASCADE, related_name="scores")
    month_end = models.DateField(_("period ending"))
    attendance = models.PositiveIntegerField(_("attendance"))
    activities = models.PositiveIntegerField(_("activities"))
    # dimension code -> evenness 0–1 as a decimal string, or null when nothing was recorded in that dimension.
    dimensions = models.JSONField(_("diversity per dimension"), default=dict)
    index = models.DecimalField(_("index"), max_digits=4, decimal_places=3, null=True, blank=True)
    qualifies = models.BooleanField(_("social meeting place"))
    # Why (not): a list of {"code": …, …} the page turns into sentences in the reader's language.
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        ordering = ["space", "month_end"]
        verbose_name = _("meeting-place score")
        verbose_name_plural = _("meeting-place scores")
        constraints = [
            models.UniqueConstraint(fields=["space", "month_end"], name="score_unique"),
            models.CheckConstraint(
                condition=Q(index__isnull=True) | (Q(index__gte=0) & Q(index__lte=1)), name="score_index_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space_id} {self.month_end}: {self.index}"


# --- Needs and offers ---------------------------------------------------------------------------------------


class NeedOrOffer(models.Model):
    """Something an organisation needs or can offer (premises, mentors, trainee places …)."""

    class Type(models.TextChoices):
        NEED = "need", _("Need")
        OFFER = "offer", _("Offer")

    class Category(models.TextChoices):
        PREMISES = "premises", _("Premises")
        MENTORS = "mentors", _("Mentors")
        TRAINEE_PLACES = "trainee_places", _("Trainee and job places")
        VOLUNTEERS = "volunteers", _("Volunteers")
        FUNDING = "funding", _("Funding")
        EQUIPMENT = "equipment", _("Equipment")
        KNOWLEDGE = "knowledge", _("Knowledge and advice")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(StrategyPlan, on_delete=models.PROTECT, related_name="needs_and_offers")
    type = models.CharField(_("need or offer"), max_length=10, choices=Type.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="needs_and_offers", verbose_name=_("organisation")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    is_example = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        constraints = [
            models.CheckConstraint(condition=Q(type__in=["need", "offer"]), name="needoffer_type_valid"),
        ]
        indexes = [models.Index(fields=["status", "category", "type"], name="needoffer_match_idx")]

    def __str__(self) -> str:
        return self.title


__all__ = [
    "ALLOWED_TRANSITIONS",
    "DIMENSIONS",
    "MAX_ATTENDANCE",
    "Activity",
    "Attachment",
    "AttendanceCount",
    "MeetingPlaceRule",
    "MeetingPlaceScore",
    "NeedOrOffer",
    "OpportunitySpace",
    "Stage",
    "StageChange",
]
