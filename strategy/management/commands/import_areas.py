"""Import areas (country, regions, municipalities, districts, housing areas) from a CSV file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from strategy.services.areas import import_areas
from strategy.services.statistics import StatisticsImportError


class Command(BaseCommand):
    help = "Import areas from FILE: a CSV with the columns code, name, kind, parent_code. All rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if not file.is_file():
            raise CommandError(_("%(file)s: the file does not exist.") % {"file": file})
        try:
            created, updated = import_areas(data=file.read_bytes(), file_name=file.name, by=None)
        except StatisticsImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("%(file)s: nothing was imported.") % {"file": file.name}) from None
        self.stdout.write(
            _("%(file)s: %(created)s new and %(updated)s updated areas.")
            % {"file": file.name, "created": created, "updated": updated}
        )
