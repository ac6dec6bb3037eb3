"""The Bot API over aiohttp's client: python-telegram-bot's ``BaseRequest`` (the library's
documented way to use another HTTP library) for the requests the bot makes.

Why not the library's own ``HTTPXRequest``: with updates handled at once the bot keeps a dozen
connections open, and httpcore's pool, on every request and every response, goes through all of
them (each idle one asked of anyio whether its socket is readable, which builds a dictionary of
the socket's attributes and calls ``getpeername``), and counts the idle ones once per
connection. On this machine, with 16 requests at a time against a local server, that is about
1.1–1.8 ms of CPU a request, against 0.17–0.26 ms with aiohttp's client (already a dependency:
the sandbox's server), which was a third of butpha's CPU per update (issue 15's throughput).

What python-telegram-bot's request does, this does: the same timeouts and their defaults
(read, write, connect 5 s; the pool 1 s; 20 s to write a file), a multipart form for a file,
the proxy from the environment (``HTTPS_PROXY``), a timeout raised as ``TimedOut`` and any
other failure of the connection as ``NetworkError``; the answer's status and body go back to
the library, which reads them as it reads httpx's. Two differences: parameters go as JSON
rather than a form (the Bot API takes both; JSON is cheaper for a long message), and as
aiohttp has no timeout for writing alone, a request's whole time is bounded by the sum of its
timeouts."""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# python-telegram-bot's defaults (HTTPXRequest).
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
CONNECT_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
MEDIA_WRITE_TIMEOUT = 20.0
_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float | None = READ_TIMEOUT,
        write_timeout: float | None = WRITE_TIMEOUT,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
        media_write_timeout: float | None = MEDIA_WRITE_TIMEOUT,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}

    def proxy_for(self, url: str) -> str | None:
        """The proxy the environment names for ``url`` (``HTTPS_PROXY``, ``HTTP_PROXY``,
        ``ALL_PROXY``, ``NO_PROXY``, as httpx reads them), per scheme and host, read once."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            proxies = getproxies()
            proxy = proxies.get(parts.scheme) or proxies.get("all")
            self._proxies[key] = None if proxy is None or proxy_bypass(key[1]) else proxy
        return self._proxies[key]

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # The session belongs to the running loop: made here, not in __init__.
            context = ssl.create_default_context(cafile=certifi.where())  # as httpx verifies
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ssl=context),
                headers={"User-Agent": self.USER_AGENT},
                # No cookies to keep, and the environment read once (proxy_for) rather than
                # on every request in a thread, as trust_env=True does (with ~/.netrc).
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            self._proxies.clear()

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _timeout(
        self,
        read: ODVInput[float],
        write: ODVInput[float],
        connect: ODVInput[float],
        pool: ODVInput[float],
        *,
        files: bool,
    ) -> aiohttp.ClientTimeout:
        read_s = self._read_timeout if isinstance(read, DefaultValue) else read
        connect_s = self._connect_timeout if isinstance(connect, DefaultValue) else connect
        pool_s = self._pool_timeout if isinstance(pool, DefaultValue) else pool
        if isinstance(write, DefaultValue):
            write_s = self._media_write_timeout if files else self._write_timeout
        else:
            write_s = write
        parts = (read_s, write_s, connect_s, pool_s)
        return aiohttp.ClientTimeout(
            # Waiting for a connection of the pool and making one (aiohttp's "connect").
            connect=None if connect_s is None or pool_s is None else connect_s + pool_s,
            sock_connect=connect_s,
            sock_read=read_s,
            total=None if None in parts else sum(p for p in parts if p is not None),
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        data: aiohttp.FormData | bytes | None = None
        headers = None
        if files:
            form = aiohttp.FormData(quote_fields=False)
            for name, value in (request_data.json_parameters if request_data else {}).items():
                form.add_field(name, value)
            for name, part in files.items():
                filename, content, *rest = part
                form.add_field(
                    name,
                    content,
                    filename=filename,
                    content_type=rest[0] if rest else "application/octet-stream",
                )
            data = form
        elif request_data is not None:
            # As JSON, which the Bot API takes for every request but an upload: encoding a long
            # message as a form costs more than the request itself.
            data = request_data.json_payload
            headers = _JSON
        timeout = self._timeout(
            read_timeout, write_timeout, connect_timeout, pool_timeout, files=bool(files)
        )
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout, proxy=self.proxy_for(url)
            ) as answer:
                return answer.status, await answer.read()
        except TimeoutError as error:  # aiohttp's timeouts are these
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error
