"""A local fake of the Zalo Bot API over real HTTP, for tests and the offline demo::

    async with ZaloSandbox() as zs:              # aiohttp on 127.0.0.1, a free port
        zs.base_url                              # "http://127.0.0.1:PORT/bot"
        lan = zs.create_user("Nguyễn Thị Lan")   # ZaloUser(id="e4ea2c…" (20 hex), display_name)
        update = await zs.send_text(lan, "/start ABC")
        reply = await zs.wait_for_message(lan.id, after=update)
        await zs.wait_until_idle()

Bot side, ``GET|POST {base_url}{token}/{method}``; the token must look like
``<digits>:<secret>`` (else 401); parameters as JSON, a form or the query string; unknown
parameters are ignored. Answers ``{"ok": true, "result": ...}`` or ``{"ok": false,
"error_code": n, "description": ...}`` with HTTP status n. Methods: getMe, getUpdates, setWebhook,
deleteWebhook, getWebhookInfo, sendMessage, sendPhoto, sendSticker, sendChatAction; anything
else 404.

What it relies on. The platform's documentation ("Zalo Bot API", bot.zaloplatforms.com/docs,
as copied into public repositories, updated 10/12/2025; the API at
``https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>``):

- Token ``{bot_id}:{access_token}``. getMe returns ``{id, account_name, account_type: "BASIC",
  can_join_groups: false}`` (the sandbox adds ``display_name``, as the lead's notes have it).
- getUpdates(timeout, seconds, default 30) long-polls and returns ONE update object as
  ``result``, not a list, and has no offset. Idle, it answers 408 "Request timeout" (not in the
  documentation; every client we found treats error_code 408 as "no update", one quotes that
  description). The sandbox caps the wait at 30 s.
- "getUpdates does not work while a webhook is set": the status is not documented; the sandbox
  answers 409, like Telegram.
- setWebhook(url, secret_token of 8 to 256 characters) → ``{url, updated_at}``; deleteWebhook →
  ``{url: "", updated_at}``; getWebhookInfo → ``{url, updated_at}`` (404 when none: from the
  lead's notes, not the documentation). The platform requires a public HTTPS URL; the sandbox
  takes http on 127.0.0.1. Deliveries carry the secret in ``X-Bot-Api-Secret-Token`` and the
  body ``{"ok": true, "result": {event_name, message}}`` as the documentation's sample shows
  (``webhook_body="flat"`` for the bare update some clients show); retries are our guess.
- Updates: ``event_name`` message.text/image/sticker/voice/unsupported.received;
  ``message.from {id, display_name, is_bot}``, ``message.chat {id, chat_type: "PRIVATE"}``,
  ``text``, ``message_id``, ``date`` in milliseconds; ids are strings of 20 hex digits. An image
  has ``photo`` (its URL) and ``caption``, a sticker ``sticker`` and ``url``, a voice message
  ``voice_url`` (from clients and a copy of the webhook page; the official sample shows text
  only). ``use_name_field("name")`` puts the sender's name in ``name``, as some clients read it.
- sendMessage(chat_id, text of 1 to 2,000 characters) → ``{message_id, date}``; ``parse_mode``
  ("markdown" | "html") and ``text_styles`` are taken and recorded, not rendered (a newer
  version of the documentation lists them). Length is counted in UTF-16 units, the stricter
  reading. sendPhoto(chat_id, photo URL, caption of up to 2,000), sendSticker(chat_id, sticker),
  sendChatAction(chat_id, action "typing" | "upload_photo") → ``{"ok": true}`` without result.
- The bot may write only to someone who wrote to it first: else 400 "chat not found" (the
  status is ours; the documentation gives none). A user who blocked the bot gives 403.
- Error descriptions are the sandbox's own (the documentation shows no error bodies).

Quirks on demand: ``replay_next()`` (the next update comes twice: deduplicate on event_name +
message_id), ``replay_randomly(every=n, seed=s)``, ``inject_fault(method, status, times)``, a
monthly quota (``quota=N``: the N+1st send of a Vietnamese calendar month gets 429 "quota
exceeded") and a send rate (``send_rate=r``: sends/s overall, a burst of r, then 429).

User side, on :class:`ZaloSandbox`: create_user, send_text, send_image, send_sticker,
send_voice, send_unsupported, mark_started, block_bot, messages, last_message,
wait_for_message, wait_until_idle, transcript, calls/calls_of, webhook_deliveries,
sends_this_month; the same as JSON routes under ``/sandbox/`` (:mod:`.user_routes`).
``ZaloSandbox(clock=...)`` takes the project's clock (or a function returning epoch seconds)
for dates, the quota's month and the rate; waits use the monotonic clock. ``stop()`` ends long
polls and webhook pushing.
"""

from bot.sandbox.zalo.models import WebhookDelivery, ZaloCall, ZaloSent, ZaloUser
from bot.sandbox.zalo.server import ZaloSandbox

__all__ = ["WebhookDelivery", "ZaloCall", "ZaloSandbox", "ZaloSent", "ZaloUser"]
