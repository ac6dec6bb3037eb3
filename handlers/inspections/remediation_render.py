"""What /khacphuc shows: an owner's actions, the items a lead follows up with their actions and
buttons, and the notices owners and leads get through the outbox."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator, translator
from bot.services.inspections.remediation import ActionNotice, ActionView, Followed, Notice
from handlers.inspections.self_report import shorten
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData


@dataclass(frozen=True)
class OpenRemediation(CallbackData, prefix="irm:i:"):
    item: int


@dataclass(frozen=True)
class AddAction(CallbackData, prefix="irm:a:"):
    item: int


@dataclass(frozen=True)
class MarkDone(CallbackData, prefix="irm:d:"):
    action: int


@dataclass(frozen=True)
class VerifyAction(CallbackData, prefix="irm:v:"):
    action: int


@dataclass(frozen=True)
class ReturnAction(CallbackData, prefix="irm:r:"):
    action: int


def _status(view: ActionView, t: Translator) -> str:
    action = view.action
    if action.verified_at is not None:
        return t("verified")
    if action.done:
        return t("done, waiting for verification")
    return t("open")


def action_line(number: int, view: ActionView, t: Translator) -> str:
    return t(
        "{number}. {action} — {owner}, due {due} ({status})",
        number=number,
        action=html.escape(view.action.action),
        owner=html.escape(view.owner_name),
        due=view.action.due,
        status=_status(view, t),
    )


def overview(
    mine: list[ActionView], followed: list[Followed], t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    if mine:
        lines.append(t("<b>Your remediation actions</b>"))
        for number, view in enumerate(mine, 1):
            lines.append(action_line(number, view, t))
            lines.append("   " + t("for «{item}»", item=html.escape(view.item.content)))
            if not view.action.done:
                rows.append(
                    [button(t("✅ Done: {number}", number=number), MarkDone(view.action.id))]
                )
    if followed:
        if lines:
            lines.append("")
        lines.append(t("<b>Remediation you follow up</b>"))
        for followed_item in followed:
            item = followed_item.item
            verified = sum(1 for a in followed_item.actions if a.action.verified_at is not None)
            lines.append(
                t(
                    "• {item} — {target}: {verified}/{count} verified",
                    item=html.escape(item.content),
                    target=html.escape(followed_item.target_name),
                    verified=verified,
                    count=len(followed_item.actions),
                )
            )
            rows.append([button("📋 " + item.content[:50], OpenRemediation(item.id))])
    if not lines:
        return t("You have no remediation actions, and follow up none."), None
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


def item_view(followed: Followed, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    item = followed.item
    lines = [
        t(
            "<b>Remediation: {item}</b>\nTarget: {target}",
            item=html.escape(item.content),
            target=html.escape(followed.target_name),
        )
    ]
    if item.conclusion:
        lines.append(t("Conclusion: {summary}", summary=html.escape(item.conclusion)))
    rows = [[button(t("➕ Add an action"), AddAction(item.id))]]
    if not followed.actions:
        lines.append(t("No action yet."))
    for number, view in enumerate(followed.actions, 1):
        lines.append(action_line(number, view, t))
        if view.action.done_note:
            lines.append("   " + t("Note: {note}", note=html.escape(view.action.done_note)))
        if view.action.evidence_file_id:
            lines.append("   " + t("Evidence: a file was sent."))
        if view.action.done and view.action.verified_at is None:
            rows.append(
                [
                    button(t("☑️ Verify {number}", number=number), VerifyAction(view.action.id)),
                    button(t("↩️ Send back {number}", number=number), ReturnAction(view.action.id)),
                ]
            )
    if followed.all_verified:
        lines.append("")
        lines.append(
            t("✅ Every action is verified: the item can be closed (its card in /kiemtra).")
        )
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def new_action_notice(default_language: str) -> Notice:
    def render(told: ActionNotice) -> str:
        t = translator(told.language or default_language, default_language)
        return t(
            "📝 {by} has given you a remediation action for «{item}»: {action}, due {due}.\n"
            "When it is done, send /khacphuc and mark it done with a note or evidence.",
            by=html.escape(told.by),
            item=html.escape(told.view.item.content),
            action=html.escape(told.view.action.action),
            due=told.view.action.due,
        )

    return render


def done_notice(default_language: str) -> Notice:
    """The lead's notice, which may carry the evidence as a file: its caption is kept short."""

    def render(told: ActionNotice) -> str:
        t = translator(told.language or default_language, default_language)
        return t(
            "✅ {by} has marked a remediation action done: {action} («{item}»). Verify it or send "
            "it back with /khacphuc.",
            by=html.escape(told.by),
            item=html.escape(shorten(told.view.item.content, 200)),
            action=html.escape(shorten(told.view.action.action, 300)),
        )

    return render


def returned_notice(default_language: str) -> Notice:
    def render(told: ActionNotice) -> str:
        t = translator(told.language or default_language, default_language)
        return t(
            "↩️ {by} has sent your remediation action back: {action} («{item}»). Reason: "
            "{reason}\nMark it done again with /khacphuc when it is.",
            by=html.escape(told.by),
            item=html.escape(told.view.item.content),
            action=html.escape(told.view.action.action),
            reason=html.escape(told.reason),
        )

    return render
