"""Updates in (issue 15): served in parallel with each chat's in order, and written to the
inbox before they are acknowledged.

- :mod:`.chat_order`: the update processor given to every Application: one update at a time
  per chat, at most ``BUTPHA_CONCURRENT_UPDATES`` at once overall.
- :mod:`.attempts`: each update from the inbox claimed, handled, marked done, tried again when it
  fails, set aside (the member told) after ``BUTPHA_INBOX_ATTEMPTS`` tries; at start-up, what
  was not handled is handled first.
- :mod:`.answering`: the rate limiter, which keeps an update's answer on its entry before it
  waits for its allowance (:mod:`.kept_answers`: made again at start-up if the process died
  before it was out) and marks the entry done once it is out.
- :mod:`.telegram_polling`: Telegram's getUpdates, whose answer is stored before it returns, so
  the next poll (which acknowledges it) comes only after the batch is safe.

Zalo's updates are stored where they are taken (channels/zalo/incoming.py)."""
