"""Check the audit trail: report any event changed, removed or inserted outside the app."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from minutes.audit import chain_heads, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the audit trail. Exits with status 1 and lists every "
        "break when an event was changed, removed or inserted outside the app."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organization",
            type=int,
            action="append",
            help="only the chain of this organization id (repeatable)",
        )

    def handle(self, *args, organization: list[int] | None, **options):
        problems = verify_chain(organization)
        heads = [h for h in chain_heads() if organization is None or h[0] in organization]
        for org_id, count, head in heads:
            self.stdout.write(f"organization #{org_id}: {count} events, head {head}")
        if problems:
            for problem in problems:
                self.stderr.write(f"BROKEN {problem}")
            raise CommandError(f"audit trail broken: {len(problems)} problem(s)", returncode=1)
        total = sum(count for _org, count, _head in heads)
        self.stdout.write(
            self.style.SUCCESS(f"audit trail intact: {total} events in {len(heads)} chains")
        )
