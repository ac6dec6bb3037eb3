"""The clock: what is due when, and the worker that delivers it.

At the top, the delivery engine every feature shares: the sender (``sender``), its pacing
(``pacing``), the bulk lane it runs on (``bulk_lane``) and what a job is (``jobs``). Below, each
feature's jobs (``tasks``, ``meetings``, ``broadcasts``); a feature's handlers give them their
renderers, and the composition root schedules them.

The rule they follow: every reminder, delivery and schedule lives in SQLite; python-telegram-bot's
JobQueue (APScheduler) only wakes code that reads the database, so a restart loses nothing and
repeats nothing already confirmed. Nothing here keeps state of its own.
"""
