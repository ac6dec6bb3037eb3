"""The callback-data codec itself (handlers.kit.callbacks), on kinds of button made up here:
what a button's data says is read back as it was written, anything else is not read at all, and
a value that would make a dead button is refused when the button is made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

import pytest

from handlers.kit.callbacks import CallbackData, CallbackDataError, Text, any_of, namespace


class Colour(StrEnum):
    RED = "r"
    DEEP_RED = "rr"
    BLUE = "blue"


@dataclass(frozen=True)
class Plain(CallbackData, prefix="zz:plain"):
    pass


@dataclass(frozen=True)
class Card(CallbackData, prefix="zz:c:"):
    task: int


@dataclass(frozen=True)
class Decide(CallbackData, prefix="zz:d:"):
    task: int
    page: int | None = None


@dataclass(frozen=True)
class Paint(CallbackData, prefix="zz:p:"):
    thing: int
    colour: Colour
    side: Literal["l", "r"]


@dataclass(frozen=True)
class Until(CallbackData, prefix="zz:u:"):
    member: int
    day: date


@dataclass(frozen=True)
class Token(CallbackData, prefix="zz:t:"):
    token: Annotated[str, Text("[0-9a-f]{8}", example="0a1b2c3d")]
    hours: Annotated[str, Text("[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}", example="22:00-06:00")]


@dataclass(frozen=True)
class Words(CallbackData, prefix="zz:w:"):
    words: Annotated[str, Text("[a-z]{1,100}", example="abc")]


@dataclass(frozen=True)
class Colourless(CallbackData, prefix="yy:"):
    pass


def test_data_is_the_prefix_and_the_fields_separated_by_colons() -> None:
    assert Plain().pack() == "zz:plain"
    assert Card(7).pack() == "zz:c:7"
    assert Decide(7).pack() == "zz:d:7"
    assert Decide(7, 2).pack() == "zz:d:7:2"
    assert Paint(3, Colour.DEEP_RED, "l").pack() == "zz:p:3:rr:l"
    assert Until(5, date(2026, 1, 9)).pack() == "zz:u:5:20260109"
    assert Token("0a1b2c3d", "22:00-06:00").pack() == "zz:t:0a1b2c3d:22:00-06:00"


def test_what_is_packed_is_read_back_and_matched_by_the_pattern() -> None:
    for family in (Plain, Card, Decide, Paint, Until, Token, Words):
        for made in family.examples():
            data = made.pack()
            assert family.unpack(data) == made, data
            assert family.pattern().match(data), data


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "zz:c:",  # no number
        "zz:c:x",
        "zz:c:7:8",  # a field too many
        "zz:c:²",  # a digit to str.isdigit, not to int
        "zz:c:٣",  # an Arabic-Indic digit: \d would take it
        "zz:c:-1",
        "zz:c:1000000000000000000",  # nineteen digits: beyond SQLite's integers
        "zz:c:7\n",
        "zz:c:7 ",
        "zz:cc:7",
        "tk:c:7",  # another prefix
        "zz:d:7:",
        "zz:p:3:rrr:l",
        "zz:p:3:r",
        "zz:u:5:20260230",  # no such day
        "zz:u:5:2026010",
        "zz:t:0A1B2C3D:22:00-06:00",
        "zz:plain:x",
    ],
)
def test_anything_else_is_not_read(data: str | None) -> None:
    for family in (Plain, Card, Decide, Paint, Until, Token):
        assert family.unpack(data) is None
        if data is not None and family is not Until:  # the pattern cannot know the calendar
            assert family.pattern().match(data) is None


def test_the_largest_number_is_eighteen_digits() -> None:
    assert Card.unpack("zz:c:999999999999999999") == Card(999_999_999_999_999_999)
    assert Card.unpack("zz:c:007") == Card(7)
    assert Words("a" * 59).pack() == "zz:w:" + "a" * 59  # 64 bytes: the most there is


def test_a_pattern_can_fix_a_field_to_one_value() -> None:
    blue = Paint.pattern(colour=Colour.BLUE)
    assert blue.match("zz:p:3:blue:r")
    assert not blue.match("zz:p:3:r:r")
    with pytest.raises(TypeError):
        Paint.pattern(shade=Colour.BLUE)


def test_one_handler_may_take_several_kinds() -> None:
    either = any_of(Card, Decide)
    assert either.match("zz:c:1") and either.match("zz:d:1:2")
    assert not either.match("zz:p:3:r:l") and not either.match("zz:c:1:2")
    assert namespace(Card, Decide, Paint).match("zz:anything at all")
    assert not namespace(Card, Decide, Paint).match("tk:c:1")
    with pytest.raises(TypeError):
        namespace(Card, Colourless)


@pytest.mark.parametrize(
    "made",
    [
        Card(-1),
        Card(10**18),
        Card(True),
        Card("7"),  # type: ignore[arg-type]
        Paint(1, "r", "l"),  # type: ignore[arg-type]
        Paint(1, Colour.RED, "x"),  # type: ignore[arg-type]
        Token("not hex!", "22:00-06:00"),
        Words("a" * 60),  # 65 bytes in all: more than Telegram keeps
    ],
)
def test_a_value_that_would_make_a_dead_button_is_refused(made: CallbackData) -> None:
    with pytest.raises(CallbackDataError):
        made.pack()


def test_a_kind_is_declared_once_with_fields_the_codec_knows() -> None:
    with pytest.raises(TypeError):

        @dataclass(frozen=True)
        class Again(CallbackData, prefix="zz:c:"):
            task: int

    @dataclass(frozen=True)
    class Loose(CallbackData, prefix="zz:loose:"):
        name: str  # text with no rule for what it may hold

    with pytest.raises(TypeError):
        Loose("x").pack()

    @dataclass(frozen=True)
    class Gap(CallbackData, prefix="zz:gap:"):
        first: int | None = None
        second: int = 0

    with pytest.raises(TypeError):
        Gap.pattern()


def test_only_trailing_fields_are_left_out() -> None:
    @dataclass(frozen=True)
    class Two(CallbackData, prefix="zz:two:"):
        task: int
        page: int | None = None
        row: int | None = None

    assert Two(1, 2).pack() == "zz:two:1:2"
    assert Two.unpack("zz:two:1") == Two(1)
    with pytest.raises(CallbackDataError):
        Two(1, None, 3).pack()
    for made in Two.examples():
        assert Two.unpack(made.pack()) == made
