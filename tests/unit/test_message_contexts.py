"""An English message id that two places share must read right in Vietnamese in both ("Title"
of a task is "Tên công việc", of a meeting "Tiêu đề"). Where it would not, each place gets its
own context (``NP_("meeting", "Title")``). These tests catch a new shared id before a member
reads the wrong word: a short id marked in several modules must have been checked in each and
listed here, and ids that differ only by punctuation must not mean different things."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import NP_, translator

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "N_": None,
    "t": None,
    "gettext": None,
    "ngettext": (1, 2),
    "NP_": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}

# Short ids (three words or fewer) that several modules use, each checked in every place it is
# shown: the Vietnamese fits them all. A new one: check every place (grep the id), then list it
# here, or give each use its own context with NP_ if the Vietnamese must differ.
SHARED_ON_PURPOSE = {
    "(cancelled)",  # a cancelled meeting, in /lich and in butpha meetings list
    "(continued)",  # a cell's list running onto the next page: unregistered names, registry
    "<b>Agenda</b>",  # a meeting's agenda: the planner's preview and the member's card
    "Agenda",  # a meeting's field to change: from the planner's preview and its card
    "Approve all ({count})",  # approve every waiting task: the digest and the /duyet list
    "Breakthrough area",  # a task's area: registration's field and the edit button
    "Breakthrough area: {area}",  # a task's area: registration preview and the task card
    "Cancel",  # a button that drops what is being prepared (a task, a verdict, the year, areas)
    "Cell",  # a column: butpha members and the registry spreadsheet
    "Cell {name}",  # a cell as a notice's sender and as a report's heading
    "Deadline",  # a task's deadline: column, registration field, edit button
    "Deadline: {deadline}",  # a task's deadline: registration preview and the task card
    "Demo finished. Goodbye!",  # the end of the demo, on Telegram and on Zalo
    "Edit",  # a task: registration preview and the task card
    "Everyone has registered.",  # a cell's unregistered list and the reminder button
    "For example: {examples}.",  # dates to copy: a notice's time, a meeting's start, a deadline
    "For: {attendees}",  # a meeting's attendees: planner preview and card
    "Next ▶",  # page buttons
    "Online: {link}",  # a meeting's link: planner preview and card
    "Place or link",  # a meeting's field to change: from the planner's preview and its card
    "Period under review: {period}",  # an inspection's period: the item's card and reminders
    "Place: {place}",  # a meeting's place: planner preview and card
    "Product",  # a task's product: column and registration field
    "Product: {product}",  # a task's product: registration preview and the task card
    "Skip",  # skip an optional answer: a meeting's place or agenda, a verdict's evidence
    "Saved.",  # settings, task progress, task edits, the year and its areas
    "Target: {target}",  # an inspection's target: the item's card and reminders
    "✅ Published.",  # ratings published: the committee's popup and the rating text
    "the whole organisation",  # whom a notice or a meeting is for
    "◀ Back",  # back to the previous screen
    "◀ My meetings",  # back to the member's /lich list: from a card and from a reminder
    "◀ My tasks",  # back to the member's own task list
    "◀ Previous",  # page buttons
    "✅ Attending",  # the answer button on a reminder and on a meeting's card
    "✏️ Edit",  # change a meeting: the planner's preview and a planned meeting's card
    "✅ Save",  # save what was previewed: a meeting, the year, its areas
    "✖️ Cancel",  # cancel what is being prepared (a notice, a meeting)
    "❌ Absent",  # the answer button on a reminder and on a meeting's card
    "🏛 The whole organisation",  # whom a notice or a meeting is for
    "📋 Notices sent",  # the recent notices, from /thongbao
    "🕑 Time: {when}",  # a meeting's time: reminder and digest
    "committee member",  # a role (đảng ủy viên) and an inspection's kind of target
    "for example 2020",  # a year argument: butpha year set and butpha oversight propose
    "met",  # a target reached (đạt): /tiendo's committee work and an inspection quota line
    "no",  # approval required: /nam and butpha year (có / không)
    "party member",  # a member's kind (đảng viên) and an inspection's kind of target
    "yes",  # approval required: /nam and butpha year (có / không)
}
# Ids that differ only by punctuation or symbols, with different words in Vietnamese on purpose.
READ_DIFFERENTLY_ON_PURPOSE = {
    ("Deadline: {deadline}", "📅 Deadline: {deadline}"),  # "Hạn" on a card, in full in a reminder
    ("Self-report due: {due}", "📅 Self-report due: {due}"),  # the same: card, reminder
}


def _locations() -> dict[tuple[str, str | None], set[str]]:
    """Every marked id with its context, and the modules that mark it."""
    found: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for folder in ("bot", "handlers", "storage", "scheduler"):
        for path, _, message, _, context in extract_from_dir(ROOT / folder, keywords=KEYWORDS):
            text = message if isinstance(message, str) else message[0]
            found[(text, context)].add(f"{folder}/{path}")
    return found


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", re.sub(r"\{[a-z_]+\}", "", text)))


def test_a_short_id_shared_by_modules_was_checked_in_each_place() -> None:
    shared = {
        text: sorted(modules)
        for (text, context), modules in _locations().items()
        if context is None and _words(text) <= 3 and len(modules) > 1
    }
    unchecked = {text: modules for text, modules in shared.items() if text not in SHARED_ON_PURPOSE}
    assert unchecked == {}
    assert sorted(SHARED_ON_PURPOSE - set(shared)) == []  # stale entries go


def test_ids_that_differ_only_by_punctuation_mean_the_same() -> None:
    with (ROOT / "bot/i18n/locale/vi/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    by_words: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for message in catalog:
        if not message.id or message.context:
            continue
        text = message.id if isinstance(message.id, str) else message.id[0]
        string = message.string if isinstance(message.string, str) else message.string[0]
        by_words[" ".join(re.findall(r"[a-z]+|\{[a-z_]+\}", text.lower()))].append(
            (text, " ".join(re.findall(r"[^\W\d_]+|\{[a-z_]+\}", string.lower())))
        )
    differing = [
        tuple(sorted(text for text, _ in group))
        for group in by_words.values()
        if len({words for _, words in group}) > 1
    ]
    assert sorted(set(differing) - READ_DIFFERENTLY_ON_PURPOSE) == []


def test_more_people_and_more_tasks_read_differently() -> None:
    t = translator("vi")
    assert t(NP_("people", "… and {count} more"), count=3) == "… và 3 đồng chí khác"
    assert t(NP_("tasks", "… and {count} more."), count=3) == "… và 3 việc khác."
    assert translator("en")(NP_("tasks", "… and {count} more."), count=3) == "… and 3 more."
