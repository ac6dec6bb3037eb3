"""One-time invite codes: 128 random bits, URL-safe, stored only as a hash."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

CODE_BYTES = 16  # 128 bits; token_urlsafe gives 22 characters, well inside Telegram's 64
_START_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# What new_code gives: 16 bytes are 22 URL-safe characters (no padding), the first a letter or
# a digit. A message that is this and nothing else is taken for a typed code (Zalo has no deep
# links); ordinary words are shorter or have spaces.
TYPED_CODE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_-]{21})\s*$")


def new_code() -> str:
    """A fresh code that starts with a letter or digit: one starting with "-" would be read as a
    formula in the invite spreadsheet (and neutralised there with an apostrophe that a member
    might copy), or taken for an option when typed."""
    while True:
        code = secrets.token_urlsafe(CODE_BYTES)
        if code[0].isalnum():
            return code


def hash_code(code: str) -> str:
    # The codes carry 128 random bits, so a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(code.encode("ascii", "replace")).hexdigest()


def looks_like_code(text: str) -> bool:
    return bool(_START_PARAMETER.match(text))


def typed_code(text: str) -> str | None:
    """The invite code a message consists of (typed or pasted, spaces around it allowed), or
    ``None`` when the message is something else."""
    match = TYPED_CODE.match(text)
    return None if match is None else match.group(1)


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


@dataclass(frozen=True)
class ZaloJoining:
    """How members join on Zalo, which has no deep links: they send the code to the
    organisation's Zalo bot, at ``bot_link`` when it is known."""

    bot_link: str | None = None


@dataclass(frozen=True)
class Invite:
    id: int
    member_id: int
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    relink: bool

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
