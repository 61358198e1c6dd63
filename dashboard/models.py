"""Meeting packs: what the dashboard showed when a meeting was prepared, frozen."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingPack(models.Model):
    """The figures, statuses, stages, risks and decisions of the dashboard at the moment a meeting was prepared,
    stored as values (never as references to rows that later change), so the pack reads later exactly as it was.
    A pack is never changed: a meeting prepared again gets a new pack beside the old one (none when nothing it holds
    has changed since the newest)."""

    meeting = models.ForeignKey(
        "partnership.Meeting", on_delete=models.PROTECT, related_name="packs", verbose_name=_("meeting")
    )
    prepared_at = models.DateTimeField(_("prepared"), default=timezone.now)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_by_name = models.CharField(_("prepared by"), max_length=300, blank=True)
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["-prepared_at", "-id"]
        verbose_name = _("meeting pack")
        verbose_name_plural = _("meeting packs")

    def __str__(self) -> str:
        return f"{self.meeting} ({self.prepared_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A meeting pack is never changed; prepare a new one.")
        super().save(*args, **kwargs)
