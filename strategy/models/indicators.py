"""Indicators computed from the statistics: the official criteria (versioned rule sets) and the targets' own
indicators. Rule sets are data (administrators edit thresholds); the results are written by background jobs.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .plan import Area, Target
from .statistics import CODE_VALIDATOR, StatisticsImport, localized_name

# A rule set's code names it in the API's filters and answers: the shipped ones are the years their law took effect
# ("2010" … "2021"), so a code may start with a digit, and the next law's rule set can be named the same way.
RULE_SET_CODE_VALIDATOR = RegexValidator(r"^[a-z0-9][a-z0-9_]*$", _("Use lower-case letters, digits and _ only."))


class RuleSet(models.Model):
    """The criteria of almenboligloven §§ 61 a/61 b for a range of list years (changed 2010, 2013, 2018, 2021).

    ``scheme`` names how the criteria groups combine into categories (the law's structure in that period);
    the thresholds, comparisons and averaging windows are rows of ``RuleCriterion``.
    """

    class Scheme(models.TextChoices):
        GHETTO_2010 = "ghetto_2010", _("Ghetto list 2010–2012: 2 of 3 criteria")
        GHETTO_2013 = "ghetto_2013", _("Ghetto list 2013–2017: 3 of 5 criteria")
        UDSAT_2018 = "udsat_2018", _("2018–2020: vulnerable area, ghetto and hard ghetto")
        UDSAT_2021 = "udsat_2021", _("2021 on: vulnerable area, parallel society, transformation and prevention area")

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[RULE_SET_CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    scheme = models.CharField(_("scheme"), max_length=20, choices=Scheme.choices)
    first_list_year = models.PositiveSmallIntegerField(_("first list year"))
    last_list_year = models.PositiveSmallIntegerField(_("last list year"), null=True, blank=True)
    min_residents = models.PositiveIntegerField(_("minimum residents"), default=1000)
    # A hard ghetto / transformation area is on the list in each of this many list years up to this one.
    streak_years = models.PositiveSmallIntegerField(_("years in a row for the strictest category"), default=5)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        ordering = ["first_list_year"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_list_year__isnull=True) | Q(last_list_year__gte=F("first_list_year")),
                name="ruleset_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RuleCriterion(models.Model):
    """One criterion of a rule set: how the value is measured, its threshold and the law's comparison."""

    class Group(models.TextChoices):
        GHETTO = "ghetto", _("ghetto criteria")
        UDSAT = "udsat", _("vulnerable-area criteria (§ 61 a)")
        NON_WESTERN = "non_western", _("non-western share (§ 61 a)")
        PREVENTION = "prevention", _("prevention-area criteria (§ 61 b)")
        PREVENTION_NON_WESTERN = "prevention_non_western", _("non-western share (§ 61 b)")

    class Code(models.TextChoices):
        OUTSIDE_WORK_EDUCATION = "outside_work_education", _("Outside work and education, 18–64")
        CONVICTED = "convicted", _("Convicted, 18 and over")
        BASIC_EDUCATION = "basic_education", _("Only basic education, 30–59")
        INCOME = "income", _("Gross income, 15–64, of the region's")
        NON_WESTERN = "non_western", _("Non-western immigrants and descendants")

    class Measure(models.TextChoices):
        PERCENT_OUTSIDE_WORK_EDUCATION = "pct_outside_work_education", _("% of residents 18–64")
        PERCENT_CONVICTED = "pct_convicted", _("% of residents 18 and over")
        RATIO_CONVICTED_NATIONAL = "ratio_convicted_national", _("times the national share")
        PERCENT_BASIC_ONLY = "pct_basic_only", _("% of residents 30–59 (only basic education)")
        PERCENT_BASIC_OR_UNKNOWN = "pct_basic_or_unknown", _("% of residents 30–59 (basic or unknown education)")
        PERCENT_INCOME_REGION = "pct_income_region", _("% of the region's average")
        PERCENT_NON_WESTERN = "pct_non_western", _("% of residents")

    class Comparison(models.TextChoices):
        # The law's words: "overstiger" is >, "mindst" is >=, "mindre end" is <.
        GREATER = "gt", _("over (overstiger)")
        AT_LEAST = "gte", _("at least (mindst)")
        LESS = "lt", _("less than (mindre end)")

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("group"), max_length=30, choices=Group.choices)
    code = models.CharField(_("criterion"), max_length=30, choices=Code.choices)
    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    comparison = models.CharField(_("comparison"), max_length=3, choices=Comparison.choices)
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=4)
    years_averaged = models.PositiveSmallIntegerField(_("years averaged"), default=1)
    # How many criteria of this group must be met for the group to be met (the same on every row of a group).
    group_minimum = models.PositiveSmallIntegerField(_("criteria needed in the group"), default=1)

    class Meta:
        ordering = ["rule_set", "group", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "group", "code"], name="rulecriterion_unique"),
            models.CheckConstraint(
                condition=Q(years_averaged__gte=1) & Q(years_averaged__lte=10), name="rulecriterion_years"
            ),
            models.CheckConstraint(condition=Q(comparison__in=["gt", "gte", "lt"]), name="rulecriterion_comparison"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.code}/{self.group}/{self.code}"


class RecomputeRun(models.Model):
    """One run of the recompute job: when, what it did, and how it ended."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    class Scope(models.TextChoices):
        FULL = "full", _("everything")
        INCREMENTAL = "incremental", _("after an import")

    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    trigger = models.ForeignKey(
        StatisticsImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="recomputes"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The process running it says it is alive every RECOMPUTE_HEARTBEAT_SECONDS; a running run silent for longer
    # than ``RecomputeRun.silent_after()`` lost its process (a worker killed, a machine gone).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # The Celery job that runs it: when the job is handed out again, its earlier attempt is known to be dead.
    task_id = models.CharField(_("job"), max_length=255, blank=True)
    areas = models.PositiveIntegerField(_("areas"), default=0)
    # How far a running run has come: housing areas judged of those in its scope (recorded with its heartbeat).
    areas_done = models.PositiveIntegerField(_("areas judged"), default=0)
    areas_total = models.PositiveIntegerField(_("areas to judge"), default=0)
    classifications_written = models.PositiveIntegerField(_("classifications written"), default=0)
    indicator_values_written = models.PositiveIntegerField(_("indicator values written"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            # The newest finished run, asked on every revalidation of the API's statistics (strategy/api.py).
            models.Index(
                F("finished_at").desc(),
                F("id").desc(),
                name="recompute_run_finished_idx",
                condition=Q(finished_at__isnull=False),
            ),
        ]
        verbose_name = _("recompute run")
        verbose_name_plural = _("recompute runs")

    # Stored in ``error`` for a run whose worker was lost; shown in the reader's language (``error_display``).
    INTERRUPTED = "interrupted"

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.started_at:%Y-%m-%d %H:%M} ({self.get_state_display()})"

    @staticmethod
    def silent_after() -> timedelta:
        """How long a running run may go without a sign of life before it counts as interrupted."""
        return timedelta(seconds=4 * settings.RECOMPUTE_HEARTBEAT_SECONDS)

    def last_sign_of_life(self):
        return self.heartbeat_at or self.started_at

    @property
    def is_interrupted(self) -> bool:
        """Recorded as interrupted, or still "running" without a sign of life for too long: its process is gone
        even if no job has noticed yet (``close_interrupted_runs`` records it)."""
        if self.state == self.State.FAILED:
            return self.error == self.INTERRUPTED
        return self.state == self.State.RUNNING and self.last_sign_of_life() < timezone.now() - self.silent_after()

    @property
    def is_running(self) -> bool:
        """Running, and its process still alive."""
        return self.state == self.State.RUNNING and not self.is_interrupted

    @property
    def state_display(self) -> str:
        return str(_("interrupted")) if self.is_interrupted else self.get_state_display()

    @property
    def error_display(self) -> str:
        if self.is_interrupted:
            return str(
                _(
                    "Interrupted: the process running it stopped before the run finished, so it stored nothing. A job "
                    "handed out again is listed as a new run; the nightly run recomputes everything."
                )
            )
        return self.error


class Classification(models.Model):
    """A housing area's verdict for one list year under that year's rule set."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="classifications")
    list_year = models.PositiveSmallIntegerField(_("list year"))
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="classifications")
    residents = models.DecimalField(_("residents"), max_digits=20, decimal_places=6, null=True, blank=True)
    # None: the number of residents is unknown.
    eligible = models.BooleanField(_("eligible"), null=True)
    # Category codes met, and those that unknown data could still make met.
    categories = models.JSONField(_("categories"), default=list)
    undetermined = models.JSONField(_("undetermined categories"), default=list)
    run = models.ForeignKey(RecomputeRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["area", "list_year"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(fields=["area", "list_year"], name="classification_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.list_year}: {', '.join(self.categories) or '-'}"


class CriterionResult(models.Model):
    """One criterion's value for one classification: value, threshold and whether it is met (None: unknown)."""

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("group"), max_length=30, choices=RuleCriterion.Group.choices)
    code = models.CharField(_("criterion"), max_length=30, choices=RuleCriterion.Code.choices)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=8, null=True, blank=True)
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=4)
    comparison = models.CharField(_("comparison"), max_length=3, choices=RuleCriterion.Comparison.choices)
    met = models.BooleanField(_("met"), null=True)
    # Derived from a count of 1–4 persons: shown and exported as suppressed, never as a number.
    suppressed = models.BooleanField(_("suppressed"), default=False)

    class Meta:
        ordering = ["classification", "group", "code"]
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        constraints = [
            models.UniqueConstraint(fields=["classification", "group", "code"], name="criterionresult_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group}/{self.code}={self.value}"

    @property
    def distance(self):
        """How far the value lies from the threshold (positive: above it)."""
        return None if self.value is None else self.value - self.threshold


class IndicatorDefinition(models.Model):
    """A target's own indicator: a formula over variables, with a baseline, a target value and a deadline."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("higher is better")
        LOWER_IS_BETTER = "lower", _("lower is better")

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[CODE_VALIDATOR])
    name_da = models.CharField(_("Danish name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    formula = models.TextField(_("formula"), max_length=1000)
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators", verbose_name=_("target")
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("measured in")
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=20, decimal_places=6, null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=6, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        """The name in the reader's language."""
        return localized_name(self)


class IndicatorValue(models.Model):
    """An indicator's computed value for one area and year."""

    definition = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicator_values")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=8, null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    run = models.ForeignKey(RecomputeRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["definition", "area", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["definition", "area", "year"], name="indicatorvalue_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.definition_id}/{self.area_id}/{self.year}={self.value}"
