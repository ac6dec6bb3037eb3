"""Calling the Zalo sandbox over HTTP with httpx, for its tests."""

from __future__ import annotations

from typing import Any

import httpx

from bot.sandbox.zalo import ZaloSandbox, ZaloUser

TOKEN = "1459232241454765289:sandbox-secret"


async def call(
    zs: ZaloSandbox, method: str, token: str = TOKEN, **params: Any
) -> tuple[int, dict[str, Any]]:
    async with httpx.AsyncClient(timeout=40) as client:
        response = await client.post(f"{zs.base_url}{token}/{method}", json=params)
    return response.status_code, response.json()


async def started(zs: ZaloSandbox, name: str = "Nguyễn Thị Lan") -> ZaloUser:
    """A user who wrote to the bot, their update already taken."""
    user = zs.create_user(name)
    await zs.send_text(user, "xin chào")
    assert (await call(zs, "getUpdates", timeout=1))[0] == 200
    return user
