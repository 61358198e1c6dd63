"""Obstacles (a risk register) and potentials, scored by likelihood and impact; and the recommendations, tracked
to done with evidence of progress."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .links import ElementLinks
from .partnership import Person

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

# The score's (likelihood × impact) bands, highest first: 15 or more high, 6 to 14 medium, below 6 low (the heat
# maps' colours; a high obstacle is a concern in the one-page report).
SCORE_BANDS = ((15, "high"), (6, "medium"), (0, "low"))
HIGH_SCORE = SCORE_BANDS[0][0]

# A risk or potential not reviewed for this long is marked on the register (about three months).
REVIEW_INTERVAL = datetime.timedelta(days=91)


class Risk(ElementLinks):
    """An obstacle to the strategy or a potential for it, with what is done about it."""

    class Kind(models.TextChoices):
        OBSTACLE = "obstacle", _("Obstacle")
        POTENTIAL = "potential", _("Potential")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIVE = "active", _("Being acted on")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey("strategy.StrategyPlan", on_delete=models.PROTECT, related_name="risks")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=SCORE_VALIDATORS)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=SCORE_VALIDATORS)
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks_owned",
        verbose_name=_("responsible"),
    )
    mitigation = models.TextField(
        _("response"),
        max_length=4000,
        blank=True,
        help_text=_("For an obstacle: how it is reduced. For a potential: how it is seized."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example scores"),
        default=False,
        help_text=_("Likelihood, impact and owner are example values in the demo data, not an assessment."),
    )

    class Meta:
        ordering = ["kind", "-likelihood", "-impact", "title"]
        verbose_name = _("risk or potential")
        verbose_name_plural = _("risks and potentials")
        constraints = [
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_range"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_range"),
            models.CheckConstraint(condition=Q(kind__in=["obstacle", "potential"]), name="risk_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return (self.likelihood or 0) * (self.impact or 0)

    @property
    def needs_review(self) -> bool:
        """Open or acted-on items not reviewed for three months (or never) are marked."""
        if self.status == self.Status.CLOSED:
            return False
        return self.reviewed_on is None or self.reviewed_on < timezone.localdate() - REVIEW_INTERVAL


class Recommendation(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey("strategy.StrategyPlan", on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("recommendation"), max_length=500)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_owned",
        verbose_name=_("responsible"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    is_example = models.BooleanField(
        _("example owner and status"),
        default=False,
        help_text=_("Who is responsible and how far it has come are example values in the demo data."),
    )

    class Meta:
        ordering = ["number", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="recommendation_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ProgressNote(models.Model):
    """Evidence of progress on a recommendation: what happened, when, and where to see it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="progress_notes")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=4000)
    link = models.URLField(_("link"), blank=True, help_text=_("Minutes, a report or a page that shows it."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"
