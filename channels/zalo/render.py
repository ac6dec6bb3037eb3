"""Telegram messages as a text-only messenger shows them: pure functions, no I/O.

- HTML (the Bot API's ``parse_mode=HTML``) becomes plain text: tags dropped, entities
  unescaped, a link written out as ``label (url)``. Zalo's ``sendMessage`` takes only ``chat_id``
  and ``text`` in the documentation the project relies on (``parse_mode``/``text_styles`` appear
  in one third-party client and a newer page, unverified), so plain text it is.
- An inline keyboard becomes numbered choices under the text (``1. ✅ Tham dự``); a URL button
  is written out (``🔗 Bản đồ: https://…``), unnumbered since it presses nothing.
- Text longer than a message is cut at paragraph, then line, then word boundaries; the choices
  travel with the last part.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from bot.domain.broadcasts import split_text, utf16_len

# The platform's limit for a message, in characters (counted here in UTF-16 units, the
# stricter reading: an emoji counts two).
MAX_TEXT = 2000
LINK = "🔗"
# A button that carries the number the text gave its item: "9. Đề tài khoa học".
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$", re.S)


# --- HTML → plain text ----------------------------------------------------------------------


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        # Open links: their href and where their label starts in ``out``.
        self._links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._links.append((dict(attrs).get("href") or "", len(self.out)))
        elif tag == "br":
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or not self._links:
            return
        href, start = self._links.pop()
        label = "".join(self.out[start:]).strip()
        if not href or href.startswith("tg://") or href in (label, f"mailto:{label}"):
            return
        self.out.append(f" ({href})" if label else href)

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def html_to_text(html: str) -> str:
    """Telegram HTML as plain text: ``<b>Họp</b> &amp; <a href="https://x.vn">bản đồ</a>`` →
    ``Họp & bản đồ (https://x.vn)``."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


# --- keyboards → numbered choices -----------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    label: str
    callback_data: str


@dataclass(frozen=True)
class Choices:
    """What a keyboard offers: buttons to press by number, in reading order, and links."""

    buttons: tuple[Choice, ...] = ()
    links: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.buttons or self.links)

    def numbered(self) -> tuple[tuple[int, str], ...]:
        """Each button's number and label, in order. A list the text already numbers ("9.
        Đề tài…", page 2 of a list: numbered buttons first, in increasing order) keeps its
        numbers, so the member types the number they read; the buttons after them (◀ ▶, back)
        follow the highest. Otherwise 1, 2, 3…, a label that starts with its own number
        showing it once."""
        found = [_NUMBERED.match(choice.label) for choice in self.buttons]
        leading = list(itertools.takewhile(bool, found))
        numbers = [int(m[1]) for m in leading if m]
        listed = (
            bool(numbers)
            and not any(found[len(leading) :])
            and numbers[0] > 0
            and all(a < b for a, b in itertools.pairwise(numbers))
        )
        if not listed:
            return tuple(
                (n, m[2] if m and int(m[1]) == n else c.label)
                for n, (m, c) in enumerate(zip(found, self.buttons, strict=True), 1)
            )
        following = itertools.count(numbers[-1] + 1)
        return tuple(
            (int(m[1]), m[2]) if m else (next(following), choice.label)
            for m, choice in zip(found, self.buttons, strict=True)
        )


def choices_of(reply_markup: dict[str, Any] | None) -> Choices:
    """The choices of a Bot API ``reply_markup`` (an inline keyboard; anything else has none)."""
    if not reply_markup:
        return Choices()
    buttons: list[Choice] = []
    links: list[tuple[str, str]] = []
    for row in reply_markup.get("inline_keyboard") or ():
        for button in row:
            label = str(button.get("text", "")).strip()
            if button.get("callback_data") is not None:
                buttons.append(Choice(label, str(button["callback_data"])))
            elif button.get("url"):
                links.append((label, str(button["url"])))
    return Choices(tuple(buttons), tuple(links))


def choices_text(choices: Choices, hint: str | None = None) -> str:
    """``1. ✅ Tham dự`` … one a line, the links after them, then the hint (when there is
    something to press)."""
    lines = [f"{number}. {label}" for number, label in choices.numbered()]
    lines += [
        f"{LINK} {label}: {url}" if label else f"{LINK} {url}" for label, url in choices.links
    ]
    if hint and choices.buttons:
        lines.append(hint)
    return "\n".join(lines)


# --- splitting ------------------------------------------------------------------------------

_GAP = "\n\n"


def compose(text: str, choices: str = "", limit: int = MAX_TEXT) -> list[str]:
    """The messages to send for ``text`` with ``choices`` under it: each at most ``limit``
    (UTF-16 units), cut at paragraph, line, then word boundaries; the choices with the last
    part (or, when they are themselves too long for one, in parts of their own after it)."""
    text, choices = text.strip(), choices.strip()
    if not choices:
        return [p for p in split_text(text, limit) if p] if text else []
    if not text:
        return split_text(choices, limit)
    room = limit - utf16_len(_GAP) - utf16_len(choices)
    if room < limit // 4:
        # Choices taking most of a message: the text alone, then the choices.
        return [p for p in split_text(text, limit) if p] + split_text(choices, limit)
    parts = split_text(text, limit)
    last = parts.pop()
    parts += split_text(last, room) if utf16_len(last) > room else [last]
    parts[-1] = parts[-1] + _GAP + choices
    return parts
