"""The clock: what is due when, and the worker that delivers it.

Reminders, nudges, digests and broadcasts arrive with the delivery-engine and reminder issues.
The rule they follow: every reminder, delivery and schedule lives in SQLite; python-telegram-bot's
JobQueue (APScheduler) only wakes code that reads the database, so a restart loses nothing and
repeats nothing already confirmed. Nothing here keeps state of its own.
"""
