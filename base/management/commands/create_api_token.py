"""Make an API key for a user, as an administrator: the key is printed once and never stored."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from base.models import User
from base.services.tokens import create_api_token


class Command(BaseCommand):
    help = "Make an API key for USERNAME and print it once (only a digest of it is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the key is for (default: made by manage.py).")
        parser.add_argument("--read-only", action="store_true", help="The key may only read.")
        parser.add_argument("--expires-days", type=int, default=None, help="Days until it expires (1–730).")

    def handle(self, *args, username, name, read_only, expires_days, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        try:
            token, key = create_api_token(
                user=user, name=name or "made by manage.py", read_only=read_only, expires_in_days=expires_days
            )
        except PermissionDenied:
            raise CommandError(f"{username} has no role in the partnership, so a key would give nothing.") from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(key)
        expiry = f"expires {token.expiry:%Y-%m-%d}" if token.expiry else "lasts until revoked"
        self.stderr.write(
            f"Key «{token.name}» for {username} ({'read only' if read_only else 'read and write'}, {expiry})."
        )
