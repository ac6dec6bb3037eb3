"""Adding an item to the programme one owns (the committee: the organisation's; a cell's
secretary: the cell's; the commission: an inspection for a suspected violation).

In one line: ``/kiemtra them <loại>; <đối tượng>; <tháng>; <nội dung>[; <trưởng đoàn, thành
viên…>]``, e.g. ``/kiemtra them kiểm tra; Liên khoa; 5; Việc thực hiện nghị quyết; A4, B4``.
Or as a form, one question per message with examples: kind (buttons), content, target, month,
lead and team (or «bỏ qua»), method (or «bỏ qua»). What cannot be read is explained with the
grammar and an example; nothing is stored until every answer is read."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.domain.errors import UserError
from bot.domain.inspections.model import ItemKind, Target
from bot.domain.inspections.records import Item, ItemDraft
from bot.domain.model import Identity
from bot.domain.text import means_skip
from bot.i18n import N_, Translator
from bot.i18n.inspection_labels import ITEM_KIND_NAMES
from handlers.inspections.item_words import read_kind, read_month
from handlers.inspections.programme import show_card
from handlers.inspections.programme_buttons import AddItemForm, AddItemKind
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import reply

KIND, CONTENT, TARGET, MONTH, PEOPLE, METHOD = range(6)  # what is waited for
END = ConversationHandler.END

GRAMMAR = N_(
    "To add an item in one line: <code>/kiemtra them kind; target; month; content; lead, "
    "team</code> — the kind is «kiểm tra», «giám sát chuyên đề» or «giám sát thường xuyên»; "
    "the target a cell's name or a member's code or name; the month 1 to 12; the lead and team "
    "(codes or names) may be left out. For example: <code>/kiemtra them kiểm tra; Liên khoa; "
    "5; Việc thực hiện nghị quyết của chi bộ; A4</code>. Or press «📝 Fill in a form»."
)
BAD_KIND = N_("I could not read «{text}» as a kind of item.")
BAD_MONTH = N_("I could not read «{text}» as a month: write 1 to 12.")
TOO_FEW = N_("I need at least the kind, the target, the month and the content, separated by «;».")


@dataclass
class NewItem:
    """The form's answers so far."""

    kind: ItemKind = ItemKind.INSPECTION
    content: str = ""
    target: Target | None = None
    target_name: str = ""
    month: int = 0
    lead: int | None = None
    team: tuple[int, ...] = field(default_factory=tuple)


def _form_button(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t("📝 Fill in a form"), AddItemForm())]])


async def _people(context: BotContext, text: str) -> tuple[int | None, tuple[int, ...]]:
    names = [" ".join(n.split()) for n in text.split(",") if n.strip()]
    people = [await context.services.inspection_listing.person(name) for name in names]
    if not people:
        return None, ()
    return people[0].id, tuple(p.id for p in people[1:])


async def _add(context: BotContext, identity: Identity, new: NewItem, method: str = "") -> Item:
    listing = context.services.inspection_listing
    assert new.target is not None
    unit = await listing.unit_for(identity)
    year, _ = listing.drafting()
    return await context.services.inspection_drafts.add(
        identity,
        year,
        unit,
        ItemDraft(
            new.kind,
            new.content,
            new.target,
            new.month,
            lead_id=new.lead,
            team_ids=new.team,
            method=method,
        ),
    )


async def _added(
    update: Update, context: BotContext, identity: Identity, t: Translator, item: Item
) -> None:
    await reply(
        update,
        t(
            "✅ Added to the programme as №{id}: {content}.",
            id=str(item.id),
            content=html.escape(item.content),
        ),
    )
    await show_card(update, context, identity, t, item.id, edit=False)


async def one_line(
    update: Update, context: BotContext, identity: Identity, t: Translator, rest: str
) -> None:
    """``/kiemtra them …``: the item in one line, or, with nothing after it, how to write it."""
    await context.services.inspection_listing.unit_for(identity)  # refused if no programme
    parts = [" ".join(p.split()) for p in rest.split(";")]
    if not rest.strip():
        await reply(update, t(GRAMMAR), _form_button(t))
        return
    try:
        if len(parts) < 4 or not all(parts[:4]):
            raise UserError(TOO_FEW)
        kind = read_kind(parts[0])
        if kind is None:
            raise UserError(BAD_KIND, text=parts[0])
        month = read_month(parts[2])
        if month is None:
            raise UserError(BAD_MONTH, text=parts[2])
        target, name = await context.services.inspection_listing.target(parts[1])
        lead, team = await _people(context, parts[4]) if len(parts) > 4 else (None, ())
        new = NewItem(kind, parts[3], target, name, month, lead, team)
        item = await _add(context, identity, new)
    except UserError as error:
        await reply(update, refusal_text(error, t) + "\n\n" + t(GRAMMAR), _form_button(t))
        return
    await _added(update, context, identity, t, item)


# --- the form --------------------------------------------------------------------------------


def _draft(context: BotContext) -> NewItem:
    if context.slots.inspection_new is None:
        context.slots.inspection_new = NewItem()
    return context.slots.inspection_new


@member_only(refused=END)
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    await context.services.inspection_listing.unit_for(identity)
    await query.answer()
    context.slots.inspection_new = NewItem()
    kinds = [k for k in ItemKind if not k.is_restricted]
    keyboard = InlineKeyboardMarkup(
        [[button(t(ITEM_KIND_NAMES[k]), AddItemKind(k))] for k in kinds]
    )
    await reply(update, t("A new item: what kind is it? /huy to stop."), keyboard)
    return KIND


@member_only(refused=KIND)
async def on_kind(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, AddItemKind)
    await query.answer()
    if chosen is None:
        return KIND
    _draft(context).kind = chosen.kind
    await reply(
        update,
        t(
            "What does it inspect or supervise? For example <code>Việc thực hiện nghị quyết "
            "của chi bộ năm 2026</code>."
        ),
    )
    return CONTENT


@member_only(refused=CONTENT)
async def on_content(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    text = " ".join(((message.text if message else None) or "").split())
    if not text:
        raise UserError(N_("Write what the item inspects or supervises."))
    _draft(context).content = text
    await reply(
        update,
        t(
            "Whom is it about? Write a cell's name, e.g. <code>Liên khoa</code>, or a member's "
            "code or name, e.g. <code>B2</code>."
        ),
    )
    return TARGET


@member_only(refused=TARGET)
async def on_target(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = _draft(context)
    draft.target, draft.target_name = await context.services.inspection_listing.target(
        (message.text if message else None) or ""
    )
    await reply(update, t("In which month? Write 1 to 12, e.g. <code>5</code>."))
    return MONTH


@member_only(refused=MONTH)
async def on_month(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    text = (message.text if message else None) or ""
    month = read_month(text)
    if month is None:
        raise UserError(BAD_MONTH, text=text)
    _draft(context).month = month
    await reply(
        update,
        t(
            "Who leads it, and who is on the team? Codes or names separated by commas, the "
            "lead first, e.g. <code>A4, Lý Văn Khoa</code>; or «bỏ qua» to decide later."
        ),
    )
    return PEOPLE


@member_only(refused=PEOPLE)
async def on_people(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    text = (message.text if message else None) or ""
    draft = _draft(context)
    if not means_skip(text):
        draft.lead, draft.team = await _people(context, text)
    await reply(
        update,
        t("How is it done? For example <code>Nghe báo cáo, xem xét hồ sơ</code>; or «bỏ qua»."),
    )
    return METHOD


@member_only(refused=METHOD)
async def on_method(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    text = " ".join(((message.text if message else None) or "").split())
    item = await _add(context, identity, _draft(context), "" if means_skip(text) else text)
    context.slots.inspection_new = None
    await _added(update, context, identity, t, item)
    return END


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    return conversations.conversation(
        "inspection-add",
        entry_points=[CallbackQueryHandler(start, pattern=AddItemForm.pattern())],
        states={
            KIND: [CallbackQueryHandler(on_kind, pattern=AddItemKind.pattern())],
            CONTENT: [MessageHandler(text, on_content)],
            TARGET: [MessageHandler(text, on_target)],
            MONTH: [MessageHandler(text, on_month)],
            PEOPLE: [MessageHandler(text, on_people)],
            METHOD: [MessageHandler(text, on_method)],
        },
    )
