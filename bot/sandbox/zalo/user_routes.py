"""The thin JSON routes under ``/sandbox/...`` that drive the Zalo sandbox's user side over
HTTP (for the terminal demo): POST users, send_text, send_image, send_sticker, send_voice,
send_unsupported, faults, replay_next, wait_until_idle; GET messages, transcript
(``?chat_id=``), calls, deliveries. Answers ``{"ok": true, "result": ...}`` or
``{"ok": false, "description": ...}``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from bot.sandbox.zalo.server import ZaloSandbox


async def user_route(sandbox: ZaloSandbox, request: web.Request, route: str) -> web.StreamResponse:
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "description": "bad JSON"}, status=400)
        if isinstance(body, dict):
            args.update(body)
    try:
        result = await _user_action(sandbox, route, args)
    except TimeoutError as exc:
        return web.json_response({"ok": False, "description": str(exc)}, status=408)
    except LookupError:
        return web.json_response({"ok": False, "description": "no such route"}, status=404)
    except (ValueError, TypeError) as exc:
        return web.json_response({"ok": False, "description": str(exc)}, status=400)
    return web.json_response({"ok": True, "result": result})


async def _user_action(sandbox: ZaloSandbox, route: str, args: dict[str, Any]) -> Any:
    def arg(name: str) -> str:
        if args.get(name) is None:
            raise ValueError(f"{name} is required")
        return str(args[name])

    def optional(name: str) -> str | None:
        return None if args.get(name) is None else str(args[name])

    if route == "users":
        return dataclasses.asdict(sandbox.create_user(arg("display_name")))
    if route == "send_text":
        return await sandbox.send_text(arg("user_id"), arg("text"))
    if route == "send_image":
        return await sandbox.send_image(arg("user_id"), optional("url"), optional("caption"))
    if route == "send_sticker":
        return await sandbox.send_sticker(arg("user_id"), optional("sticker") or "")
    if route == "send_voice":
        return await sandbox.send_voice(arg("user_id"), optional("url"))
    if route == "send_unsupported":
        return await sandbox.send_unsupported(arg("user_id"), bare=bool(args.get("bare")))
    if route == "faults":
        sandbox.inject_fault(
            arg("method"),
            int(args.get("status", 429)),
            int(args.get("times", 1)),
            optional("description"),
        )
        return True
    if route == "replay_next":
        sandbox.replay_next(int(args.get("count", 1)))
        return True
    if route == "wait_until_idle":
        await sandbox.wait_until_idle(**{k: float(v) for k, v in args.items()})
        return True
    if route == "messages":
        return [dataclasses.asdict(m) for m in sandbox.messages(arg("chat_id"))]
    if route == "transcript":
        return sandbox.transcript(arg("chat_id"))
    if route == "calls":
        return [dataclasses.asdict(c) for c in sandbox.calls]
    if route == "deliveries":
        return [dataclasses.asdict(d) for d in sandbox.webhook_deliveries]
    raise LookupError(route)
