"""One-time activation codes: how they are made, written, stored and looked up.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L,
U/V), shown in groups of four ("K7PM-3XQA-9DRT") so it can be read aloud or
copied from a printed slip: 29 symbols, 29**12 is about 2**58 codes, and the
activation page refuses a client address after a few wrong guesses.
Only its SHA-256 is stored: the code itself exists on the screen (or paper)
of the person who issued it and nowhere else.

A code expires `BIENBAN_ACTIVATION_DAYS` days (default 7) after it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from members.models import ActivationCode

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
LENGTH = 12
GROUP = 4


def activation_days() -> int:
    """Days a code stays valid; read on each call so a changed setting applies at once."""
    return settings.BIENBAN_ACTIVATION_DAYS


def expiry_from(created: dt.datetime) -> dt.datetime:
    return created + dt.timedelta(days=activation_days())


def generate_code() -> str:
    """A fresh code as it is shown: "K7PM-3XQA-9DRT"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return display(raw)


def display(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(code: str) -> str:
    """What a person typed, in the stored form: capitals, no spaces or dashes of any kind."""
    cleaned = (code or "").upper()
    for ch in " \t\r\n-\u2010\u2011\u2012\u2013\u2014\u2212_.":
        cleaned = cleaned.replace(ch, "")
    return cleaned


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii", "replace")).hexdigest()


def well_formed(code: str) -> bool:
    raw = normalise(code)
    return len(raw) == LENGTH and all(ch in ALPHABET for ch in raw)


class CodeState:
    VALID = "valid"
    EXPIRED = "expired"
    # Unknown and already used codes are one state, so nobody can probe which
    # codes existed.
    INVALID = "invalid"


@dataclass(frozen=True)
class Lookup:
    state: str
    code: ActivationCode | None = None


def lookup(code: str, *, now: dt.datetime | None = None, lock: bool = False) -> Lookup:
    """The stored code `code` stands for, and whether it can still be used.

    `lock=True` (inside a transaction) locks the row, so two requests with the
    same code cannot both use it.
    """
    if not well_formed(code):
        return Lookup(CodeState.INVALID)
    rows = ActivationCode.objects.select_related("user")
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(code_hash=hash_code(code)).first()
    if found is None or found.used_at is not None or not found.user.is_active:
        return Lookup(CodeState.INVALID)
    if found.expires_at <= (now or timezone.now()):
        return Lookup(CodeState.EXPIRED, found)
    return Lookup(CodeState.VALID, found)
