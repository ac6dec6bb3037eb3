"""/tukiemdiem (/selfreview): the member's evidence from the bot first, then the self-review —
the filled form sent as a document or a photo, or the six questions answered one message each
— then the self-assessed level (buttons) and, where the organisation scores, a score. The bot
saves it and says whether the level fits the bands and conditions, and why not. Sent again
until the cell meets, it replaces the earlier one.

The level's buttons carry the level only: whose review it is comes from who presses."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.model import Identity
from bot.domain.ratings.levels import LEVELS, Level
from bot.domain.ratings.records import ANSWERS
from bot.i18n import N_, Translator
from bot.services.ratings.self_reviews import MyReview, check_answer, parse_score
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.ratings.rating_text import (
    NOT_RATED_NAMES,
    checked_text,
    cycle_dates,
    evidence_text,
    level_name,
    period,
)

COMMANDS = ["tukiemdiem", "selfreview"]
CHOOSING, ANSWERING, LEVEL, SCORE = range(4)
END = ConversationHandler.END

# One question a message, each with an example of an answer.
QUESTIONS = {
    "strengths": N_(
        "1/6 — <b>Strengths</b>: what did you do well this year? For example: «Hoàn thành "
        "đúng hạn 5/5 công việc đăng ký; hướng dẫn 2 đồng chí mới»."
    ),
    "shortcomings": N_(
        "2/6 — <b>Shortcomings</b>: what fell short? For example: «Báo cáo tiến độ còn chậm»."
    ),
    "causes": N_("3/6 — <b>Causes</b>: why? For example: «Chưa sắp xếp thời gian hợp lý»."),
    "fixes": N_(
        "4/6 — <b>What you will fix, and how</b>. For example: «Lập kế hoạch tuần, báo cáo "
        "trước thứ Sáu»."
    ),
    "commitment": N_(
        "5/6 — <b>Your commitment to self-improvement</b> (tu dưỡng, rèn luyện). For example: "
        "«Giữ gìn phẩm chất, tích cực học tập nghị quyết»."
    ),
    "example": N_(
        "6/6 — <b>Setting an example</b> (nêu gương): how? For example: «Đi đầu trong chuyển "
        "đổi số của đơn vị»."
    ),
}


@dataclass
class ReviewDraft:
    answers: dict[str, str] = field(default_factory=dict)
    file_id: str | None = None
    file_kind: str | None = None
    level: Level | None = None


@dataclass(frozen=True)
class AnswerQuestions(CallbackData, prefix="rsr:q"):
    pass


@dataclass(frozen=True)
class ChooseSelfLevel(CallbackData, prefix="rsr:l:"):
    level: Level


def _levels(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(level_name(level, t), ChooseSelfLevel(level))] for level in LEVELS]
    )


def _status(mine: MyReview, t: Translator) -> str:
    entry = mine.entry
    lines = [
        t("<b>Self-review for {period}</b>", period=period(mine.cycle, t)),
        cycle_dates(mine.cycle, t),
    ]
    if entry.not_rated is not None:
        lines.append(
            t(
                "You are not rated in this cycle: {reason}.",
                reason=t(NOT_RATED_NAMES[entry.not_rated]),
            )
        )
    if mine.cycle.published and entry.level is not None:
        lines.append(
            t("The committee's rating of you: <b>{level}</b>.", level=level_name(entry.level, t))
        )
    if entry.review is not None:
        review = entry.review
        how = t("the filled form") if review.file_id else t("answers to the questions")
        lines.append(
            t(
                "Your self-review is in ({how}), self-assessed: {level}.",
                how=how,
                level=level_name(review.level, t),
            )
        )
    lines.append("")
    lines.append(evidence_text(mine.evidence, mine.rules, t))
    return "\n".join(lines)


@member_only(refused=END)
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    mine = await context.services.self_reviews.mine(identity)
    writes = mine.entry.not_rated is None or mine.entry.not_rated.writes_self_review
    if not mine.editable or not writes:
        text = _status(mine, t)
        if not mine.cycle.published and writes:
            text += "\n\n" + t(
                "Your cell has met on the ratings: the self-review can no longer be changed."
            )
        await reply(update, text)
        return END
    context.slots.rating_review = ReviewDraft()
    keyboard = InlineKeyboardMarkup(
        [[button(t("✍️ Answer the questions one by one"), AnswerQuestions())]]
    )
    await reply(
        update,
        _status(mine, t)
        + "\n\n"
        + t(
            "Send the filled self-review form (a document or a photo), or answer the questions "
            "one message each. /huy to stop."
        ),
        keyboard,
    )
    return CHOOSING


def _next_question(draft: ReviewDraft) -> str | None:
    return next((key for key in ANSWERS if key not in draft.answers), None)


@member_only(refused=END)
async def on_questions(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    query = update.callback_query
    if query is not None:
        await query.answer()
    draft = context.slots.rating_review
    if draft is None:
        return END
    await context.services.self_reviews.writable(identity)
    draft.answers.clear()
    await reply(update, t(QUESTIONS[ANSWERS[0]]))
    return ANSWERING


@member_only(refused=ANSWERING)
async def on_answer(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = context.slots.rating_review
    if message is None or draft is None:
        return END
    text = (message.text or "").strip()
    key = _next_question(draft)
    if key is None:
        return END
    if not text:
        await reply(update, t(QUESTIONS[key]))
        return ANSWERING
    draft.answers[key] = check_answer(text)
    following = _next_question(draft)
    if following is not None:
        await reply(update, t(QUESTIONS[following]))
        return ANSWERING
    await reply(update, t("Your self-assessed level:"), _levels(t))
    return LEVEL


@member_only(refused=CHOOSING)
async def on_form(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = context.slots.rating_review
    if message is None or draft is None:
        return END
    if message.document is not None:
        draft.file_id, draft.file_kind = message.document.file_id, "document"
    elif message.photo:
        draft.file_id, draft.file_kind = message.photo[-1].file_id, "photo"
    else:
        return CHOOSING
    await reply(update, t("📎 Form received. Your self-assessed level:"), _levels(t))
    return LEVEL


@member_only(refused=LEVEL)
async def on_level(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    chosen = pressed(update, ChooseSelfLevel)
    draft = context.slots.rating_review
    if query is not None:
        await query.answer()
    if chosen is None or draft is None:
        return END
    draft.level = chosen.level
    if context.services.self_reviews.rules.scores:
        await reply(
            update,
            t(
                "{level}. Your self-assessed score out of 100 (for example 85):",
                level=level_name(chosen.level, t),
            ),
        )
        return SCORE
    return await _submit(update, context, identity, t, draft, None)


@member_only(refused=SCORE)
async def on_score(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = context.slots.rating_review
    if message is None or draft is None:
        return END
    score = parse_score(message.text or "")
    return await _submit(update, context, identity, t, draft, score)


async def _submit(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    draft: ReviewDraft,
    score: int | None,
) -> int:
    assert draft.level is not None
    service = context.services.self_reviews
    checked = await service.submit(
        identity,
        answers=draft.answers,
        file_id=draft.file_id,
        file_kind=draft.file_kind,
        level=draft.level,
        score=score,
        channel=context.channel,
    )
    mine = await service.mine(identity)
    context.slots.rating_review = None
    await reply(
        update,
        t("✅ Your self-review is saved.")
        + "\n"
        + checked_text(checked, service.rules, mine.evidence, t)
        + "\n"
        + t(
            "You may change it with /tukiemdiem until your cell meets ({day}).",
            day=mine.cycle.cells_by,
        ),
    )
    return END


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    return conversations.conversation(
        "rating-self-review",
        entry_points=[CommandHandler(COMMANDS, start)],
        states={
            CHOOSING: [
                CallbackQueryHandler(on_questions, pattern=AnswerQuestions.pattern()),
                MessageHandler(filters.Document.ALL | filters.PHOTO, on_form),
                MessageHandler(text, on_questions),  # typing: the questions it is
            ],
            ANSWERING: [MessageHandler(text, on_answer)],
            LEVEL: [CallbackQueryHandler(on_level, pattern=ChooseSelfLevel.pattern())],
            SCORE: [MessageHandler(text, on_score)],
        },
    )
