"""Pushing updates to the bot's webhook: :class:`WebhookPusher`.

While a webhook is set, each queued update is POSTed to its URL, one at a time and in order,
with the secret in the ``X-Bot-Api-Secret-Token`` header and the body wrapped as the
documentation's sample shows (``{"ok": true, "result": update}``; ``body="flat"`` sends the
update alone, as some clients' samples show). A refused or failed delivery is retried
``attempts`` times in all, then dropped; every attempt is recorded (status or error) in
``ZaloState.deliveries`` so a test can see the bot's 401.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Literal

import aiohttp

from bot.sandbox.zalo.models import WebhookDelivery
from bot.sandbox.zalo.state import ZaloState

SECRET_HEADER = "X-Bot-Api-Secret-Token"
WebhookBody = Literal["wrapped", "flat"]


class WebhookPusher:
    def __init__(
        self,
        state: ZaloState,
        *,
        attempts: int = 3,
        retry_delay: float = 0.1,
        request_timeout: float = 10.0,
        body: WebhookBody = "wrapped",
    ) -> None:
        self._state = state
        self.attempts = max(1, attempts)
        self.retry_delay = retry_delay
        self.request_timeout = request_timeout
        self.body: WebhookBody = body
        self._task: asyncio.Task[None] | None = None

    def ensure_running(self) -> None:
        """Starts pushing if a webhook is set and nothing is pushing yet."""
        if self._state.webhook_url and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        state = self._state
        timeout = aiohttp.ClientTimeout(total=self.request_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while state.webhook_url and not state.closing:
                update = state.take_update()
                if update is None:
                    await state.updates_changed.wait(None)
                    continue
                state.in_flight += 1
                try:
                    await self._deliver(session, update)
                finally:
                    state.in_flight -= 1
                    state.touch()

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        state = self._state
        url, secret = state.webhook_url, state.webhook_secret
        payload = update if self.body == "flat" else {"ok": True, "result": update}
        message_id = (update.get("message") or {}).get("message_id")
        for attempt in range(1, self.attempts + 1):
            status: int | None = None
            error: str | None = None
            try:
                async with session.post(url, json=payload, headers={SECRET_HEADER: secret}) as r:
                    status = r.status
                    await r.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            state.deliveries.append(
                WebhookDelivery(url, update["event_name"], message_id, attempt, status, error)
            )
            state.touch()
            if status is not None and 200 <= status < 300:
                return
            if attempt < self.attempts and not state.closing:
                await asyncio.sleep(self.retry_delay)
