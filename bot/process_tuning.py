"""How the long-running bot process sets up the interpreter before it serves (``butpha run``,
and the benchmarks' copy of it)."""

from __future__ import annotations

import gc
import sys

# Seconds a thread may hold the interpreter before another that waits for it gets it.
SWITCH_INTERVAL = 0.001


def tune_for_serving() -> None:
    """- A 1 ms switch interval: the database's threads need the interpreter back after each
      row SQLite steps through, and with the event loop busy each waited up to the default
      5 ms, so a write of a few hundred rows held the single writer 100–300 ms.
    - What is loaded by now (the modules, the catalogs) lives as long as the process: frozen,
      the collector's full passes skip it. Each pass stops the event loop, and a write
      transaction between two of its steps waits through it."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.collect()
    gc.freeze()
