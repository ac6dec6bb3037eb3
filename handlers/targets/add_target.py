"""Setting a target, for the committee: in one line, ``/chitieu them <tên>; <chỉ tiêu>; <đơn
vị>; <lĩnh vực>[; <phụ trách>]`` (``/chitieu them Lớp đào tạo; ≥ 22; lớp; chính trị``), or as
a form, one question per message with examples: title, planned value, unit, section (buttons,
or words), owner (or «bỏ qua»: the organisation). What cannot be read is explained field by
field with the grammar; nothing is stored until every answer is read."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.domain.errors import NotAllowed
from bot.domain.model import Identity
from bot.domain.targets.access import may_set_targets
from bot.domain.targets.grammar import planned
from bot.domain.targets.model import Section, Target
from bot.domain.text import means_skip
from bot.i18n import N_, Translator
from bot.i18n.target_lines import SECTION_NAMES
from bot.services.targets.target_input import LineProblems
from bot.services.targets.targets import NOT_SETTER
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.targets import render
from handlers.targets.buttons import AddTargetForm, OpenTarget, PickSection

TITLE, PLANNED, UNIT, SECTION, OWNER = range(5)
END = ConversationHandler.END
SECTIONS = tuple(Section)

GRAMMAR = N_(
    "To add a target in one line: <code>/chitieu them title; target; unit; section; "
    "owner</code> — the target with its comparator: <code>≥ 22</code>, <code>trên 97%</code>, "
    "<code>100%</code>, <code>tối đa 2</code>, <code>không</code>; the section: chính trị, xây "
    "dựng Đảng, kiểm tra giám sát, đào tạo, dân vận or your own words; the owner (a cell, or "
    "a member's code or name) may be left out: the organisation. For example: <code>/chitieu "
    "them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo</code>. Add <code>; nguồn: học tập "
    "đảng viên</code> for a value the bot computes, <code>; số lẻ: 1</code> for its own number "
    "of decimals. One target per message. Or press «📝 Fill in a form»."
)


@dataclass
class NewTarget:
    """The form's answers so far."""

    title: str = ""
    planned: str = ""
    unit: str = ""
    section: str = ""


def _draft(context: BotContext) -> NewTarget:
    if context.slots.target_new is None:
        context.slots.target_new = NewTarget()
    return context.slots.target_new


def _clean(text: str) -> str:
    """An answer as one field of the line: no separators inside."""
    return " ".join(text.replace(";", ",").replace("|", "/").split())


async def _added(update: Update, t: Translator, target: Target) -> None:
    await reply(
        update,
        t(
            "✅ Target №{number} added: {title}.",
            number=target.id,
            title=html.escape(target.title),
        ),
        InlineKeyboardMarkup(
            [[button(t("Open №{number}", number=target.id), OpenTarget(target.id))]]
        ),
    )


async def _problems(update: Update, t: Translator, error: LineProblems) -> None:
    lines = [t(error.message)] + ["• " + t(p) for p in error.problems] + ["", t(GRAMMAR)]
    await reply(update, "\n".join(lines), render.form_button(t))


async def one_line(
    update: Update, context: BotContext, identity: Identity, t: Translator, rest: list[str]
) -> None:
    if not may_set_targets(identity):
        raise NotAllowed(NOT_SETTER)
    if not rest or not rest[0].strip():
        await reply(update, t(GRAMMAR), render.form_button(t))
        return
    try:
        target = await context.services.targets.add_line(identity, rest[0])
    except LineProblems as error:
        await _problems(update, t, error)
        return
    await _added(update, t, target)


@member_only(refused=END)
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    if pressed(update, AddTargetForm) is None:
        await query.answer()
        return END
    if not may_set_targets(identity):
        raise NotAllowed(NOT_SETTER)
    await query.answer()
    context.slots.target_new = NewTarget()
    await reply(
        update,
        t(
            "What is the target called? For example <code>Lớp đào tạo</code> or <code>Đảng "
            "viên bị kỷ luật</code>. /huy to stop."
        ),
    )
    return TITLE


def _text(update: Update) -> str:
    message = update.effective_message
    return _clean((message.text if message else None) or "")


@member_only(refused=TITLE)
async def on_title(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    text = _text(update)
    if not text or len(text) > 200:
        await reply(update, t("Write the target's name, at most 200 characters."))
        return TITLE
    _draft(context).title = text
    await reply(
        update,
        t(
            "The target, with its comparator? For example <code>≥ 22</code>, <code>trên "
            "97%</code>, <code>100%</code>, <code>tối đa 2</code>, <code>không</code> (none)."
        ),
    )
    return PLANNED


@member_only(refused=PLANNED)
async def on_planned(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    text = _text(update)
    read = planned(text)
    if read is None:
        await reply(
            update,
            t(
                "I could not read «{text}» as a target: write a number with its comparator, e.g. "
                "<code>≥ 22</code>, <code>trên 97%</code> or <code>không</code>.",
                text=html.escape(text[:50]),
            ),
        )
        return PLANNED
    draft = _draft(context)
    draft.planned = text
    if read.unit:
        draft.unit = read.unit
        return await _ask_section(update, t)
    await reply(
        update,
        t(
            "In what unit? For example <code>lớp</code>, <code>học viên</code>, "
            "<code>đảng viên</code>, <code>%</code>; «bỏ qua» for none."
        ),
    )
    return UNIT


async def _ask_section(update: Update, t: Translator) -> int:
    rows = [
        [button(t(SECTION_NAMES[section]), PickSection(position))]
        for position, section in enumerate(SECTIONS)
    ]
    await reply(
        update,
        t("Under which section of the report? Press one, or write your own words."),
        InlineKeyboardMarkup(rows),
    )
    return SECTION


@member_only(refused=UNIT)
async def on_unit(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    text = _text(update)
    if len(text) > 30:
        await reply(update, t("The unit is longer than 30 characters: write it shorter."))
        return UNIT
    _draft(context).unit = "" if means_skip(text) else text
    return await _ask_section(update, t)


async def _ask_owner(update: Update, t: Translator) -> int:
    await reply(
        update,
        t(
            "Who owns it and records its value? A cell's name (<code>Phòng Đào tạo</code>) or a "
            "member's code or name; «bỏ qua»: the organisation (the committee)."
        ),
    )
    return OWNER


@member_only(refused=SECTION)
async def on_section_pressed(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, PickSection)
    await query.answer()
    if chosen is None or not 0 <= chosen.section < len(SECTIONS):
        return SECTION
    _draft(context).section = SECTIONS[chosen.section].value
    return await _ask_owner(update, t)


@member_only(refused=SECTION)
async def on_section(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    text = _text(update)
    if not text or len(text) > 80:
        await reply(update, t("Write the section in at most 80 characters, or press one."))
        return SECTION
    _draft(context).section = text
    return await _ask_owner(update, t)


@member_only(refused=OWNER)
async def on_owner(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    text = _text(update)
    draft = _draft(context)
    owner = "" if means_skip(text) else text
    section = draft.section
    if section in {s.value for s in Section}:
        section = section.replace("_", " ")
    line = "; ".join([draft.title, draft.planned, draft.unit, section, owner])
    try:
        target = await context.services.targets.add_line(identity, line)
    except LineProblems as error:
        context.slots.target_new = None
        await _problems(update, t, error)
        return END
    context.slots.target_new = None
    await _added(update, t, target)
    return END


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    return conversations.conversation(
        "target-add",
        entry_points=[CallbackQueryHandler(start, pattern=AddTargetForm.pattern())],
        states={
            TITLE: [MessageHandler(text, on_title)],
            PLANNED: [MessageHandler(text, on_planned)],
            UNIT: [MessageHandler(text, on_unit)],
            SECTION: [
                CallbackQueryHandler(on_section_pressed, pattern=PickSection.pattern()),
                MessageHandler(text, on_section),
            ],
            OWNER: [MessageHandler(text, on_owner)],
        },
    )
