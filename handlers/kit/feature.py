"""What a feature gives the bot: one small interface, so that the hubs (the handler wiring, the
command menu, the composition root) are lists of features and adding one touches none of them
but for its line in ``handlers.wiring.FEATURES``.

The handlers are built anew for every application (a conversation keeps its members' state, and
the wiring wraps its steps), so a feature gives functions that build them, not the handlers.
Where each kind of handler goes in the order that matters is stated in ``handlers.wiring``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from handlers.kit.commands import Command
from scheduler.jobs import Job

Handlers = Callable[[], Sequence[BaseHandler[Update, Any, Any]]]


def _none() -> Sequence[Any]:
    return ()


@dataclass(frozen=True)
class Feature:
    name: str
    # Its entries in /help and the command menu, in the order shown.
    commands: tuple[Command, ...] = ()
    # Conversations: while one waits for an answer, what the member types is that answer.
    conversations: Handlers = _none
    # What also acts in group chats (any other command there gets a pointer to a private chat).
    group_handlers: Handlers = _none
    # Its commands and buttons.
    handlers: Handlers = _none
    # Private text that no command, button or conversation took (the plain questions).
    plain_text: Handlers = _none
    # Its jobs, given their renderers (the scheduler may not import the handlers).
    jobs: tuple[Job, ...] = ()
