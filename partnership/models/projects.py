"""Municipal projects and core operations the strategy depends on, with milestones and the dependencies between
them (shown on the timeline)."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from base.models import CollaborationModel, Organisation

from .links import ElementLinks


class Project(ElementLinks):
    class Kind(models.TextChoices):
        MUNICIPAL_PROJECT = "municipal_project", _("Municipal project")
        CORE_OPERATION = "core_operation", _("Core operation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Completed")
        CANCELLED = "cancelled", pgettext_lazy("project status", "Cancelled")

    plan = models.ForeignKey("strategy.StrategyPlan", on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MUNICIPAL_PROJECT)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("responsible organisation"),
    )
    collaboration_model = models.ForeignKey(
        CollaborationModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("collaboration model"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    is_example = models.BooleanField(
        _("example dates"),
        default=False,
        help_text=_("Dates, milestones and status are example values in the demo data, not the project's plan."),
    )

    class Meta:
        ordering = ["starts_on", "name", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """Not reached by its due date (still open after it, or reached after it)."""
        if self.done_on is not None:
            return self.done_on > self.due_on
        return self.due_on < timezone.localdate()


class ProjectDependency(models.Model):
    """``project`` depends on ``depends_on``: either it is blocked until that one is done, or it simply follows
    after it. Either way the pair is an edge in one directed graph, which must have no cycles."""

    class Kind(models.TextChoices):
        BLOCKS = "blocks", _("is blocked by")
        FOLLOWS = "follows", _("follows after")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="dependencies")
    depends_on = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="dependents", verbose_name=_("depends on")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BLOCKS)

    class Meta:
        ordering = ["project_id", "depends_on_id"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["project", "depends_on"], name="dependency_unique"),
            models.CheckConstraint(condition=~Q(project=F("depends_on")), name="dependency_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()} {self.depends_on}"
