"""What the registration conversation says: one question per step with an example, the
preview with Confirm / Edit / Cancel, and the buttons. The handlers are in
:mod:`handlers.tasks.registration`."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardMarkup

from bot.domain.errors import UserError
from bot.domain.tasks import MAX_TITLE, Area, TaskDraft, Year
from bot.formatting import day
from bot.i18n import N_, NP_, Contextual, Translator
from bot.services.tasks.tasks import Registered
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData
from handlers.kit.date_prompts import deadline_examples
from handlers.kit.refusals import refusal_text

# The conversation's states, one per question, then the preview.
TITLE, PRODUCT, DEADLINE, AREA, PREVIEW = range(5)


# Callback data: short, and carrying ids only.
@dataclass(frozen=True)
class ConfirmRegistration(CallbackData, prefix="reg:ok"):
    pass


@dataclass(frozen=True)
class EditRegistration(CallbackData, prefix="reg:edit"):
    pass


@dataclass(frozen=True)
class CancelRegistration(CallbackData, prefix="reg:no"):
    pass


@dataclass(frozen=True)
class BackToPreview(CallbackData, prefix="reg:back"):
    pass


@dataclass(frozen=True)
class RedoStep(CallbackData, prefix="reg:fix:"):
    """The state of the question to ask again."""

    step: int


@dataclass(frozen=True)
class PickArea(CallbackData, prefix="reg:area:"):
    area: int


BUTTONS = (
    ConfirmRegistration,
    EditRegistration,
    CancelRegistration,
    BackToPreview,
    RedoStep,
    PickArea,
)

QUESTIONS = {
    TITLE: N_(
        "<b>Step {step}/{steps}.</b> What breakthrough task do you register? "
        "Write its title (at most {max} characters)."
    ),
    PRODUCT: N_(
        "<b>Step {step}/{steps}.</b> What concrete product or measure will show it is done?"
    ),
    DEADLINE: N_("<b>Step {step}/{steps}.</b> By when will it be done?"),
    AREA: N_(
        "<b>Step {step}/{steps}.</b> Which breakthrough area does it serve? "
        "Choose one below, or type its number."
    ),
}
EXAMPLES = {
    TITLE: N_("Example: Write the textbook on leadership skills for heads of department"),
    PRODUCT: N_("Example: 01 textbook approved by the academic council"),
    DEADLINE: N_("Example: {examples}"),  # built from today: see example()
    AREA: N_("Example: 1"),
}
ASK_AGAIN = {
    TITLE: N_("Please write the title again."),
    PRODUCT: N_("Please write the product again."),
    DEADLINE: N_("Please write the deadline again."),
    AREA: N_("Please choose the area again."),
}
FIELD_NAMES: dict[int, str | Contextual] = {
    TITLE: NP_("task", "Title"),
    PRODUCT: N_("Product"),
    DEADLINE: N_("Deadline"),
    AREA: N_("Breakthrough area"),
}


@dataclass
class Answers:
    """What the member has answered so far; kept in ``context.slots`` while the conversation
    runs."""

    year: Year
    asking: int = TITLE
    title: str | None = None
    product: str | None = None
    deadline: date | None = None
    area: Area | None = None
    today: date | None = None  # the examples are built from it

    @property
    def steps(self) -> int:
        return 4 if self.year.areas else 3

    def next_step(self) -> int:
        """The first question not yet answered; the preview once all are."""
        if self.title is None:
            return TITLE
        if self.product is None:
            return PRODUCT
        if self.deadline is None:
            return DEADLINE
        if self.year.areas and self.area is None:
            return AREA
        return PREVIEW

    def current(self, step: int, t: Translator) -> str | None:
        """The answer already given for ``step`` (when the member is editing it)."""
        if step == TITLE:
            return self.title
        if step == PRODUCT:
            return self.product
        if step == DEADLINE:
            return None if self.deadline is None else day(self.deadline, t.language)
        return None if self.area is None else self.area.name

    def draft(self) -> TaskDraft:
        assert self.title is not None and self.product is not None and self.deadline is not None
        return TaskDraft(
            self.title, self.product, self.deadline, None if self.area is None else self.area.id
        )


def example(step: int, answers: Answers, t: Translator) -> str:
    if step == DEADLINE:
        year = answers.year.year
        today = answers.today or date(year, 1, 1)
        return "<i>" + t(EXAMPLES[step], examples=deadline_examples(today, year, t)) + "</i>"
    return "<i>" + html.escape(t(EXAMPLES[step])) + "</i>"


def question(step: int, answers: Answers, t: Translator) -> str:
    lines = [
        t(QUESTIONS[step], step=step + 1, steps=answers.steps, max=MAX_TITLE),
        example(step, answers, t),
    ]
    if step == AREA:
        lines[1:1] = [f"{n}. {html.escape(a.name)}" for n, a in enumerate(answers.year.areas, 1)]
    now = answers.current(step, t)
    if now is not None:
        lines.append(t("Now: {value}", value=html.escape(now)))
    lines += ["", t("Send /huy to stop without saving.")]
    return "\n".join(lines)


def ask_again(step: int, answers: Answers, error: UserError, t: Translator) -> str:
    """The reason the answer did not fit, what to do, and the example."""
    return "\n".join(
        [
            "⚠️ " + refusal_text(error, t),
            t(ASK_AGAIN[step]),
            example(step, answers, t),
        ]
    )


def area_keyboard(answers: Answers) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(f"{n}. {a.name}", PickArea(a.id))] for n, a in enumerate(answers.year.areas, 1)]
    )


def preview(answers: Answers, t: Translator) -> str:
    assert answers.deadline is not None
    lines = [
        t("<b>Please check your task before sending it</b>"),
        "",
        t("Title: {title}", title=html.escape(answers.title or "")),
        t("Product: {product}", product=html.escape(answers.product or "")),
        t("Deadline: {deadline}", deadline=day(answers.deadline, t.language)),
    ]
    if answers.area is not None:
        lines.append(t("Breakthrough area: {area}", area=html.escape(answers.area.name)))
    lines += ["", t("Is everything right? Choose Confirm to send it.")]
    return "\n".join(lines)


def preview_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button("✅ " + t("Confirm"), ConfirmRegistration()),
                button("✏️ " + t("Edit"), EditRegistration()),
                button("✖️ " + t("Cancel"), CancelRegistration()),
            ]
        ]
    )


def fields_keyboard(answers: Answers, t: Translator) -> InlineKeyboardMarkup:
    """One button per field the member can redo, then back to the preview."""
    fields = [TITLE, PRODUCT, DEADLINE] + ([AREA] if answers.year.areas else [])
    rows = [[button(t(FIELD_NAMES[f]), RedoStep(f))] for f in fields]
    rows.append([button("« " + t("Back"), BackToPreview())])
    return InlineKeyboardMarkup(rows)


def registered(done: Registered, t: Translator) -> str:
    title = html.escape(done.task.title)
    if done.needs_approval:
        return t(
            "Thank you! Your task <b>{title}</b> was sent to your cell secretary for approval; "
            "you will be told when it is approved or returned.\nYour tasks: /congviec",
            title=title,
        )
    return t(
        "Thank you! Your task <b>{title}</b> is registered for {year}.\n"
        "Your tasks and progress: /congviec",
        title=title,
        year=done.year.year,
    )
