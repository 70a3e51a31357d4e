"""HTTP GET for `ppf fetch`: official hosts only, https only, bounded in size, time and redirects.

Standard library only (`urllib.request`). The rules, checked on every URL including every hop of
a redirect (redirects are never followed by urllib itself, so each `Location` is checked here
before anything is requested from it):

* the URL is `https`, carries no user name or password and no port other than 443;
* its host is exactly one of `OFFICIAL_HOSTS` (no suffix or sub-domain matching);
* at most `max_redirects` hops, resolved against the URL that was redirected;
* a response larger than its limit is refused: first by its `Content-Length`, then by counting
  the bytes actually received (a server may send no length or a false one), and a body shorter
  than its declared length is refused as truncated;
* every socket operation has a timeout and a download has an overall deadline; 5xx, 429 and
  connection failures are retried a bounded number of times, nothing else is.

Downloads stream into a `.<name>.<random>.partial` file beside their destination (a dot file:
ingestion and the landing sensor ignore it) while the SHA-256 is computed; any failure removes
the partial file. Renaming the partial file into landing is `landing.land`'s job.

Tests never touch the network: a `HostMap`, constructed explicitly, sends each allow-listed
https URL to a loopback server as `http://127.0.0.1:<port>/<host>/<path>`. The allow-list check
always runs on the logical https URL, before the rewrite, so tests exercise the production rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from http.client import HTTPException, HTTPResponse, IncompleteRead
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, ProxyHandler, Request, build_opener

from orchestration.fetch.errors import FetchError, NotFound, RefusedUrl, TooLarge

MiB = 1 << 20
GiB = 1 << 30

# Hosts of the official publishers (docs/sources/README.md: GOV.UK pages and assets, ONS, police.uk,
# DfT road safety open data, NHS England digital, IOPC).
OFFICIAL_HOSTS = frozenset(
    {
        "www.gov.uk",
        "assets.publishing.service.gov.uk",
        "www.ons.gov.uk",
        "data.police.uk",
        "www.police.uk",
        "data.dft.gov.uk",
        "digital.nhs.uk",
        "files.digital.nhs.uk",
        "www.policeconduct.gov.uk",
    }
)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRYABLE_CODES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "ppf-warehouse-fetch/0.1 (police performance warehouse; Python urllib)"
CHUNK = 64 * 1024
PROGRESS_EVERY = 64 * MiB


def human_bytes(size: int) -> str:
    if size >= GiB:
        return f"{size / GiB:.1f} GiB"
    if size >= MiB:
        return f"{size / MiB:.1f} MiB"
    return f"{size} bytes"


class AllowList:
    """The hosts `ppf fetch` may contact; `check` refuses anything else before a request."""

    def __init__(self, hosts: frozenset[str] | set[str] = OFFICIAL_HOSTS):
        self.hosts = frozenset(host.lower() for host in hosts)

    def check(self, url: str) -> str:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise RefusedUrl(f"refused {url}: not a valid URL ({exc})") from exc
        if parts.scheme.lower() != "https":
            raise RefusedUrl(f"refused {url}: only https URLs are fetched")
        if parts.username is not None or parts.password is not None:
            raise RefusedUrl(f"refused {url}: URLs with credentials are never fetched")
        host = (parts.hostname or "").lower()
        if host not in self.hosts:
            raise RefusedUrl(
                f"refused {url}: host {host or '(none)'!r} is not on the allow-list of official "
                f"hosts ({', '.join(sorted(self.hosts))})"
            )
        if port not in (None, 443):
            raise RefusedUrl(f"refused {url}: port {port} is not the https port")
        return url


class HostMap:
    """For tests only: rewrite an allow-listed https URL to a loopback HTTP server.

    `https://<host>/<path>?<query>` becomes `<base>/<host>/<path>?<query>`. The base must be
    plain http on a loopback address, so a HostMap can never send a request off the machine.
    """

    def __init__(self, base: str):
        parts = urlsplit(base)
        if parts.scheme != "http" or (parts.hostname or "") not in LOOPBACK_HOSTS:
            raise ValueError(f"HostMap base must be http://127.0.0.1:<port>, not {base!r}")
        if parts.path not in ("", "/") or parts.query:
            raise ValueError(f"HostMap base must have no path or query: {base!r}")
        self.base = base.rstrip("/")

    def physical(self, url: str) -> str:
        parts = urlsplit(url)
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.base}/{parts.hostname}{parts.path or '/'}{query}"


@dataclass(frozen=True)
class Downloaded:
    """A complete download, still in its partial file; `url` is the last hop's logical URL."""

    partial: Path
    sha256: str
    size: int
    url: str


class _Retryable(FetchError):
    """A failure worth another attempt (server error, throttling, connection trouble)."""


class _NoRedirect(HTTPRedirectHandler):
    """Hand every redirect back to HttpClient, which checks the target before following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class HttpClient:
    """GET with the allow-list, limits and timeouts above; `host_map` is for tests only.

    `max_file_bytes`, when set, caps every file download below the catalogue's own limit (tests
    use a small cap); `max_page_bytes` caps JSON and HTML listing pages.
    """

    def __init__(
        self,
        *,
        allow_list: AllowList | None = None,
        host_map: HostMap | None = None,
        timeout: float = 60.0,
        max_file_bytes: int | None = None,
        max_page_bytes: int = 16 * MiB,
        max_redirects: int = 5,
        retries: int = 2,
        retry_wait: float = 2.0,
        deadline_seconds: float = 4 * 3600.0,
        user_agent: str = USER_AGENT,
    ):
        self.allow_list = allow_list or AllowList()
        self.host_map = host_map
        self.timeout = timeout
        self.max_file_bytes = max_file_bytes
        self.max_page_bytes = max_page_bytes
        self.max_redirects = max_redirects
        self.retries = max(0, retries)
        self.retry_wait = retry_wait
        self.deadline_seconds = deadline_seconds
        self.user_agent = user_agent
        handlers: list[Any] = [_NoRedirect()]
        if host_map is not None:
            handlers.append(ProxyHandler({}))  # loopback test traffic never goes via a proxy
        self._opener = build_opener(*handlers)

    def file_limit(self, catalogue_limit: int) -> int:
        if self.max_file_bytes is None:
            return catalogue_limit
        return min(catalogue_limit, self.max_file_bytes)

    # -- requests -------------------------------------------------------------------------

    def _open_once(self, url: str, headers: dict[str, str]) -> tuple[HTTPResponse | None, str]:
        logical = url
        chain = [url]
        for _ in range(self.max_redirects + 1):
            try:
                self.allow_list.check(logical)
            except RefusedUrl as exc:
                if len(chain) > 1:
                    raise RefusedUrl(f"{exc} (redirected from {' -> '.join(chain[:-1])})") from None
                raise
            physical = self.host_map.physical(logical) if self.host_map else logical
            request = Request(
                physical,
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity", **headers},
                method="GET",
            )
            try:
                response = self._opener.open(request, timeout=self.timeout)
            except HTTPError as err:
                location = err.headers.get("Location") if err.headers else None
                code = err.code
                err.close()
                if code in REDIRECT_CODES:
                    if not location:
                        raise FetchError(
                            f"{logical}: HTTP {code} redirect without a Location"
                        ) from None
                    logical = urljoin(logical, location.strip())
                    chain.append(logical)
                    continue
                if code == 304:
                    return None, logical
                if code in (404, 410):
                    raise NotFound(f"{logical}: HTTP {code}, not published there") from None
                if code in RETRYABLE_CODES:
                    raise _Retryable(f"{logical}: HTTP {code} {err.reason}") from None
                raise FetchError(f"{logical}: HTTP {code} {err.reason}") from None
            except URLError as err:
                raise _Retryable(f"{logical}: connection failed ({err.reason})") from None
            except (TimeoutError, ConnectionError, HTTPException) as err:
                raise _Retryable(f"{logical}: connection failed ({err!r})") from None
            if response.status != 200:
                response.close()
                raise FetchError(f"{logical}: unexpected HTTP {response.status}")
            return response, logical
        raise FetchError(f"{url}: more than {self.max_redirects} redirects ({' -> '.join(chain)})")

    def open(
        self, url: str, headers: dict[str, str] | None = None
    ) -> tuple[HTTPResponse | None, str]:
        """GET `url` following checked redirects; `(None, url)` means 304 Not Modified."""
        attempt = 0
        while True:
            try:
                return self._open_once(url, headers or {})
            except _Retryable as exc:
                if attempt >= self.retries:
                    raise FetchError(f"{exc} (after {attempt + 1} attempts)") from None
                attempt += 1
                time.sleep(self.retry_wait * attempt)

    @staticmethod
    def _declared_length(response: HTTPResponse, url: str) -> int | None:
        value = response.headers.get("Content-Length")
        if value is None:
            return None
        try:
            length = int(value.strip())
        except ValueError:
            raise FetchError(f"{url}: invalid Content-Length {value!r}") from None
        if length < 0:
            raise FetchError(f"{url}: invalid Content-Length {value!r}")
        return length

    def _check_declared(self, declared: int | None, limit: int, url: str) -> None:
        if declared is not None and declared > limit:
            raise TooLarge(
                f"{url}: refused, Content-Length {human_bytes(declared)} exceeds the limit of "
                f"{human_bytes(limit)}"
            )

    def get_bytes(self, url: str, max_bytes: int | None = None) -> bytes:
        """A listing page or JSON document, entirely in memory, bounded by `max_page_bytes`."""
        limit = max_bytes or self.max_page_bytes
        response, final = self.open(url)
        if response is None:
            raise FetchError(f"{url}: unexpected 304 Not Modified")
        with response:
            declared = self._declared_length(response, final)
            self._check_declared(declared, limit, final)
            data = bytearray()
            try:
                while chunk := response.read(CHUNK):
                    data += chunk
                    if len(data) > limit:
                        raise TooLarge(f"{final}: refused, more than {human_bytes(limit)} received")
            except IncompleteRead as exc:
                raise FetchError(f"{final}: truncated ({len(exc.partial)} bytes read)") from None
            except (TimeoutError, ConnectionError, HTTPException) as exc:
                raise FetchError(f"{final}: connection failed while reading ({exc!r})") from None
        if declared is not None and len(data) != declared:
            raise FetchError(f"{final}: truncated ({len(data)} of {declared} bytes)")
        return bytes(data)

    def get_text(self, url: str) -> str:
        return self.get_bytes(url).decode("utf-8", errors="replace")

    def get_json(self, url: str) -> Any:
        data = self.get_bytes(url)
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FetchError(f"{url}: not a JSON document ({exc})") from None

    def download(
        self,
        url: str,
        dest_dir: Path,
        name: str,
        *,
        max_bytes: int,
        if_modified_since: float | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> Downloaded | None:
        """Stream `url` into a partial file in `dest_dir`; None when the server says 304.

        `if_modified_since` (a POSIX time, normally the mtime of the copy already landed) makes
        the request conditional, so an unchanged file is not transferred again.
        """
        headers = {}
        if if_modified_since is not None:
            headers["If-Modified-Since"] = formatdate(if_modified_since, usegmt=True)
        response, final = self.open(url, headers)
        if response is None:
            return None
        started = time.monotonic()
        partial: Path | None = None
        try:
            with response:
                declared = self._declared_length(response, final)
                self._check_declared(declared, max_bytes, final)
                dest_dir.mkdir(parents=True, exist_ok=True)
                handle, raw_path = tempfile.mkstemp(
                    dir=dest_dir, prefix=f".{name}.", suffix=".partial"
                )
                partial = Path(raw_path)
                digest = hashlib.sha256()
                size = 0
                next_report = PROGRESS_EVERY
                with os.fdopen(handle, "wb") as out:
                    while chunk := response.read(CHUNK):
                        size += len(chunk)
                        if size > max_bytes:
                            raise TooLarge(
                                f"{final}: refused, more than {human_bytes(max_bytes)} received "
                                f"(the limit for this file)"
                            )
                        if time.monotonic() - started > self.deadline_seconds:
                            raise FetchError(
                                f"{final}: download took longer than {self.deadline_seconds:.0f}s"
                            )
                        digest.update(chunk)
                        out.write(chunk)
                        if progress is not None and size >= next_report:
                            total = f" of {human_bytes(declared)}" if declared else ""
                            progress(f"{name}: {human_bytes(size)}{total}")
                            next_report += PROGRESS_EVERY
                if declared is not None and size != declared:
                    raise FetchError(f"{final}: truncated ({size} of {declared} bytes received)")
            os.chmod(partial, 0o644)
            return Downloaded(partial=partial, sha256=digest.hexdigest(), size=size, url=final)
        except BaseException as exc:
            if partial is not None:
                with contextlib.suppress(FileNotFoundError):
                    partial.unlink()
            if isinstance(exc, IncompleteRead):
                raise FetchError(
                    f"{final}: truncated ({len(exc.partial)} bytes read, {exc.expected} more "
                    f"expected); nothing landed"
                ) from None
            if isinstance(exc, (TimeoutError, ConnectionError, HTTPException)):
                raise FetchError(
                    f"{final}: connection failed while downloading ({exc!r})"
                ) from None
            raise
