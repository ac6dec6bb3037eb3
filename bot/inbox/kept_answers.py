"""An update's answer, kept on its inbox entry before it goes out (issue 15), and made again
after a crash: the request as the Bot API takes it, ``{"endpoint": …, "parameters": {…}}``
(python-telegram-bot's own conversion, :class:`telegram.request.RequestData`, makes the
parameters plain JSON: keyboards, link preview options and dates included).

Kept: what sends or edits a message. Not kept: a request that uploads a file (its content is not
in the parameters), ``answerCallbackQuery`` (its query is no longer valid after a restart),
``sendChatAction`` (nothing to see), and what reads (``getFile``…). A message given by file id
is kept. The request made again goes through the bot's rate limiter like any other, on Zalo
through the same translation (channels/zalo/request.py)."""

from __future__ import annotations

import json
from typing import Any

from telegram import Bot
from telegram.error import BadRequest
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

# Requests that are an answer, and can be made again as they were.
_KEPT_PREFIXES = ("send", "edit")
_NOT_KEPT = frozenset({"sendChatAction"})


def kept_answer(endpoint: str, data: dict[str, Any]) -> str | None:
    """The request as it is kept (JSON), or None when it is not an answer that can be made
    again."""
    if not endpoint.startswith(_KEPT_PREFIXES) or endpoint in _NOT_KEPT:
        return None
    request = RequestData([RequestParameter.from_input(key, value) for key, value in data.items()])
    if request.contains_files:
        return None
    return json.dumps(
        {"endpoint": endpoint, "parameters": request.parameters},
        ensure_ascii=False,
        separators=(",", ":"),
    )


async def send_again(bot: Bot, answer: str) -> None:
    """Makes a kept request again. Raises what the request raises (or ValueError when the
    answer cannot be read), except the refusal of an edit that had arrived already."""
    request = json.loads(answer)
    endpoint, parameters = request["endpoint"], request["parameters"]
    if not isinstance(endpoint, str) or not isinstance(parameters, dict):
        raise ValueError(f"not a kept answer: {answer[:200]}")
    try:
        # Bot._post, which do_api_request calls too: do_api_request warns for every endpoint the
        # library has a method for, which is all of these.
        await bot._post(endpoint, api_kwargs=parameters)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
        # An edit that had arrived before the crash: the member has their answer.
