"""Print the classifications of one list year as JSON: one object per housing area (the REST API's shape)."""

import json

from django.core.management.base import BaseCommand, CommandError

from strategy.selectors import classification_export


class Command(BaseCommand):
    help = "Print the official classifications of housing areas for a list year as a JSON array."

    def add_arguments(self, parser):
        parser.add_argument("--list-year", type=int, required=True)
        parser.add_argument("--area", help="only this area code")

    def handle(self, *args, list_year: int, area: str | None, **options):
        rows = classification_export(list_year=list_year, area_code=area)
        if area and not rows:
            raise CommandError(f"No classification for area {area} in list year {list_year}.")
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
