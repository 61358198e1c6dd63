"""The steering group: its members, meetings (agenda, minutes), the decisions it takes and the action items that
follow."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .links import ElementLinks
from .partnership import Person


class SteeringGroup(models.Model):
    plan = models.ForeignKey("strategy.StrategyPlan", on_delete=models.PROTECT, related_name="steering_groups")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    members = models.ManyToManyField(
        Person, through="SteeringGroupMember", related_name="steering_groups", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")

    def __str__(self) -> str:
        return self.name


class SteeringGroupMember(models.Model):
    class Function(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="steering_memberships")
    function = models.CharField(_("function"), max_length=20, choices=Function.choices, default=Function.MEMBER)

    class Meta:
        ordering = ["function", "person__name"]
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group members")
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="steering_member_unique")]

    def __str__(self) -> str:
        return f"{self.person.name} – {self.get_function_display()} ({self.group.name})"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")

    group = models.ForeignKey(
        SteeringGroup, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("steering group")
    )
    starts_at = models.DateTimeField(_("time"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["group", "starts_at"], name="meeting_group_time_idx")]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%d.%m.%Y") if self.starts_at else "?"
        return _("Meeting %(date)s") % {"date": when}


class AgendaItem(ElementLinks):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("item number"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class WorkStatus(models.TextChoices):
    """Where a decision or an action item stands."""

    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Carried out")
    CANCELLED = "cancelled", pgettext_lazy("decision status", "Cancelled")


# Decisions and action items with these statuses count as overdue once their due date has passed.
UNFINISHED = (WorkStatus.OPEN, WorkStatus.IN_PROGRESS)


class Decision(ElementLinks):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("decision"), max_length=4000)
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_owned",
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.OPEN)
    done_on = models.DateField(_("carried out on"), null=True, blank=True)

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["status", "due_on"], name="decision_status_due_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False), name="decision_done_dated"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def is_overdue(self) -> bool:
        return self.status in UNFINISHED and self.due_on is not None and self.due_on < timezone.localdate()


class ActionItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("meeting")
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("decision"),
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items_owned",
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.OPEN)
    done_on = models.DateField(_("carried out on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False), name="action_done_dated"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_overdue(self) -> bool:
        return self.status in UNFINISHED and self.due_on is not None and self.due_on < timezone.localdate()
