"""The sender: the only way out for messages the bot sends unprompted.

One long-lived task per channel claims that channel's due rows from the outbox (within its
monthly quota, if it has one), paces them (overall rate, per chat, per group, the platform's
429 pauses), sends them on a bot of its own (so replies to members never queue behind a
broadcast; a Zalo bot speaks the Bot API through its request class, so this code is the same
for both), and writes every outcome as soon as it is known. At most ``concurrency``
messages are in flight; after a crash those few may be sent twice — the only duplicates
possible. The JobQueue only calls :meth:`Sender.wake`; all state is in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.domain.model import Channel
from bot.domain.outbox import Delivery, FileKind
from bot.services.delivery import DeliveryService
from scheduler.pacing import Pacer

log = logging.getLogger(__name__)

MAX_IDLE_WAIT = 5.0
# Writing an outcome the database refused: again after 0.2 s, doubling up to 5 s.
RECORD_RETRY_FIRST = 0.2
RECORD_RETRY_MAX = 5.0
RECORD_TRIES_WHEN_STOPPING = 3

Outcome = Callable[[], Awaitable[None]]


class Sender:
    def __init__(
        self,
        bot: Bot,
        delivery: DeliveryService,
        *,
        channel: Channel = Channel.TELEGRAM,
        rate: float = 25.0,
        concurrency: int = 8,
        max_attempts: int = 5,
        backoff_base: float = 2.0,
    ) -> None:
        self._bot = bot
        self._delivery = delivery
        self.channel = channel
        self._pacer = Pacer(rate)
        self._slots = asyncio.Semaphore(concurrency)
        self.concurrency = concurrency
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._wake = asyncio.Event()
        self._stopping = False
        self._in_flight: set[asyncio.Task[None]] = set()
        # One message at a time per chat, in the order claimed: a long notice's parts must
        # arrive in order. A chat with one in hand queues the rest here (still claimed).
        self._chats: dict[int, deque[Delivery]] = {}

    def wake(self) -> None:
        """Something was enqueued, or it is time to look again."""
        self._wake.set()

    async def run(self) -> None:
        await self._resume()
        while not self._stopping:
            # Cleared before looking, so a wake() that arrives while we look is not lost.
            self._wake.clear()
            try:
                batch = await self._delivery.claim(self.concurrency * 4, self.channel)
            except Exception:
                log.exception("could not read the outbox")
                await self._idle(MAX_IDLE_WAIT)
                continue
            if not batch:
                await self._idle(await self._seconds_to_next_due())
                continue
            for delivery in batch:
                await self._dispatch(delivery)
        await self._drain()

    async def _resume(self) -> None:
        """What the last stop left: tried until the database accepts it (a database that
        refuses writes at start-up must not end the sender for good)."""
        failures = 0
        while not self._stopping:
            try:
                requeued = await self._delivery.requeue_interrupted()
                superseded = await self._delivery.skip_superseded()
            except Exception:
                failures += 1
                if failures == 1:
                    log.exception("could not resume the outbox; trying again")
                await self._idle(MAX_IDLE_WAIT)
                continue
            if requeued:
                log.info("sending again %d message(s) interrupted by the last stop", requeued)
            if superseded:
                log.info(
                    "skipped %d reminder(s) overtaken by a later one during the stop", superseded
                )
            return

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def _idle(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=max(0.01, seconds))

    async def _seconds_to_next_due(self) -> float:
        due = await self._delivery.next_due(self.channel)
        if due is None:
            return MAX_IDLE_WAIT
        return min(MAX_IDLE_WAIT, (due - self._delivery.now()).total_seconds())

    async def _dispatch(self, delivery: Delivery) -> None:
        waiting = self._chats.get(delivery.chat_id)
        if waiting is not None:
            waiting.append(delivery)
            return
        self._chats[delivery.chat_id] = deque()
        await self._dispatch_now(delivery)

    def _chat_done(self, chat_id: int) -> None:
        """The chat's message is settled: its next one, if any, goes on."""
        waiting = self._chats.get(chat_id)
        if not waiting:
            self._chats.pop(chat_id, None)
            return
        if self._stopping:
            return  # still claimed: the stop puts it back in the queue
        task = asyncio.create_task(self._dispatch_now(waiting.popleft()))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def _dispatch_now(self, delivery: Delivery) -> None:
        now = self._delivery.now()
        if delivery.expires_at is not None and now >= delivery.expires_at:
            try:
                await self._delivery.skipped(delivery, "its moment passed")
            finally:
                self._chat_done(delivery.chat_id)
            return
        wait = self._pacer.chat_ready_in(delivery.chat_id, delivery.chat_kind)
        if wait > 0:
            # This chat had a message moments ago: the others go first, this one a little later
            # (it stays claimed; a crash meanwhile puts it back in the queue).
            task = asyncio.create_task(self._dispatch_later(delivery, wait))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
            return
        await self._slots.acquire()
        if self._stopping:
            self._slots.release()
            return
        await self._pacer.take(delivery.chat_id, delivery.chat_kind)
        task = asyncio.create_task(self._send(delivery))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def _dispatch_later(self, delivery: Delivery, wait: float) -> None:
        await asyncio.sleep(wait)
        if not self._stopping:
            await self._dispatch_now(delivery)

    async def _drain(self) -> None:
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        # Claimed rows never handed to Telegram go back to the queue for the next start
        # (or, when the database refuses it now, at the next start itself).
        try:
            await self._delivery.requeue_interrupted()
        except Exception as exc:
            log.warning("claimed messages left for the next start to requeue: %s", exc)

    async def _send(self, delivery: Delivery) -> None:
        try:
            outcome = await self._attempt(delivery)
            await self._record(delivery, outcome)
        finally:
            self._slots.release()
            self._chat_done(delivery.chat_id)

    async def _attempt(self, delivery: Delivery) -> Outcome:
        """Send once; what to write about it (:meth:`_record` writes it)."""
        try:
            message = await self._deliver(delivery)
        except RetryAfter as exc:
            seconds = _seconds(exc.retry_after)
            self._pacer.pause(seconds)
            log.warning(
                "%s asked to slow down: pausing bulk sends for %.0f s", self.channel, seconds
            )
            until = self._delivery.now() + timedelta(seconds=seconds)
            return partial(
                self._delivery.later, delivery, until, "429 retry after", count_attempt=False
            )
        except Forbidden as exc:
            return partial(self._delivery.blocked, delivery, f"403 {exc.message}")
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                return partial(self._delivery.blocked, delivery, f"400 {exc.message}")
            # The message itself is wrong: sending it again will not help.
            return partial(self._delivery.failed, delivery, f"400 {exc.message}")
        except (TelegramError, OSError) as exc:
            return partial(self._retry_or_fail, delivery, f"{type(exc).__name__}: {exc}")
        except Exception as exc:
            log.exception("unexpected error sending outbox row %d", delivery.id)
            return partial(self._retry_or_fail, delivery, f"{type(exc).__name__}: {exc}")
        return partial(self._delivery.sent, delivery, message.message_id)

    async def _record(self, delivery: Delivery, outcome: Outcome) -> None:
        """Write what became of a row. When the database refuses (disk full, a lock held too
        long, an I/O error) the write is tried again in place, with backoff — never the send —
        until it is accepted: a row is never left "sending" (shown as being sent for ever and
        sent again after a restart). The slot stays taken meanwhile, so nothing more goes out
        while outcomes cannot be written. A stop gives up after a few tries (the row is then
        sent again at the next start: one of the ``concurrency`` possible duplicates)."""
        delay = RECORD_RETRY_FIRST
        failures = 0
        while True:
            try:
                await outcome()
            except Exception as exc:
                failures += 1
                if failures == 1:
                    log.error(
                        "could not record what became of outbox row %d (%s: %s); "
                        "trying again until the database accepts it",
                        delivery.id,
                        type(exc).__name__,
                        exc,
                    )
                if self._stopping and failures >= RECORD_TRIES_WHEN_STOPPING:
                    log.error("stopping: outbox row %d left to be sent again", delivery.id)
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECORD_RETRY_MAX)
            else:
                if failures:
                    log.info(
                        "recorded outbox row %d after %d refused attempt(s)", delivery.id, failures
                    )
                return

    async def _retry_or_fail(self, delivery: Delivery, error: str) -> None:
        if delivery.attempts >= self._max_attempts:
            await self._delivery.failed(delivery, error)
            return
        delay = self._backoff_base * 2 ** (delivery.attempts - 1)
        delay *= random.uniform(0.5, 1.5)  # jitter, so retries do not arrive together
        await self._delivery.later(delivery, self._delivery.now() + timedelta(seconds=delay), error)

    async def _deliver(self, delivery: Delivery) -> Message:
        keyboard = (
            None
            if delivery.keyboard is None
            else InlineKeyboardMarkup.de_json(json.loads(delivery.keyboard), self._bot)
        )
        if keyboard is not None and not any(keyboard.inline_keyboard):
            keyboard = None  # Telegram refuses a keyboard without buttons: none is sent
        if delivery.file_kind is FileKind.DOCUMENT and delivery.file_id:
            return await self._bot.send_document(
                delivery.chat_id,
                delivery.file_id,
                caption=delivery.text or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        if delivery.file_kind is FileKind.PHOTO and delivery.file_id:
            return await self._bot.send_photo(
                delivery.chat_id,
                delivery.file_id,
                caption=delivery.text or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        return await self._bot.send_message(
            delivery.chat_id,
            delivery.text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )


def _seconds(retry_after: int | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after
