"""Words for an inspection item's states, the buttons that take its steps, the changes its
history records and how a draft's item is reviewed, in the reader's language."""

from __future__ import annotations

from bot.domain.inspections.model import ItemState
from bot.domain.inspections.records import Change, Review
from bot.i18n.translator import N_, Translator

STATE_NAMES = {
    ItemState.PLANNED: N_("planned"),
    ItemState.DECIDED: N_("decided (decision and plan issued)"),
    ItemState.NOTIFIED: N_("notified to the target"),
    ItemState.SELF_REPORT_RECEIVED: N_("self-report received"),
    ItemState.VERIFYING: N_("verifying"),
    ItemState.CONCLUDED: N_("concluded"),
    ItemState.CONCLUSION_NOTIFIED: N_("conclusion notified"),
    ItemState.REMEDIATING: N_("remediating"),
    ItemState.CLOSED: N_("closed"),
}

# The button that takes an item to each state.
STEP_BUTTONS = {
    ItemState.DECIDED: N_("📝 Decide"),
    ItemState.NOTIFIED: N_("📨 Notify the target"),
    ItemState.SELF_REPORT_RECEIVED: N_("📥 Self-report received"),
    ItemState.VERIFYING: N_("🔎 Start verifying"),
    ItemState.CONCLUDED: N_("⚖️ Conclude"),
    ItemState.CONCLUSION_NOTIFIED: N_("📣 Notify the conclusion"),
    ItemState.REMEDIATING: N_("🛠 Remediation under way"),
    ItemState.CLOSED: N_("✅ Close the item"),
}

# What the history says for each change that is not a step.
CHANGE_NAMES = {
    Change.CREATED: N_("added to the programme"),
    Change.MOVED: N_("moved to another month"),
    Change.TARGET: N_("target changed"),
    Change.TEAM: N_("lead and team changed"),
    Change.DROPPED: N_("dropped"),
    Change.ACCEPTED: N_("accepted"),
    Change.DETAILS: N_("details changed"),
    Change.REMEDIATION: N_("remediation action added"),
    Change.REMEDIATION_DONE: N_("remediation action done"),
    Change.REMEDIATION_VERIFIED: N_("remediation action verified"),
    Change.REMEDIATION_RETURNED: N_("remediation action sent back"),
    Change.SELF_REPORT: N_("self-report sent"),
}

REVIEW_NAMES = {
    Review.PROPOSED: N_("proposed"),
    Review.ACCEPTED: N_("accepted in review"),
    Review.DROPPED: N_("to be dropped"),
}


def state_label(state: ItemState, t: Translator) -> str:
    return t(STATE_NAMES[state])


def event_label(event: str, t: Translator) -> str:
    """A history line's event: a step (the state it reached) or another change."""
    if event in _STATES:
        return t(STATE_NAMES[ItemState(event)])
    if event in _CHANGES:
        return t(CHANGE_NAMES[Change(event)])
    return event


_STATES = frozenset(state.value for state in ItemState)
_CHANGES = frozenset(change.value for change in Change)
