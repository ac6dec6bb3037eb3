"""What the Zalo transport needs from storage; ``storage/repositories/zalo.py`` implements it
(``uow.zalo`` of the SQLite unit of work) without knowing this module."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from bot.domain.zalo import ZaloChat, ZaloSentMessage


class ZaloRepository(Protocol):
    async def chat_for(
        self, zalo_id: str, display_name: str | None, at: datetime
    ) -> tuple[ZaloChat, bool]: ...
    async def chat(self, chat_id: int) -> ZaloChat | None: ...
    async def mark_disclosed(self, chat_id: int, at: datetime) -> bool: ...
    async def language_of(self, chat_id: int) -> str | None: ...
    async def mark_seen(self, key: str, at: datetime) -> bool: ...
    async def prune_seen(self, before: datetime) -> int: ...
    async def record_sent(
        self,
        chat_id: int,
        zalo_message_id: str | None,
        text: str,
        keyboard: str | None,
        at: datetime,
    ) -> ZaloSentMessage: ...
    async def resent(
        self,
        message_id: int,
        zalo_message_id: str | None,
        text: str,
        keyboard: str | None,
        at: datetime,
    ) -> None: ...
    async def drop_keyboard(self, message_id: int) -> None: ...
    async def message(self, message_id: int) -> ZaloSentMessage | None: ...
    async def current_choices(self, chat_id: int) -> ZaloSentMessage | None: ...
    async def moved_on(self, message: ZaloSentMessage) -> bool: ...


class ZaloInbox(Protocol):
    """The inbox (issue 15): updates stored before they are handled."""

    async def store(
        self, channel: str, updates: Sequence[tuple[str, int | None, str]], at: datetime
    ) -> list[int | None]: ...


class ZaloUnitOfWork(Protocol):
    @property
    def zalo(self) -> ZaloRepository: ...
    @property
    def inbox(self) -> ZaloInbox: ...


class ZaloDatabase(Protocol):
    """The single writer (``write``: one short ``BEGIN IMMEDIATE`` transaction; never an HTTP
    call inside) and the readers (``read``)."""

    def write(self) -> AbstractAsyncContextManager[ZaloUnitOfWork, bool | None]: ...
    def read(self) -> AbstractAsyncContextManager[ZaloUnitOfWork, bool | None]: ...
