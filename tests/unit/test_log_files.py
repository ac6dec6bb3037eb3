"""The log: secrets redacted from every part of a line, files bounded in size, and the
scheduler's per-run lines kept out of it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.log_redaction import LOG_BACKUPS, configure_logging, redact, write_error_report

SECRET = "555:super-SECRET-value"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.NOTSET)


def test_the_log_file_rotates_and_never_holds_a_secret(
    tmp_path: Path, restore_logging: None
) -> None:
    log_file = tmp_path / "logs" / "butpha.log"
    configure_logging([SECRET], file=log_file, max_bytes=4096)
    log = logging.getLogger("butpha.test")
    for n in range(2000):
        log.warning("line %d with %s in it", n, SECRET)
    try:
        raise RuntimeError(f"The token `{SECRET}` was rejected by the server.")
    except RuntimeError:
        log.exception("failed")
    files = sorted((tmp_path / "logs").iterdir())
    assert len(files) == 1 + LOG_BACKUPS
    assert all(path.stat().st_size <= 4096 + 512 for path in files)
    text = "".join(path.read_text(encoding="utf-8") for path in files)
    assert SECRET not in text and "super-SECRET" not in text
    assert "was rejected by the server" in text


def test_the_scheduler_says_nothing_on_each_run(restore_logging: None) -> None:
    configure_logging([])
    assert not logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.INFO)
    assert logging.getLogger("apscheduler").isEnabledFor(logging.WARNING)


def test_the_error_report_is_redacted_and_bounded(tmp_path: Path, restore_logging: None) -> None:
    redact_known = redact  # the secrets remembered by configure_logging in the process
    configure_logging([SECRET])
    report = tmp_path / "butpha-error.log"
    for _ in range(300):
        try:
            raise ValueError(f"token {SECRET} " + "x" * 5000)
        except ValueError as error:
            write_error_report(report, error)
    assert SECRET not in report.read_text(encoding="utf-8")
    assert report.stat().st_size <= 1024 * 1024 + 8192
    assert redact_known(f"a {SECRET} b") == "a [REDACTED] b"
