"""The partnership's people and the rules of play (who is responsible for, approves, is consulted on or informed
about each strategy element and opportunity space: a RACI matrix)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.models import Organisation


class Person(models.Model):
    """Someone who takes part in the partnership, with a role (title) in an organisation.

    Not every person has a login (a politician in the steering group may never open the app); ``user`` ties the
    person to an account when there is one, which is how a steering-group member is recognised as such.
    """

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )
    title = models.CharField(_("role in the organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("user account"),
    )
    is_example = models.BooleanField(
        _("example person"), default=False, help_text=_("A made-up person in the demo data, not a real one.")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})" if self.organisation_id else self.name


class Responsibility(models.Model):
    """One cell of the rules of play: ``organisation`` (optionally a named person there) has ``letter`` for one
    strategy element or opportunity space.

    The element is a generic reference (content type + id) because it can be any of seven kinds; the matrix is
    built from the plan's elements, so a row whose element was deleted is never shown, and deleting an element
    through its service removes its rows (``partnership.services.remove_responsibilities_of``).
    """

    class Letter(models.TextChoices):
        RESPONSIBLE = "R", _("Responsible")
        APPROVES = "A", _("Approves")
        CONSULTED = "C", _("Consulted")
        INFORMED = "I", _("Informed")

    plan = models.ForeignKey("strategy.StrategyPlan", on_delete=models.CASCADE, related_name="responsibilities")
    element_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    element_id = models.PositiveBigIntegerField()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsibilities",
        verbose_name=_("person"),
    )
    letter = models.CharField(_("responsibility"), max_length=1, choices=Letter.choices)
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_("An example in the demo data, not an agreed division of responsibility."),
    )

    class Meta:
        ordering = ["element_type_id", "element_id", "letter", "organisation__name"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(
                fields=["element_type", "element_id", "organisation", "letter"], name="responsibility_unique"
            ),
            models.CheckConstraint(condition=Q(letter__in=["R", "A", "C", "I"]), name="responsibility_letter_valid"),
        ]
        indexes = [models.Index(fields=["plan", "element_type", "element_id"], name="responsibility_element_idx")]

    def __str__(self) -> str:
        who = f"{self.organisation.name} ({self.person.name})" if self.person_id else self.organisation.name
        # The services set ``element_label`` so that the history names the element too.
        element = getattr(self, "element_label", "")
        return f"{self.letter}: {who} – {element}" if element else f"{self.letter}: {who}"
