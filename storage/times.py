"""Times in the database: UTC text that sorts and compares as strings."""

from __future__ import annotations

from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_db(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    return value.astimezone(UTC).strftime(_FORMAT)


def from_db(value: str) -> datetime:
    if len(value) == 27 and value[-1] == "Z":
        # Our own format, read by the C parser: strptime is ten times slower, and a large
        # organisation reads hundreds of thousands of these (members, accounts, meetings).
        return datetime.fromisoformat(value)
    return datetime.strptime(value, _FORMAT).replace(tzinfo=UTC)


def maybe_from_db(value: str | None) -> datetime | None:
    return None if value is None else from_db(value)
