"""Organisations, people's roles in them, and the history of changes.

The foundation keeps this minimal: who belongs to which organisation in which
role, and one change record per create/update/delete of any audited object.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class User(AbstractUser):
    """The project's own user model, so that profile fields can be added without a swap later."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        HOUSING_ASSOCIATION = "housing_association", _("Housing association")
        ADMINISTRATOR = "administrator", _("Housing administrator")
        RESIDENTS_BOARD = "residents_board", _("Residents' board")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class CollaborationModel(models.Model):
    """A way the housing organisations take part in a project or an opportunity space (the strategy's "four
    models": e.g. owner and driver, partner, host, supporter). A list administrators maintain."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("collaboration model")
        verbose_name_plural = _("collaboration models")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PLANNER = "planner", _("Planner")
    STEERING_MEMBER = "steering_member", _("Steering group member")
    HOUSING_STAFF = "housing_staff", _("Housing staff")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    """A user's role in an organisation. Housing staff act for their organisation only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class ChangeRecord(models.Model):
    """One create, update or delete of an audited object: who, when, and each field's old and new value.

    ``changes`` is a list of ``{"field": name, "old": value, "new": value}`` with JSON values (text, numbers,
    booleans, lists of names for many-to-many links); labels are looked up at display time so they follow
    the reader's language.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of object"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    # The strategy plan the object belongs to, so a plan's whole history can be listed (also after deletes).
    plan = models.ForeignKey(
        "strategy.StrategyPlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_records",
        verbose_name=_("plan"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as text too, so the record still says who it was if the account is deleted.
    actor_name = models.CharField(_("changed by"), max_length=300)
    at = models.DateTimeField(_("time"), default=timezone.now)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="change_object_idx"),
            models.Index(fields=["plan", "-at"], name="change_plan_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["create", "update", "delete"]),
                name="change_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} {self.object_repr} "
            f"({self.actor_name}, {timezone.localtime(self.at):%Y-%m-%d %H:%M})"  # the time the reader's clock shows
        )


class ApiToken(AbstractAuthToken):
    """A key to the REST API, acting as its user with the user's rights (or only reading, ``read_only``).

    Only a SHA-512 digest of the key is stored (with its first characters, to find it): the key itself is shown once,
    when it is made, and cannot be read back. Several per user, each with a name, an optional expiry and the time it
    was last used; revoking deletes it.
    """

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    read_only = models.BooleanField(_("read only"), default=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry < timezone.now()


class AuthEvent(models.Model):
    """One login, logout, failed login, lockout or password change (OWASP ASVS 7.2): who, when, from which
    address. Written by ``base.auth_log`` from Django's and django-axes' signals; never a password. Administrators
    read them in /admin/; nobody edits them."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        SESSION_IDLE = "session_idle", _("Session ended: idle")
        SESSION_MAX = "session_max", _("Session ended: too long")
        FAILED = "failed", _("Login failed")
        LOCKED_OUT = "locked_out", _("Locked out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    # The user name as given (a failed login's may name no account), so the event is still read if one is deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    # Who did it, when not the user: an administrator setting someone's password.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        indexes = [models.Index(fields=["username", "-at"], name="auth_event_username_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} ({self.at:%Y-%m-%d %H:%M})"
