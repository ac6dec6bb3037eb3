"""Words for a task's status, in the reader's language."""

from __future__ import annotations

from bot.domain.tasks import TaskStatus
from bot.i18n.translator import N_, Translator

STATUS_NAMES = {
    TaskStatus.SUBMITTED: N_("waiting for approval"),
    TaskStatus.RETURNED: N_("returned"),
    TaskStatus.IN_PROGRESS: N_("in progress"),
    TaskStatus.DONE: N_("done"),
    TaskStatus.EXCEEDED: N_("exceeded the target"),  # "vượt chỉ tiêu", never a lone "vượt"
    TaskStatus.NOT_ACHIEVED: N_("not achieved"),
    TaskStatus.WITHDRAWN: N_("withdrawn"),
}

# A verdict as the undo button and the history name it ("vượt chỉ tiêu", not a lone "vượt").
VERDICT_NAMES = {
    TaskStatus.DONE: N_("done"),
    TaskStatus.EXCEEDED: N_("exceeded the target"),
    TaskStatus.NOT_ACHIEVED: N_("not achieved"),
}


def status_label(status: TaskStatus, t: Translator) -> str:
    return t(STATUS_NAMES[status])
