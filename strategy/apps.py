from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from django.urls import reverse

        from base.history import register_record_page

        from .models import IndicatorDefinition, MainMove, Move, OpeningMove, Principle, Strategy, Target, Vision

        # The history links each record to its object's page.
        for model, prefix in [
            (Vision, "vision"),
            (Target, "target"),
            (Principle, "principle"),
            (Strategy, "strategy"),
            (Move, "move"),
            (MainMove, "main_move"),
            (OpeningMove, "opening_move"),
        ]:
            register_record_page(model, lambda pk, prefix=prefix: reverse(f"{prefix}_detail", args=[pk]))
        register_record_page(IndicatorDefinition, lambda pk: reverse("indicator_history", args=[pk]))
