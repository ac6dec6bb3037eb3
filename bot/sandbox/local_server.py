"""What both sandboxes (Telegram's, Zalo's) are as servers: one aiohttp application on a local
port, every path to one dispatcher, started once and stopped once."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from aiohttp import web


class LocalServer:
    """Subclasses give ``_dispatch`` and, to end what waits on them, ``_closing``."""

    def __init__(self, host: str, port: int, *, client_max_size: int = 1024**2) -> None:
        self._host = host
        self._port = port
        self._client_max_size = client_max_size
        self._runner: web.AppRunner | None = None
        self._stopped = False

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        raise NotImplementedError

    async def _closing(self) -> None:
        """Release long polls and whatever else waits, before the server goes."""

    async def start(self) -> None:
        if self._runner is not None or self._stopped:
            raise RuntimeError("a sandbox starts once; make a new one after stop()")
        app = web.Application(client_max_size=self._client_max_size)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # handler_cancellation: a client that gives up (timeout) must not leave a
        # long poll or a hung call behind holding stop() back.
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        await site.start()
        self._port = int(runner.addresses[0][1])
        self._runner = runner

    async def stop(self) -> None:
        self._stopped = True
        await self._closing()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self._runner is None:
            raise RuntimeError("sandbox not started")
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """Ends with ``/bot``: a call is ``{base_url}{token}/{method}``."""
        return f"{self.url}/bot"
