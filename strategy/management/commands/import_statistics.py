"""Import a statistics file (CSV or XLSX, long or wide): all rows or none; problems named by row and column."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from strategy.services.statistics import MAX_FILE_BYTES, StatisticsImportError, import_statistics


class Command(BaseCommand):
    help = "Import area statistics from FILE (CSV or XLSX; long or wide format). Nothing is stored if a row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if not file.is_file():
            raise CommandError(_("%(file)s: the file does not exist.") % {"file": file})
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before a byte is read
            raise CommandError(
                _("%(file)s: the file is %(size)s MB; at most %(max)s MB can be imported.")
                % {"file": file.name, "size": size // (1024 * 1024), "max": MAX_FILE_BYTES // (1024 * 1024)}
            )
        try:
            report = import_statistics(data=file.read_bytes(), file_name=file.name, by=None)
        except StatisticsImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = error.total
            if count > len(error.problems):
                self.stderr.write(
                    _("… and %(more)s more problems; the first %(listed)s are listed.")
                    % {"more": count - len(error.problems), "listed": len(error.problems)}
                )
            raise CommandError(
                ngettext(
                    "%(file)s: nothing was imported (%(count)s problem).",
                    "%(file)s: nothing was imported (%(count)s problems).",
                    count,
                )
                % {"file": file.name, "count": count}
            ) from None
        self.stdout.write(
            _("%(file)s: %(total)s values – %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
            % {
                "file": file.name,
                "total": report.values_in_file,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
        )
