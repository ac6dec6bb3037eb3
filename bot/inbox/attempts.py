"""Each update from the inbox, handled: claimed (its attempt counted before it runs, so an
attempt that dies with the process counts too), run, marked applied in the handler's own write
transaction when it changes something (storage/database.py: never handled again), its answer
kept on the entry before it goes out and the entry done as that answer is out
(:class:`bot.inbox.answering.AnswerMarkingLimiter`), or done right after it returns. A member
whose update was applied and not answered when the process stopped gets the kept answer at
start-up (:mod:`bot.inbox.kept_answers`); without one (the handler had not got to its answer,
or it was a file or a button's popup) they are told that it was recorded (what they asked for
was not lost either way). A failed attempt is tried again in the chat's turn after a short
pause; after ``max_attempts`` the update is set aside with its error and the member told politely. At
start-up, :meth:`InboxAttempts.resume` hands what was not handled to the application before
anything new, once; what has used up its attempts (a poison update that stopped the process,
say) is set aside there and never tried again."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.clock import Clock
from bot.domain.inbox import Attempt, InboxEntry, current_attempt
from bot.inbox.group_commit import GroupCommit
from bot.inbox.kept_answers import send_again
from storage.database import SqliteDatabase

log = logging.getLogger(__name__)

# Handled updates are kept this long to recognise a delivery of the same one again.
KEEP_DONE = timedelta(days=3)
# Before trying a failed update again: this, times the attempts so far (seconds).
RETRY_PAUSE = 0.5

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
# Tells the member about their update (handlers/kit/errors.py): set aside, or recorded.
Notice = Callable[[Update, AnyApplication], Awaitable[None]]


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _close(coroutine: Awaitable[Any]) -> None:
    if inspect.iscoroutine(coroutine):
        coroutine.close()


class InboxAttempts:
    """The inbox of one application (``channel``: the inbox's name for its updates)."""

    def __init__(
        self,
        channel: str,
        database: Callable[[], SqliteDatabase],
        clock: Clock,
        *,
        max_attempts: int,
        notice: Notice,
        recorded: Notice,
        retry_pause: float = RETRY_PAUSE,
    ) -> None:
        self.channel = channel
        self._database = database
        self._writes = GroupCommit(database, channel)
        self._clock = clock
        self.max_attempts = max_attempts
        self._notice = notice
        self._recorded = recorded
        self._retry_pause = retry_pause
        self._application: AnyApplication | None = None
        # Done marks on their way, by entry: the handler does not wait for them to go on.
        self._marking: dict[int, asyncio.Task[None]] = {}

    def bind(self, application: AnyApplication) -> None:
        """The application whose updates these are (built after this object)."""
        self._application = application

    @property
    def application(self) -> AnyApplication:
        if self._application is None:
            raise RuntimeError("the inbox is not bound to an application")
        return self._application

    async def store_polled(self, updates: list[dict[str, Any]]) -> None:
        """Telegram's ``getUpdates`` answer, stored before it is acknowledged. An update
        stored before (delivered again after a crash) is left as it is."""
        rows = [
            (str(u["update_id"]), int(u["update_id"]), json.dumps(u, ensure_ascii=False))
            for u in updates
            if isinstance(u, dict) and isinstance(u.get("update_id"), int)
        ]
        if not rows:
            return
        async with self._database().write() as uow:
            await uow.inbox.store(self.channel, rows, self._clock.now())

    async def run(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        if update_id is None:
            await coroutine
            return
        claim = await self._claim(update_id)
        if claim is None:  # not from the inbox (it was off, or a test handed it over)
            await coroutine
            return
        if not isinstance(claim, tuple):
            _close(coroutine)
            log.info("update %s %s was handled already: not again", self.channel, update_id)
            return
        assert isinstance(update, Update)
        entry, number = claim
        while True:
            attempt = Attempt(entry, number)
            token = current_attempt.set(attempt)
            try:
                await coroutine
            except Exception as error:  # what the application did not give its error handlers
                attempt.error = attempt.error or error
            finally:
                current_attempt.reset(token)
            if attempt.applied:
                marking = self._marking.pop(entry, None)
                if marking is not None:
                    try:
                        await marking
                    except Exception:  # at worst, told "recorded" after a restart
                        log.warning("could not mark an answered update done", exc_info=True)
                elif not attempt.answered:  # changed something, then answered nothing
                    await self._done(entry)
                return
            if attempt.error is None:
                await self._done(entry)
                return
            if number >= self.max_attempts:
                await self._set_aside(entry, update, _describe(attempt.error))
                return
            log.warning(
                "update %s %s failed (attempt %d of %d): %s; trying again",
                self.channel,
                update_id,
                number,
                self.max_attempts,
                _describe(attempt.error),
            )
            async with self._database().write() as uow:
                await uow.inbox.failed(entry, _describe(attempt.error))
            await asyncio.sleep(self._retry_pause * number)
            claim = await self._claim(update_id)
            if not isinstance(claim, tuple):
                return
            entry, number = claim
            coroutine = self.application.process_update(update)

    async def answered(self) -> None:
        """A call of the handler of the attempt under way reached the messenger: after its
        changes, that is its answer, so the update is done."""
        attempt = current_attempt.get()
        if attempt is None or not attempt.applied or attempt.answered:
            return
        attempt.answered = True
        # Written beside the handler's next steps, not before them: the handler's next call
        # should not wait for the inbox (the attempt waits for it before it ends).
        self._marking[attempt.entry] = asyncio.create_task(self._done(attempt.entry))

    def awaiting_answer(self) -> Attempt | None:
        """The attempt under way when its changes are committed and its answer is neither kept
        nor out yet: its next answering request is the one to keep."""
        attempt = current_attempt.get()
        if attempt is None or not attempt.applied or attempt.answered or attempt.answer_kept:
            return None
        return attempt

    def keep_answer(self, attempt: Attempt, answer: str) -> asyncio.Task[None]:
        """Writes ``answer`` (:func:`bot.inbox.kept_answers.kept_answer`) to the attempt's entry,
        with the inbox's other writes (group commit): made again at start-up if the process
        stops before the answer is out. The attempt's later requests are not kept."""
        attempt.answer_kept = True
        entry = attempt.entry

        async def keep() -> None:
            await self._writes.write(lambda uow: uow.inbox.keep_answer(entry, answer))

        return asyncio.create_task(keep(), name="inbox-keep-answer")

    async def _claim(self, update_id: int) -> tuple[int, int] | bool | None:
        return await self._writes.claim(update_id)

    async def _done(self, entry: int) -> None:
        await self._writes.done(entry, self._clock.now())

    async def _set_aside(self, entry: int, update: Update | None, error: str) -> None:
        log.error(
            "update %s (inbox entry %d) set aside after %d attempts: %s",
            self.channel,
            entry,
            self.max_attempts,
            error,
        )
        async with self._database().write() as uow:
            await uow.inbox.set_aside(entry, error, self._clock.now())
        if update is None:
            return
        try:
            await self._notice(update, self.application)
        except Exception:
            log.warning("could not tell the member their update was set aside", exc_info=True)

    async def resume(self) -> int:
        """At start-up, before anything new: attempts the process died in are counted, what
        has used up its attempts is set aside (the member told), the rest goes to the
        application's queue in the order it came. How many were queued."""
        async with self._database().write() as uow:
            interrupted = await uow.inbox.interrupted(self.channel)
            await uow.inbox.prune(self._clock.now() - KEEP_DONE)
            unanswered = await uow.inbox.unanswered(self.channel)
            for entry in unanswered:
                await uow.inbox.done(entry.id, self._clock.now())
            entries = await uow.inbox.unfinished(self.channel)
        if interrupted:
            log.warning("%d update(s) were being handled when the bot stopped", interrupted)
        answers_again = 0
        for entry in unanswered:
            if entry.answer is not None:
                try:
                    await send_again(self.application.bot, entry.answer)
                    answers_again += 1
                    continue
                except Exception:
                    log.warning(
                        "could not send inbox entry %d's kept answer again; the member is told"
                        " it was recorded",
                        entry.id,
                        exc_info=True,
                    )
            update = self._update_of(entry)
            if update is None:
                continue
            try:
                await self._recorded(update, self.application)
            except Exception:
                log.warning("could not tell the member their update was recorded", exc_info=True)
        if unanswered:
            log.info(
                "%d update(s) were done and not answered before the restart: %d answer(s) sent"
                " again, the other members told their message was recorded",
                len(unanswered),
                answers_again,
            )
        queued = 0
        for entry in entries:
            update = self._update_of(entry)
            if entry.attempts >= self.max_attempts or update is None:
                reason = (
                    f"the bot stopped {entry.attempts} time(s) while handling it"
                    if update is not None
                    else "the update could not be read"
                )
                await self._set_aside(entry.id, update, entry.last_error or reason)
                continue
            await self.application.update_queue.put(update)
            queued += 1
        if queued:
            log.info("%d update(s) received before the restart are handled first", queued)
        return queued

    def _update_of(self, entry: InboxEntry) -> Update | None:
        try:
            data = json.loads(entry.payload)
            data["update_id"] = entry.update_id
            return Update.de_json(data, self.application.bot)
        except Exception:
            log.exception("inbox entry %d could not be read as an update", entry.id)
            return None
