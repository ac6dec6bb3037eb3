"""Logging that never shows a secret (the bot tokens, Zalo's webhook secret), in files of a
bounded size.

httpx logs every request URL, and the Bot API puts the token in the URL; exceptions carry it
too (python-telegram-bot's ``InvalidToken`` names the whole token it was refused). A filter on
the root handlers replaces each secret wherever it appears: the message, its arguments, the
traceback and the stack; :func:`redact` does the same for what is printed or written outside
logging (the command line's error report).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path

REDACTED = "[REDACTED]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_BACKUPS = 5
ERROR_REPORT_BYTES = 1024 * 1024

# The process's secrets, once the settings are read: the last resort (the command line's
# report of an unexpected error) redacts them too.
_known: set[str] = set()


def remember(secrets: Iterable[str]) -> None:
    _known.update(s for s in secrets if s)


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    """``text`` with every secret (the remembered ones when none are given) replaced."""
    for secret in sorted(_known if secrets is None else secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, REDACTED)
    return text


class RedactSecrets(logging.Filter):
    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = redact(record.getMessage(), self._secrets), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


def configure_logging(
    secrets: Iterable[str],
    level: int = logging.INFO,
    *,
    file: Path | None = None,
    max_bytes: int = 10 * 1024 * 1024,
) -> None:
    """Root logging to stderr, and to ``file`` when given (rotated at ``max_bytes``, five
    older files kept), with the secrets (``Settings.secrets``) redacted; httpx's per-request
    lines and APScheduler's per-run lines kept quiet."""
    secrets = tuple(secrets)
    remember(secrets)
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)
    root = logging.getLogger()
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        rotating = RotatingFileHandler(
            file, maxBytes=max_bytes, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        rotating.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(rotating)
    redact_filter = RedactSecrets(*secrets)
    for handler in root.handlers:
        handler.addFilter(redact_filter)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # "Running job …" and "… executed successfully" for the sender's wake-up every few
    # seconds: about 150,000 lines a day that say nothing.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def write_error_report(path: Path, error: BaseException) -> None:
    """Append ``error``'s traceback, secrets redacted, to ``path`` (kept under a megabyte: the
    older reports move to ``path.1``)."""
    details = "".join(traceback.format_exception(error))
    handler = RotatingFileHandler(
        path, maxBytes=ERROR_REPORT_BYTES, backupCount=1, encoding="utf-8"
    )
    try:
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        record = logging.LogRecord(
            "butpha", logging.ERROR, __file__, 0, redact(details), None, None
        )
        handler.emit(record)
    finally:
        handler.close()
