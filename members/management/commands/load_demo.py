"""Load the demonstration data: organizations, members, accounts and meetings."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.demo.loader import DemoLoader, demo_logins
from members.demo.organizations import PASSWORD


class Command(BaseCommand):
    help = (
        "Load the demonstration data (the Hà Tĩnh agency party committee, four cells, "
        "the 21/6/2022 “Tự soi, tự sửa” meeting and others, a year of meetings up to "
        "today, register events, and demonstration accounts). Running it again the same "
        "month changes nothing; a later month adds the months since."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (the accounts share a published password).",
        )

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real deployment. The demonstration accounts "
                "share a published password; use --force to load them anyway."
            )

        def log(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {message}")

        result = DemoLoader(log=log).run()

        if verbosity >= 1:
            for code in sorted(result.missing_codes):
                self.stderr.write(
                    self.style.WARNING(
                        f"Catalogue item {code} does not exist: tag skipped. "
                        "Load the catalogues (migrate) and rerun on a fresh database to tag it."
                    )
                )
            for line in result.unsigned:
                self.stderr.write(self.style.WARNING(f"No signed PDF for {line}"))
            if result.created:
                made = ", ".join(f"{n} {what}" for what, n in result.created.items())
                self.stdout.write(self.style.SUCCESS(f"Demonstration data loaded: {made}."))
            else:
                self.stdout.write(self.style.SUCCESS("Demonstration data already loaded."))
            self.stdout.write(f"Demonstration logins (password: {PASSWORD}):")
            for username, description in demo_logins():
                self.stdout.write(f"  {username:<10} {description}")
