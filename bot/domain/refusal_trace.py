"""Whether the refusal being handled was written to the audit log already.

Every refusal of what a member may not do is audited: many services write their own row (with
what was asked: a task's id, a meeting's) in the transaction after the refused one; the edge's
refusal path (``handlers.kit.auth.member_only``) audits any other :class:`NotAllowed`. The audit
log marks here, in the context of the update being handled, that it wrote a refusal, so the
edge does not write a second row for the same one.
"""

from __future__ import annotations

from contextvars import ContextVar

_audited: ContextVar[bool] = ContextVar("refusal_audited", default=False)


def start() -> None:
    """A new update: nothing refused yet."""
    _audited.set(False)


def mark_audited() -> None:
    _audited.set(True)


def audited() -> bool:
    return _audited.get()
