"""/dangky (/register): a member registers a breakthrough task, one question at a time, or in
one line (``/dangky Tên | sản phẩm | hạn``). Only the member is told here; the secretary's
digest of new submissions is sent by the approvals job.

The answers live in ``context.slots`` while the conversation runs (in memory: a restart simply
ends it). Callback data carries only a step number or an area id; ``register`` re-checks
everything, so a forged or stale button cannot register anything the member could not type.
"""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.dates import deadline_example
from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.tasks import TaskDraft, Year
from bot.i18n import N_, Translator
from bot.services.tasks.task_fields import check_area, check_deadline, check_product, check_title
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.command_text import command_arguments, split_parts
from handlers.kit.context import BotContext
from handlers.kit.conversations import TIMEOUT_SECONDS
from handlers.kit.refusals import Shown, refusal_text
from handlers.kit.replies import replace, reply
from handlers.tasks import registration_steps as steps

END = ConversationHandler.END


def _answers(context: BotContext) -> steps.Answers | None:
    return context.slots.registration


def _forget(context: BotContext) -> None:
    context.slots.registration = None


async def _ask(update: Update, answers: steps.Answers, t: Translator, step: int) -> int:
    """Ask ``step``'s question (or show the preview), editing the pressed message if any."""
    answers.asking = step
    if step == steps.PREVIEW:
        await replace(update, steps.preview(answers, t), steps.preview_keyboard(t))
    elif step == steps.AREA:
        await replace(update, steps.question(step, answers, t), steps.area_keyboard(answers))
    else:
        await replace(update, steps.question(step, answers, t))
    return step


async def _ask_next(update: Update, answers: steps.Answers, t: Translator) -> int:
    return await _ask(update, answers, t, answers.next_step())


@member_only(refused=END)
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    _forget(context)  # /dangky again in the middle starts afresh
    year = await context.services.tasks.check_can_register(identity)
    line = command_arguments(update)
    if line:
        return await _register_line(update, context, identity, t, year, line)
    answers = steps.Answers(year, today=context.services.tasks.today())
    context.slots.registration = answers
    intro = t(
        "Registering a breakthrough task for {year} — <b>{theme}</b>.",
        year=year.year,
        theme=html.escape(year.theme),
    )
    await reply(update, intro + "\n\n" + steps.question(steps.TITLE, answers, t))
    return steps.TITLE


@member_only
async def on_text(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    answers = _answers(context)
    if answers is None:
        return END
    message = update.effective_message
    text = (message.text or "") if message is not None else ""
    step = answers.asking
    try:
        if step == steps.TITLE:
            answers.title = check_title(text)
        elif step == steps.PRODUCT:
            answers.product = check_product(text)
        elif step == steps.DEADLINE:
            answers.deadline = check_deadline(
                text, answers.year.year, context.services.tasks.today()
            )
        elif step == steps.AREA:
            answers.area = check_area(text, answers.year.areas)
        else:
            # Typing at the preview: show it again, with its buttons at the bottom of the chat.
            await reply(update, t("Please choose one of the options below."))
            return await _ask(update, answers, t, steps.PREVIEW)
    except UserError as error:
        keyboard = steps.area_keyboard(answers) if step == steps.AREA else None
        await reply(update, steps.ask_again(step, answers, error, t), keyboard)
        return step
    return await _ask_next(update, answers, t)


@member_only
async def on_other(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    """A photo, sticker or voice message where a text answer is expected: ask again."""
    answers = _answers(context)
    if answers is None:
        return END
    await reply(update, t("Please answer with a text message."))
    return await _ask(update, answers, t, answers.asking)


@member_only(refused=END, shown=Shown.IN_PLACE)
async def on_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    query = update.callback_query
    assert query is not None
    answers = _answers(context)
    if answers is None:
        await query.answer(t("This button is no longer active."))
        return END
    chosen = pressed(update, *steps.BUTTONS)
    complete = answers.next_step() == steps.PREVIEW
    previewed = complete and answers.asking == steps.PREVIEW
    if isinstance(chosen, steps.ConfirmRegistration) and previewed:
        await query.answer()
        _forget(context)
        done = await context.services.tasks.register(identity, answers.draft())
        await replace(update, steps.registered(done, t))
        return END
    if isinstance(chosen, steps.CancelRegistration):
        await query.answer()
        _forget(context)
        await replace(update, t("Registration cancelled; nothing was saved."))
        return END
    if isinstance(chosen, steps.EditRegistration) and complete:
        await query.answer()
        await replace(update, t("What do you want to change?"), steps.fields_keyboard(answers, t))
        return steps.PREVIEW
    if isinstance(chosen, steps.BackToPreview) and complete:
        await query.answer()
        return await _ask(update, answers, t, steps.PREVIEW)
    if isinstance(chosen, steps.RedoStep) and complete:
        await query.answer()
        valid = {steps.TITLE, steps.PRODUCT, steps.DEADLINE} | (
            {steps.AREA} if answers.year.areas else set()
        )
        if chosen.step in valid:
            return await _ask(update, answers, t, chosen.step)
        return await _ask(update, answers, t, steps.PREVIEW)
    if isinstance(chosen, steps.PickArea) and answers.asking == steps.AREA:
        area = next((a for a in answers.year.areas if a.id == chosen.area), None)
        await query.answer()
        if area is None:
            return await _ask(update, answers, t, steps.AREA)
        answers.area = area
        return await _ask_next(update, answers, t)
    # A button from an earlier step of this conversation.
    await query.answer(t("This button is no longer active."))
    return None


@member_only
async def cancel(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    _forget(context)
    await reply(update, t("Registration cancelled; nothing was saved."))
    return END


@member_only
async def timed_out(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    _forget(context)
    await reply(
        update,
        t(
            "We stopped the registration because there was no answer for a while; nothing was "
            "saved. Send /dangky whenever you are ready to start again."
        ),
    )


async def _register_line(
    update: Update, context: BotContext, identity: Identity, t: Translator, year: Year, line: str
) -> int:
    """``/dangky Tên | sản phẩm | hạn``, with ``| khâu`` if the member likes when the year has
    breakthrough areas; without it, the area is asked with buttons, then the preview as in the
    step-by-step form. Returns the conversation's state."""
    parts = split_parts(line)
    wanted = {3, 4} if year.areas else {3}
    deadline = f"{deadline_example(context.services.tasks.today(), year.year).day:%d/%m/%Y}"
    if year.areas:
        example = t(
            "Example: /dangky Write the textbook on leadership skills | 01 textbook approved by "
            "the academic council | {deadline} | 1",
            deadline=deadline,
        )
        areas = "; ".join(f"{n}. {a.name}" for n, a in enumerate(year.areas, 1))
        example += "\n" + t("Breakthrough areas: {areas}", areas=areas)
    else:
        example = t(
            "Example: /dangky Write the textbook on leadership skills | 01 textbook approved by "
            "the academic council | {deadline}",
            deadline=deadline,
        )
    try:
        if len(parts) not in wanted:
            raise UserError(
                N_(
                    "Please write the title, the product and the deadline (and, if you like, "
                    "the breakthrough area), separated by |."
                )
                if year.areas
                else N_("Please write the title, the product and the deadline, separated by |.")
            )
        draft = TaskDraft(
            check_title(parts[0]),
            check_product(parts[1]),
            check_deadline(parts[2], year.year, context.services.tasks.today()),
            check_area(parts[3], year.areas).id if len(parts) == 4 else None,
        )
    except UserError as error:
        reason = refusal_text(error, t)
        await reply(update, "⚠️ " + reason + "\n<i>" + html.escape(example) + "</i>")
        return END
    if year.areas and draft.area_id is None:
        answers = steps.Answers(
            year, title=draft.title, product=draft.product, deadline=draft.deadline
        )
        context.slots.registration = answers
        return await _ask(update, answers, t, steps.AREA)
    done = await context.services.tasks.register(identity, draft)
    await reply(update, steps.registered(done, t))
    return END


def conversation(timeout: float = TIMEOUT_SECONDS) -> ConversationHandler[BotContext]:
    """The /dangky conversation; ``timeout`` seconds without an answer end it politely. One
    registration at a time per member, whichever of its messages a button is on."""
    text = filters.TEXT & ~filters.COMMAND
    other = ~filters.COMMAND & ~filters.TEXT
    answer: list[BaseHandler[Update, BotContext, object]] = [
        MessageHandler(text, on_text),
        MessageHandler(other, on_other),
        CallbackQueryHandler(on_button, pattern=any_of(*steps.BUTTONS)),
    ]
    return conversations.conversation(
        "registration",
        [CommandHandler(["dangky", "register"], start)],
        {
            steps.TITLE: answer,
            steps.PRODUCT: answer,
            steps.DEADLINE: answer,
            steps.AREA: answer,
            steps.PREVIEW: answer,
        },
        on_cancel=cancel,
        on_timeout=timed_out,
        timeout=timeout,
    )
