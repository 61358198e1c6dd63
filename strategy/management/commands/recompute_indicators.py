"""Recompute every classification (and indicator) from the statistics, synchronously, and report the run."""

from django.core.management.base import BaseCommand

from strategy.services.recompute import recompute_indicators


class Command(BaseCommand):
    help = "Recompute all indicators and official classifications now (for scripts and tests)."

    def handle(self, *args, **options):
        run = recompute_indicators()
        self.stdout.write(
            f"Recompute {run.pk}: {run.get_state_display()}, {run.areas} areas, "
            f"{run.classifications_written} classifications."
        )
