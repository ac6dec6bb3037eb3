"""What a change to the year would do, in words, for the chat (HTML) and the command line
(plain text): ``escape`` is ``html.escape`` for the one, ``str`` for the other. And what a
member is told when registration is reopened for them. No Telegram (a contract keeps it so),
so the command line may read it."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from bot import formatting
from bot.domain.year_changes import AreaPlan, AreaRemoval, YearChange
from bot.i18n import Translator, translator
from bot.services.tasks.reopening import Notice, Reopened

Escape = Callable[[str], str]


def year_change_lines(change: YearChange, t: Translator, escape: Escape) -> list[str]:
    """One line per consequence a member would notice; empty when there is none."""
    after, lines = change.after, []
    if change.switches_year and change.before is not None:
        lines.append(
            t(
                "⚠️ {new} becomes the current year instead of {old}: everyone will see the tasks "
                "and the registration of {new}.",
                new=str(after.year),
                old=str(change.before.year),
            )
        )
    if change.shuts_registration:
        if after.closes < change.today:
            lines.append(
                t(
                    "⚠️ Registration closes for everyone now: the closing date {closes} has "
                    "already passed (today is {today}).",
                    closes=after.closes,
                    today=change.today,
                )
            )
        else:
            lines.append(
                t(
                    "⚠️ Registration closes for everyone now, and opens only on {opens}.",
                    opens=after.opens,
                )
            )
    if change.over_limit:
        names = ", ".join(
            f"{escape(o.name)} ({formatting.number(o.registered, t.language)})"
            for o in change.over_limit
        )
        lines.append(
            t.ngettext(
                "⚠️ {n} member has registered more than {max} tasks: {names}. The tasks stay; "
                "they cannot register more.",
                "⚠️ {n} members have registered more than {max} tasks: {names}. The tasks stay; "
                "they cannot register more.",
                len(change.over_limit),
                max=after.max_tasks,
                names=names,
            )
        )
    return lines


def _examples(removal: AreaRemoval, t: Translator, escape: Escape) -> str:
    shown = "; ".join(f"{escape(e.owner_name)}: {escape(e.title)}" for e in removal.examples)
    more = removal.tasks - len(removal.examples)
    if more > 0:
        shown += " " + t("and {n} more", n=more)
    return shown


def area_plan_lines(
    plan: AreaPlan, moves: Mapping[int, int], t: Translator, escape: Escape
) -> list[str]:
    """The new list, each area with what happens to it and its tasks, then the areas that
    go and where their tasks move (as far as chosen)."""
    lines = [t("The breakthrough areas after the change:")]
    for number, slot in enumerate(plan.slots, 1):
        name = escape(slot.name)
        if slot.area_id is None:
            lines.append(t("{number}. {name} — new", number=number, name=name))
        elif slot.renamed:
            assert slot.old_name is not None
            lines.append(
                t.ngettext(
                    "{number}. {name} — renamed from «{old}»; its {n} task keeps it",
                    "{number}. {name} — renamed from «{old}»; its {n} tasks keep it",
                    slot.tasks,
                    number=number,
                    name=name,
                    old=escape(slot.old_name),
                )
            )
        else:
            lines.append(
                t.ngettext(
                    "{number}. {name} — unchanged ({n} task)",
                    "{number}. {name} — unchanged ({n} tasks)",
                    slot.tasks,
                    number=number,
                    name=name,
                )
            )
    for removal in plan.removed:
        name = escape(removal.area.name)
        target = moves.get(removal.area.id)
        if not removal.tasks:
            lines.append(t("✖ «{name}» is removed; no task carries it.", name=name))
        elif target is None:
            tasks = _examples(removal, t, escape)
            lines.append(
                t.ngettext(
                    "✖ «{name}» is removed; {n} task carries it: {tasks}",
                    "✖ «{name}» is removed; {n} tasks carry it: {tasks}",
                    removal.tasks,
                    name=name,
                    tasks=tasks,
                )
            )
        else:
            lines.append(
                t.ngettext(
                    "✖ «{name}» is removed; its {n} task moves to «{target}».",
                    "✖ «{name}» is removed; its {n} tasks move to «{target}».",
                    removal.tasks,
                    name=name,
                    target=escape(plan.slots[target].name),
                )
            )
    return lines


def reopened_notice(default_language: str) -> Notice:
    """The member's notice that registration was reopened for them, in their language."""

    def render(done: Reopened) -> str:
        t = translator(done.language or default_language, default_language)
        if done.granted_by is None:
            return t(
                "Registration of breakthrough tasks for {year} has been reopened for you until "
                "{until}. Send /dangky to register.",
                year=done.year.year,
                until=done.until,
            )
        return t(
            "{by} has reopened registration of breakthrough tasks for {year} for you until "
            "{until}. Send /dangky to register.",
            by=html.escape(done.granted_by),
            year=done.year.year,
            until=done.until,
        )

    return render
