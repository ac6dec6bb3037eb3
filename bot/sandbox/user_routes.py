"""The thin JSON routes under ``/sandbox/...`` that drive the user side over HTTP."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from bot.sandbox.server import Sandbox


async def user_route(sandbox: Sandbox, request: web.Request, route: str) -> web.StreamResponse:
    """Answers ``/sandbox/{route}`` with ``{"ok": ..., "result"|"description": ...}``."""
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        body = await request.json()
        if isinstance(body, dict):
            args.update(body)
    try:
        result = await _user_action(sandbox, route, args)
    except TimeoutError as exc:
        return web.json_response({"ok": False, "description": str(exc)}, status=408)
    except LookupError:
        return web.json_response({"ok": False, "description": "no such route"}, status=404)
    except (ValueError, KeyError, TypeError) as exc:
        return web.json_response({"ok": False, "description": str(exc)}, status=400)
    return web.json_response({"ok": True, "result": result})


async def _user_action(sandbox: Sandbox, route: str, args: dict[str, Any]) -> Any:
    def user() -> int:
        return int(args["user_id"])

    def chat() -> int | None:
        return None if args.get("chat_id") is None else int(args["chat_id"])

    if route == "users":
        return dataclasses.asdict(sandbox.create_user(**args))
    if route == "groups":
        return {"chat_id": sandbox.create_group(str(args["title"]))}
    if route == "send_text":
        return await sandbox.send_text(user(), str(args["text"]), chat())
    if route == "press_button":
        message_id, button = int(args["message_id"]), args["button"]
        return {"callback_query_id": await sandbox.press_button(user(), message_id, button, chat())}
    if route == "press_callback":
        query_id = await sandbox.press_callback(
            user(), int(args["message_id"]), str(args["data"]), chat()
        )
        return {"callback_query_id": query_id}
    if route in ("block", "unblock"):
        (sandbox.block_bot if route == "block" else sandbox.unblock_bot)(user())
        return True
    if route == "faults":
        sandbox.inject_fault(**args)
        return True
    if route == "wait_until_idle":
        await sandbox.wait_until_idle(**{k: float(v) for k, v in args.items()})
        return True
    if route == "messages":
        return [dataclasses.asdict(m) for m in sandbox.messages(int(args["chat_id"]))]
    if route == "transcript":
        return sandbox.transcript(int(args["chat_id"]))
    if route == "calls":
        return [dataclasses.asdict(c) for c in sandbox.calls]
    raise LookupError(route)
