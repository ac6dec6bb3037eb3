"""Words for what one dated update of a task did, in the reader's language."""

from __future__ import annotations

from bot.domain.tasks import UpdateKind
from bot.i18n.translator import N_

# {text} is the note or the reason, {progress} the percentage; a verdict's product or reason
# follows its name.
UPDATE_NAMES = {
    UpdateKind.SUBMITTED: N_("registered"),
    UpdateKind.APPROVED: N_("approved"),
    UpdateKind.RETURNED: N_("returned: {text}"),
    UpdateKind.PROGRESS: N_("progress {progress}%"),
    UpdateKind.NOTE: N_("note: {text}"),
    UpdateKind.EVIDENCE: N_("evidence"),
    UpdateKind.DONE: N_("marked done"),
    UpdateKind.EXCEEDED: N_("marked exceeded"),
    UpdateKind.NOT_ACHIEVED: N_("marked not achieved"),
    UpdateKind.EDITED: N_("edited the task"),
    UpdateKind.WITHDRAWN: N_("withdrawn: {text}"),
    # {status} is the verdict taken back
    UpdateKind.REOPENED: N_("undid «{status}», back to {progress}%"),
}

FILE_KINDS = {"document": N_("a document"), "photo": N_("a photo")}
