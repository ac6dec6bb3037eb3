"""What the bot relies on at run time is installed with it."""

from __future__ import annotations

import importlib.util


async def test_httpcore_learns_the_async_library_without_searching_the_path() -> None:
    # Inside the event loop, as httpcore asks on every request.
    # Without sniffio httpcore's check is a failed import on every request (about 70 µs).
    assert importlib.util.find_spec("sniffio") is not None
    from httpcore._synchronization import current_async_library

    # With sniffio the answer is read from the running loop, not guessed from a failed import.
    assert current_async_library() == "asyncio"
