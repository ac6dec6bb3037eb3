"""Telegram's formatted text for the sandbox: parse modes, entities, trimming and lengths.

The HTML rules follow https://core.telegram.org/bots/api#html-style: the parser turns the
markup into plain text plus UTF-16 based entities, the same shape Telegram returns, and
rejects whatever Telegram would reject (and, deliberately, unknown named entities such as
``&nbsp;``, which Telegram would show literally: that is almost always a bug in the bot).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from bot.sandbox.models import bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_ALLOWED_TAGS = frozenset({*_SIMPLE_TAGS, "span", "a", "blockquote", "tg-emoji"})
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class _EntityError(Exception):
    pass


class _TelegramHtml(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0]
        for match in re.finditer("\n", raw):
            self.line_starts.append(match.end())
        self.pieces: list[str] = []
        self.pos = 0  # in UTF-16 code units, as entity offsets are
        self.stack: list[tuple[str, dict[str, Any] | None]] = []
        self.entities: list[dict[str, Any]] = []

    def _index(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _fail(self, detail: str, skip: int = 0) -> None:
        """Raises with Telegram's "at byte offset N"; `skip` chars past the current token."""
        offset = len(self.raw[: self._index() + skip].encode())
        raise _EntityError(f"{detail} at byte offset {offset}")

    def _emit(self, text: str) -> None:
        self.pieces.append(text)
        self.pos += utf16_len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            self._fail(f'Unsupported start tag "{tag}"')
        attributes = {name: value or "" for name, value in attrs}
        entity: dict[str, Any] | None = None
        parent = self.stack[-1][1] if self.stack else None
        if tag == "code" and parent is not None and parent["type"] == "pre":
            # <pre><code class="language-x"> is one pre entity carrying the language.
            language = attributes.get("class", "")
            if language.startswith("language-"):
                parent["language"] = language.removeprefix("language-")
        elif tag in _SIMPLE_TAGS:
            entity = {"type": _SIMPLE_TAGS[tag]}
        elif tag == "span":
            if attributes.get("class") != "tg-spoiler":
                self._fail('Tag "span" must have class "tg-spoiler"')
            entity = {"type": "spoiler"}
        elif tag == "a":
            href = attributes.get("href", "").strip()
            if href:
                entity = {"type": "text_link", "url": href}
        elif tag == "blockquote":
            expandable = "expandable" in attributes
            entity = {"type": "expandable_blockquote" if expandable else "blockquote"}
        elif tag == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id:
                self._fail('Tag "tg-emoji" must have attribute "emoji-id"')
            entity = {"type": "custom_emoji", "custom_emoji_id": emoji_id}
        if entity is not None:
            entity["offset"] = self.pos
        self.stack.append((tag, entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported self-closing tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            self._fail(f'Unexpected end tag "</{tag}>"')
        open_tag, entity = self.stack[-1]
        if open_tag != tag:
            self._fail(f'Unmatched end tag "</{tag}>", expected "</{open_tag}>"')
        self.stack.pop()
        if entity is not None:
            entity["length"] = self.pos - entity["offset"]
            if entity["length"] > 0:
                self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        if "<" in data:
            self._fail('Unexpected "<" (escape it as &lt;)', data.index("<"))
        self._emit(data)

    def handle_entityref(self, name: str) -> None:
        start = self._index()
        has_semicolon = self.raw.startswith(";", start + 1 + len(name))
        if not has_semicolon:
            # Telegram keeps a bare "&" followed by letters as literal text.
            self._emit("&" + name)
        elif name in _NAMED_ENTITIES:
            self._emit(_NAMED_ENTITIES[name])
        else:
            self._fail(
                f'Unsupported HTML entity "&{name};" (only &lt; &gt; &amp; &quot; and '
                "numeric entities are allowed)"
            )

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
        except ValueError:
            self._fail(f'Invalid numeric HTML entity "&#{name};"')
            return
        if code <= 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            self._fail(f'Invalid numeric HTML entity "&#{name};"')
        self._emit(chr(code))

    def handle_comment(self, data: str) -> None:
        self._fail("HTML comments are unsupported")

    def handle_decl(self, decl: str) -> None:
        self._fail("HTML declarations are unsupported")

    def handle_pi(self, data: str) -> None:
        self._fail("HTML processing instructions are unsupported")

    def unknown_decl(self, data: str) -> None:
        self._fail("HTML declarations are unsupported")


def parse_html(raw: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's HTML parse mode: plain text and entities, or an ApiError."""
    parser = _TelegramHtml(raw)
    try:
        parser.feed(raw)
        parser.close()
        if parser.stack:
            tag = parser.stack[-1][0]
            raise _EntityError(f'Can\'t find end tag corresponding to start tag "{tag}"')
    except _EntityError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    return "".join(parser.pieces), parser.entities


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram strips surrounding whitespace and shifts the entities to match."""
    stripped = text.lstrip()
    shift = utf16_len(text) - utf16_len(stripped)
    stripped = stripped.rstrip()
    size = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(0, entity["offset"] - shift)
        end = min(size, entity["offset"] + entity["length"] - shift)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return stripped, kept


def format_text(
    raw: str, parse_mode: str | None, entities: Any = None
) -> tuple[str, list[dict[str, Any]]]:
    """Applies parse_mode (or explicit entities) the way Telegram does before storing."""
    mode = (parse_mode or "").strip().lower()
    if mode == "html":
        text, found = parse_html(raw)
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown flavours are not parsed: the text is kept as sent.
        text = raw
        found = [dict(e) for e in entities] if isinstance(entities, list) and not mode else []
    else:
        raise bad_request("unsupported parse_mode")
    return _trim(text, found)


def check_text(text: str) -> None:
    if not text:
        raise bad_request("message text is empty")
    if utf16_len(text) > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption(caption: str) -> None:
    if utf16_len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")


# --- what users type ----------------------------------------------------------------------

_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities where Telegram's clients would put them."""
    found = []
    for match in _COMMAND.finditer(text):
        found.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return found
