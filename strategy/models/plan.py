"""The strategy "Bagsværd i social balance" as data.

Its elements, bottom-up (the source presentation's own order): potential opportunity spaces → five principles →
three strategies (with their moves, "greb") → one main move (with its opening move) → social meeting places →
targets (pejlemærker) → social balance (the vision). Opportunity spaces and meeting places live in the
``opportunities`` app; everything else here. Every object belongs to one ``StrategyPlan``; links between objects
never cross plans (checked by the services, which also record the history).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A geographical area in the tree country → region → municipality → district → housing area."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        HOUSING_AREA = "housing_area", _("Housing area")

    # Depth of each kind in the tree; a parent is always of a smaller depth than its child.
    DEPTH = {
        Kind.COUNTRY: 0,
        Kind.REGION: 1,
        Kind.MUNICIPALITY: 2,
        Kind.DISTRICT: 3,
        Kind.HOUSING_AREA: 4,
    }

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="area_not_own_parent"),
            # Only the country is a root; every other area hangs under a parent.
            models.CheckConstraint(
                condition=Q(kind="country", parent__isnull=True) | (~Q(kind="country") & Q(parent__isnull=False)),
                name="area_root_is_country",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "country",
                        "region",
                        "municipality",
                        "district",
                        "housing_area",
                    ]
                ),
                name="area_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Perspective(models.Model):
    """The method's four perspectives, held as equals: from outside, inside, above and below."""

    class Code(models.TextChoices):
        UDEFRA = "udefra", _("From outside (udefra)")
        INDEFRA = "indefra", _("From inside (indefra)")
        OPPEFRA = "oppefra", _("Top-down (oppefra)")
        NEDEFRA = "nedefra", _("Bottom-up (nedefra)")

    code = models.CharField(_("code"), max_length=10, choices=Code.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")

    def __str__(self) -> str:
        return str(self.get_code_display())


class StrategyPlan(models.Model):
    """One area strategy: the container every other strategy object belongs to."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("area"),
    )
    summary = models.TextField(_("summary"), max_length=4000, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("strategy plan")
        verbose_name_plural = _("strategy plans")

    def __str__(self) -> str:
        return self.title


class Vision(models.Model):
    """The vision statement: what social balance means. A plan has at most one active vision."""

    PLAN_PATH = "plan"  # from the object to its strategy plan (strategy.selectors.plan_of); also on the others

    plan = models.ForeignKey(StrategyPlan, on_delete=models.PROTECT, related_name="visions")
    statement = models.TextField(_("statement"), max_length=2000)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-is_active", "-id"]
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(is_active=True),
                name="vision_one_active_per_plan",
            ),
        ]

    def __str__(self) -> str:
        text = self.statement.strip().strip('”"“')
        return text if len(text) <= 80 else text[:79] + "…"


class Target(models.Model):
    """A pejlemærke: one of the outcomes the strategy aims for, measured later by indicators."""

    PLAN_PATH = "plan"

    plan = models.ForeignKey(StrategyPlan, on_delete=models.PROTECT, related_name="targets")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="target_number_unique_per_plan"),
            models.CheckConstraint(condition=Q(number__gte=1), name="target_number_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Principle(models.Model):
    """One of the guiding principles (styrende principper) that moves and opportunity spaces follow."""

    PLAN_PATH = "plan"

    plan = models.ForeignKey(StrategyPlan, on_delete=models.PROTECT, related_name="principles")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    # The source names the five principles only as a slide: demo wording is marked until planners replace it.
    is_example_wording = models.BooleanField(
        _("example wording"),
        default=False,
        help_text=_("Tick while the wording is an example to be replaced."),
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="principle_number_unique_per_plan"),
            models.CheckConstraint(condition=Q(number__gte=1), name="principle_number_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Strategy(models.Model):
    """One of the three strategies: physical, social, organisational."""

    PLAN_PATH = "plan"

    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("Physical strategy")
        SOCIAL = "social", _("Social strategy")
        ORGANISATIONAL = "organisational", _("Organisational strategy")

    ORDER = {Kind.PHYSICAL: 1, Kind.SOCIAL: 2, Kind.ORGANISATIONAL: 3}

    plan = models.ForeignKey(StrategyPlan, on_delete=models.PROTECT, related_name="strategies")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    quote = models.CharField(_("quote"), max_length=500, blank=True)

    class Meta:
        ordering = ["plan", "kind"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="strategy_kind_unique_per_plan"),
            models.CheckConstraint(
                condition=Q(kind__in=["physical", "social", "organisational"]),
                name="strategy_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Move(models.Model):
    """A greb: one lever of a strategy, serving targets and following principles."""

    PLAN_PATH = "strategy__plan"

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        related_name="moves",
        verbose_name=_("strategy"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    targets = models.ManyToManyField(Target, blank=True, related_name="moves", verbose_name=_("serves targets"))
    principles = models.ManyToManyField(
        Principle,
        blank=True,
        related_name="moves",
        verbose_name=_("follows principles"),
    )
    perspectives = models.ManyToManyField(Perspective, blank=True, related_name="moves", verbose_name=_("perspectives"))

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("move")
        verbose_name_plural = _("moves")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="move_number_unique_per_strategy"),
            models.CheckConstraint(condition=Q(number__gte=1), name="move_number_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class MainMove(models.Model):
    """The hovedgreb: the one convincing idea the key actors see themselves in."""

    PLAN_PATH = "plan"

    plan = models.OneToOneField(StrategyPlan, on_delete=models.PROTECT, related_name="main_move")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    moves = models.ManyToManyField(Move, blank=True, related_name="main_moves", verbose_name=_("draws on moves"))
    targets = models.ManyToManyField(Target, blank=True, related_name="main_moves", verbose_name=_("serves targets"))

    class Meta:
        verbose_name = _("main move")
        verbose_name_plural = _("main moves")

    def __str__(self) -> str:
        return self.title


class OpeningMove(models.Model):
    """The åbningstræk: a place where the main move starts (in the source, "Hængslet")."""

    PLAN_PATH = "main_move__plan"

    main_move = models.ForeignKey(
        MainMove,
        on_delete=models.PROTECT,
        related_name="opening_moves",
        verbose_name=_("main move"),
    )
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        ordering = ["main_move", "id"]
        verbose_name = _("opening move")
        verbose_name_plural = _("opening moves")
        constraints = [
            models.UniqueConstraint(fields=["main_move", "title"], name="opening_move_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title
