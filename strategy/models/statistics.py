"""Imported area statistics: a data dictionary of variables and yearly observations per area.

Statistics arrive in long format (area, year, variable, value). Every observation remembers the import that
last changed it; indicators are computed from these rows by background jobs and never typed in by hand.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .plan import Area

CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use lower-case letters, digits and _ only, starting with a letter.")
)

# Years accepted in statistics: the criteria go back to 2010 (needing data from 2006); nothing from the future.
FIRST_YEAR = 1990


class Variable(models.Model):
    """One statistic in the data dictionary, e.g. ``residents_18_64``."""

    class Unit(models.TextChoices):
        PERSONS = "persons", _("persons")
        FULL_TIME_PERSONS = "full_time_persons", _("full-time persons")
        DKK = "dkk", _("DKK")
        NUMBER = "number", _("number")

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[CODE_VALIDATOR])
    name_da = models.CharField(_("Danish name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # Counts of persons: never negative, and 1–4 persons are suppressed wherever shown (statistical discretion).
    is_person_count = models.BooleanField(_("count of persons"), default=True)
    is_builtin = models.BooleanField(_("shipped with the app"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("variable")
        verbose_name_plural = _("variables")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        """The name in the reader's language."""
        return localized_name(self)


def localized_name(obj) -> str:
    """``obj.name_en`` for a reader in English (when it has one), else ``obj.name_da``: the names of variables and
    indicators, which are data in two languages rather than translated strings."""
    return obj.name_en if get_language() == "en" and obj.name_en else obj.name_da


class StatisticsImport(models.Model):
    """One successful import of a statistics file (failed imports store nothing)."""

    class FileFormat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Layout(models.TextChoices):
        LONG = "long", _("long (area, year, variable, value)")
        WIDE = "wide", _("wide (area, year, one column per variable)")

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("checksum"), max_length=64)
    file_format = models.CharField(_("format"), max_length=10, choices=FileFormat.choices)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    values_in_file = models.PositiveIntegerField(_("values in the file"), default=0)
    values_created = models.PositiveIntegerField(_("new values"), default=0)
    values_updated = models.PositiveIntegerField(_("changed values"), default=0)
    values_unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)
    # Synthetic example figures (the demo): every page and export that shows them says so.
    is_example = models.BooleanField(_("synthetic example figures"), default=False)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class Observation(models.Model):
    """The value of one variable for one area in one year."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField(_("year"))
    variable = models.ForeignKey(Variable, on_delete=models.PROTECT, related_name="observations")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.ForeignKey(StatisticsImport, on_delete=models.PROTECT, related_name="observations")

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "variable"], name="observation_unique_key"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=2200), name="observation_year"),
        ]
        indexes = [models.Index(fields=["variable", "year"], name="observation_variable_year")]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.year}/{self.variable_id}={self.value}"


def upload_path(instance: "StatisticsUpload", filename: str) -> str:
    # The stored name is not the uploaded one (which may hold anything); the original is kept in the row.
    return f"statistics/{uuid.uuid4().hex}"


class StatisticsUpload(models.Model):
    """A statistics file uploaded in the browser, imported by a background job.

    A national file takes longer to check and store than a web request may last, so the request only stores the
    file; the job checks it and imports it all-or-nothing (``services.statistics.import_statistics``), recording
    how far it has come, and then the outcome: the import it made, or the problems it found. The stored file is
    removed once the job is done with it; the checksum stays."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting for the background job")
        CHECKING = "checking", _("checking the file")
        SAVING = "saving", _("saving the values")
        IMPORTED = "imported", _("imported")
        REJECTED = "rejected", _("not imported: the file has problems")
        FAILED = "failed", _("failed")

    FINAL_STATES = (State.IMPORTED, State.REJECTED, State.FAILED)

    file = models.FileField(upload_to=upload_path, max_length=300, blank=True)
    file_name = models.CharField(_("file"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # The problems are worded in the language of the one who uploaded the file.
    language = models.CharField(_("language"), max_length=10, default="da")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.WAITING)
    task_id = models.CharField(_("job"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    # The outcome: the import it made (none when every value equalled the stored one) and its counts ...
    statistics_import = models.OneToOneField(
        StatisticsImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload"
    )
    values_in_file = models.PositiveIntegerField(_("values in the file"), default=0)
    values_created = models.PositiveIntegerField(_("new values"), default=0)
    values_updated = models.PositiveIntegerField(_("changed values"), default=0)
    values_unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)
    # ... or the problems: the first ``MAX_PROBLEMS`` as {"row", "column", "message"}, and how many in all.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_total = models.PositiveIntegerField(_("problems found"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("statistics upload")
        verbose_name_plural = _("statistics uploads")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M}, {self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINAL_STATES

    @property
    def is_interrupted(self) -> bool:
        """Being worked on, but its job has given no sign of life for too long (a worker killed); the job is
        handed out again by the broker and starts over, as nothing of a half-done import is stored."""
        if self.state not in (self.State.CHECKING, self.State.SAVING):
            return False
        last = self.heartbeat_at or self.started_at
        return last is not None and last < timezone.now() - timedelta(seconds=4 * settings.RECOMPUTE_HEARTBEAT_SECONDS)
