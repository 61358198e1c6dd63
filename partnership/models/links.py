"""Links from a governance object (an agenda item, a decision, a risk, a project) to the strategy elements and
opportunity spaces it concerns.

One many-to-many field per kind of element, so that each link is a real foreign key (deleting an element removes
its links), forms and history handle them like any other field, and a list prefetches them in one query per kind.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The link fields, in the order pages show them.
LINK_FIELDS = ("targets", "principles", "strategies", "moves", "main_moves", "opening_moves", "spaces")


class ElementLinks(models.Model):
    targets = models.ManyToManyField("strategy.Target", blank=True, related_name="+", verbose_name=_("targets"))
    principles = models.ManyToManyField(
        "strategy.Principle", blank=True, related_name="+", verbose_name=_("principles")
    )
    strategies = models.ManyToManyField("strategy.Strategy", blank=True, related_name="+", verbose_name=_("strategies"))
    moves = models.ManyToManyField("strategy.Move", blank=True, related_name="+", verbose_name=_("moves"))
    main_moves = models.ManyToManyField("strategy.MainMove", blank=True, related_name="+", verbose_name=_("main move"))
    opening_moves = models.ManyToManyField(
        "strategy.OpeningMove", blank=True, related_name="+", verbose_name=_("opening moves")
    )
    spaces = models.ManyToManyField(
        "opportunities.OpportunitySpace", blank=True, related_name="+", verbose_name=_("opportunity spaces")
    )

    class Meta:
        abstract = True
