"""Callback data as types: each kind of button is a frozen dataclass declaring its prefix and its
fields, after aiogram's ``CallbackData``::

    @dataclass(frozen=True)
    class OpenCard(CallbackData, prefix="tk:c:"):
        task: int

    OpenCard(7).pack()            # "tk:c:7"
    OpenCard.unpack("tk:c:7")     # OpenCard(task=7)
    OpenCard.unpack("tk:c:x")     # None
    CallbackQueryHandler(open_card, pattern=OpenCard.pattern())

The data is the prefix, then the fields separated by ":"; a trailing field typed ``X | None``
(default None) may be left out. A field is an ``int`` (ASCII digits, within SQLite's 64-bit
integers), an ``Enum`` of strings, a ``Literal`` of strings, a ``date`` (``YYYYMMDD``), or a
``str`` with the text it may hold: ``Annotated[str, Text(r"[0-9a-f]{8}", example="0a1b2c3d")]``.
``pattern()`` matches exactly what ``unpack()`` reads, so a button and its handler cannot
disagree; ``pack()`` refuses a value its own pattern would not match, or more than Telegram's
64 bytes.

These formats never change: buttons live on in members' chats and in keyboards already queued
in the outbox (JSON, sent later by a plain ``Bot``), which is why the data is text we write and
not an object python-telegram-bot keeps in memory.

Only the standard library is imported here, so the renderers the scheduler uses may import the
codec too (see the import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

import itertools
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal, Self

MAX_BYTES = 64  # Telegram's limit on a button's callback data
SEPARATOR = ":"
_DIGITS = "[0-9]{1,18}"  # str.isdigit takes "²", and SQLite refuses nineteen digits
_LARGEST = 10**18 - 1


class CallbackDataError(ValueError):
    """A value a field does not take, or data longer than Telegram allows: a bug, not input."""


@dataclass(frozen=True)
class Text:
    """What a ``str`` field may hold (a regular expression without ``:`` unless it is the last
    field), and an example of it for the tests."""

    regex: str
    example: str


@dataclass(frozen=True)
class _Field:
    name: str
    regex: str
    optional: bool
    read: Callable[[str], object]  # raises ValueError for what only looks right
    write: Callable[[object], str]
    examples: tuple[object, ...]


@dataclass(frozen=True)
class _Spec:
    fields: tuple[_Field, ...]
    regex: re.Pattern[str]  # with a named group per field


_FAMILIES: dict[str, type[CallbackData]] = {}
_SPECS: dict[type[CallbackData], _Spec] = {}


class CallbackData:
    """A kind of button. Subclass it as a frozen dataclass: ``prefix`` is the data's fixed
    start, which no other kind has."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not prefix or not prefix.isascii():
            raise TypeError(f"{cls.__name__}: a prefix is short ASCII text, not {prefix!r}")
        taken = _FAMILIES.get(prefix)
        if taken is not None and taken.__qualname__ != cls.__qualname__:
            raise TypeError(f"{cls.__name__} and {taken.__name__} both start with {prefix!r}")
        cls.prefix = prefix
        _FAMILIES[prefix] = cls

    def pack(self) -> str:
        """The data for the button. Raises :class:`CallbackDataError` for a value the field
        does not take or for more than 64 bytes."""
        spec = _spec(type(self))
        parts: list[str] = []
        left_out = None
        for field in spec.fields:
            value = getattr(self, field.name)
            if value is None and field.optional:
                left_out = field.name
                continue
            if left_out is not None:
                raise CallbackDataError(f"{field.name} is given but {left_out} before it is not")
            parts.append(field.write(value))
        data = self.prefix + SEPARATOR.join(parts)
        if spec.regex.fullmatch(data) is None:
            raise CallbackDataError(f"{data!r} is not what {type(self).__name__} reads")
        if len(data.encode()) > MAX_BYTES:
            raise CallbackDataError(f"{data!r} is longer than Telegram's {MAX_BYTES} bytes")
        return data

    @classmethod
    def unpack(cls, data: str | None) -> Self | None:
        """The button ``data`` stands for, or None for anything this kind does not read (another
        prefix, fields missing or extra, odd digits, numbers SQLite cannot hold, no such day)."""
        match = None if data is None else _spec(cls).regex.fullmatch(data)
        if match is None:
            return None
        values: dict[str, object] = {}
        for field in _spec(cls).fields:
            text = match[field.name]
            try:
                values[field.name] = None if text is None else field.read(text)
            except ValueError:
                return None
        made: Self = typing.cast(Any, cls)(**values)
        return made

    @classmethod
    def pattern(cls, **fixed: object) -> re.Pattern[str]:
        """What a ``CallbackQueryHandler`` matches: exactly the data :meth:`unpack` reads; with
        ``fixed``, only the data whose named fields have those values
        (``GiveReason.pattern(reason=AbsenceReason.OTHER)``)."""
        return re.compile(f"^{_body(cls, fixed)}\\Z")

    @classmethod
    def examples(cls) -> Iterator[Self]:
        """A few values of every field combined: what tests pack and read back."""
        spec = _spec(cls)
        choices = [[*field.examples, *([None] if field.optional else [])] for field in spec.fields]
        names = [field.name for field in spec.fields]
        for values in itertools.product(*choices):
            if any(a is None and b is not None for a, b in itertools.pairwise(values)):
                continue  # a field left out before one given: no button has such data
            made: Self = typing.cast(Any, cls)(**dict(zip(names, values, strict=True)))
            yield made


def any_of(*families: type[CallbackData]) -> re.Pattern[str]:
    """One handler for several kinds of button."""
    return re.compile("^(?:" + "|".join(_body(f, {}) for f in families) + ")\\Z")


def namespace(*families: type[CallbackData]) -> re.Pattern[str]:
    """Every button whose data starts as all of ``families`` start (``mp:``), well-formed or
    not: for the handler that answers a conversation's stray and stale buttons."""
    prefixes = [family.prefix for family in families]
    start = prefixes[0] if prefixes else ""
    for prefix in prefixes[1:]:
        while not prefix.startswith(start):
            start = start[:-1]
    if not start:
        raise TypeError("these kinds of button have no start in common")
    return re.compile("^" + re.escape(start))


def families() -> list[type[CallbackData]]:
    """Every kind of button defined so far (in the modules imported so far)."""
    return list(_FAMILIES.values())


# --- fields ---------------------------------------------------------------------------------


def _choice(values: list[str]) -> str:
    # Longest first: "xy" is tried before "x".
    return "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))


def _int_field(name: str, optional: bool) -> _Field:
    def write(value: object) -> str:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _LARGEST:
            raise CallbackDataError(f"{name}: {value!r} is not a whole number of 18 digits at most")
        return str(value)

    return _Field(name, _DIGITS, optional, int, write, (0, 42, _LARGEST))


def _enum_field(name: str, kind: type[Enum], optional: bool) -> _Field:
    values = [member.value for member in kind]
    if not all(isinstance(v, str) and v and SEPARATOR not in v for v in values):
        raise TypeError(f"{name}: {kind.__name__} needs text values without {SEPARATOR!r}")

    def write(value: object) -> str:
        if not isinstance(value, kind):
            raise CallbackDataError(f"{name}: {value!r} is not a {kind.__name__}")
        return str(value.value)

    return _Field(name, _choice(values), optional, kind, write, tuple(kind))


def _literal_field(name: str, values: tuple[object, ...], optional: bool) -> _Field:
    texts = [v for v in values if isinstance(v, str)]
    if len(texts) != len(values) or not all(v and SEPARATOR not in v for v in texts):
        raise TypeError(f"{name}: a Literal of text without {SEPARATOR!r}, not {values!r}")

    def write(value: object) -> str:
        if value not in texts:
            raise CallbackDataError(f"{name}: {value!r} is not one of {texts}")
        return str(value)

    return _Field(name, _choice(texts), optional, str, write, tuple(texts))


def _date_field(name: str, optional: bool) -> _Field:
    def read(text: str) -> date:
        return datetime.strptime(text, "%Y%m%d").date()

    def write(value: object) -> str:
        if not isinstance(value, date) or isinstance(value, datetime):
            raise CallbackDataError(f"{name}: {value!r} is not a date")
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"

    return _Field(name, "[0-9]{8}", optional, read, write, (date(2026, 12, 31),))


def _text_field(name: str, text: Text, optional: bool) -> _Field:
    def write(value: object) -> str:
        if not isinstance(value, str):
            raise CallbackDataError(f"{name}: {value!r} is not text")
        return value

    return _Field(name, text.regex, optional, str, write, (text.example,))


def _field(owner: type[CallbackData], name: str, hint: Any, optional: bool) -> _Field:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(kinds) != 1 or len(typing.get_args(hint)) != 2:
            raise TypeError(f"{owner.__name__}.{name}: one type, or one type | None")
        return _field(owner, name, kinds[0], optional=True)
    if origin is Annotated:
        texts = [m for m in hint.__metadata__ if isinstance(m, Text)]
        if typing.get_args(hint)[0] is str and len(texts) == 1:
            return _text_field(name, texts[0], optional)
    if origin is Literal:
        return _literal_field(name, typing.get_args(hint), optional)
    if hint is int:
        return _int_field(name, optional)
    if hint is date:
        return _date_field(name, optional)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_field(name, hint, optional)
    raise TypeError(
        f"{owner.__name__}.{name}: int, an Enum or Literal of text, date, or "
        f"Annotated[str, Text(...)], not {hint!r}"
    )


def _spec(family: type[CallbackData]) -> _Spec:
    found = _SPECS.get(family)
    if found is not None:
        return found
    if not is_dataclass(family):
        raise TypeError(f"{family.__name__} is not a dataclass")
    hints = typing.get_type_hints(family, include_extras=True)
    parsed: list[_Field] = []
    for declared in fields(family):
        field = _field(family, declared.name, hints[declared.name], optional=False)
        if field.optional and (declared.default is MISSING or declared.default is not None):
            raise TypeError(
                f"{family.__name__}.{declared.name}: an optional field defaults to None"
            )
        if parsed and parsed[-1].optional and not field.optional:
            raise TypeError(f"{family.__name__}.{declared.name}: only the last fields are optional")
        parsed.append(field)
    found = _Spec(tuple(parsed), re.compile(_regex(family.prefix, parsed, {}, named=True)))
    _SPECS[family] = found
    return found


def _regex(prefix: str, parsed: list[_Field], fixed: dict[str, object], *, named: bool) -> str:
    body = re.escape(prefix)
    for number, field in enumerate(parsed):
        known = field.name in fixed
        inner = re.escape(field.write(fixed[field.name])) if known else field.regex
        group = f"(?P<{field.name}>{inner})" if named else f"(?:{inner})"
        piece = (SEPARATOR if number else "") + group
        body += f"(?:{piece})?" if field.optional else piece
    return body


def _body(family: type[CallbackData], fixed: dict[str, object]) -> str:
    parsed = list(_spec(family).fields)
    unknown = set(fixed) - {f.name for f in parsed}
    if unknown:
        raise TypeError(f"{family.__name__} has no field {sorted(unknown)}")
    return _regex(family.prefix, parsed, fixed, named=False)
