"""Memory: the single-writer SQLite database, its numbered migrations and the repositories.

Knows nothing of Telegram. Implements the protocols in ``bot.services.ports``.
"""
