"""Presigned-URL transfers: GET the code, PUT the artifacts, retrying with exponential backoff.

Errors never carry the URL (it is a credential): only the kind of object and the HTTP status."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_RETRIED_STATUS = frozenset((408, 425, 429, 500, 502, 503, 504))


class TransferError(Exception):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status that ended the transfer, None when no answer came


@dataclass(frozen=True)
class Transfers:
    attempts: int = 5
    first_delay_seconds: float = 0.5
    timeout_seconds: float = 60
    sleep: Callable[[float], None] = time.sleep

    def get(self, url: str, what: str, max_bytes: int) -> bytes:
        def once() -> bytes:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=self.timeout_seconds) as r:
                data = r.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise TransferError(f"the {what} is larger than {max_bytes} bytes")
            return data

        return self._retry(once, f"download of the {what}")

    def get_once_stored(
        self, url: str, what: str, max_bytes: int, wait_seconds: float, poll_seconds: float = 0.2
    ) -> bytes:
        """GET an object another pod is still to store: "not there" (404, or 403, S3's answer for a missing key when
        the signer may not list the bucket) is waited out, looking again every ``poll_seconds`` for up to
        ``wait_seconds``."""
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                return self.get(url, what, max_bytes)
            except TransferError as e:
                if e.status not in (403, 404) or time.monotonic() >= deadline:
                    raise
            self.sleep(poll_seconds)

    def stored(self, url: str, what: str) -> tuple[str, int] | None:
        """The ETag (quotes removed) and size of the object at ``url``, read from a one-byte ranged GET (a presigned
        GET is not valid for HEAD); None when it is not there (404, or S3's 403 for a missing key)."""

        def once() -> tuple[str, int]:
            request = urllib.request.Request(url, method="GET", headers={"Range": "bytes=0-0"})
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as r:
                r.read(2)
                etag, whole = r.headers.get("ETag", ""), r.headers.get("Content-Range", "")
            size = whole.rpartition("/")[2]
            if not size.isdigit():
                raise TransferError(f"the {what}'s size was not given")
            return etag.strip('"'), int(size)

        try:
            found: tuple[str, int] = self._retry(once, f"look-up of the {what}")
            return found
        except TransferError as e:
            if e.status in (403, 404, 416):
                return None
            raise

    def put(self, url: str, what: str, body: bytes | Path, content_type: str, attempts: int | None = None) -> None:
        def once() -> None:
            data = body.read_bytes() if isinstance(body, Path) else body
            request = urllib.request.Request(
                url, data=data, method="PUT", headers={"Content-Type": content_type, "Content-Length": str(len(data))}
            )
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as r:
                r.read()

        self._retry(once, f"upload of the {what}", attempts)

    def _retry(self, action, description: str, attempts: int | None = None):
        attempts = attempts or self.attempts
        delay = self.first_delay_seconds
        for attempt in range(1, attempts + 1):
            try:
                return action()
            except urllib.error.HTTPError as e:
                retry, status = e.code in _RETRIED_STATUS, e.code
                problem = f"{description} failed: HTTP {e.code}"
            except (urllib.error.URLError, OSError) as e:
                retry, status = True, None
                problem = f"{description} failed: {type(getattr(e, 'reason', e)).__name__}"
            if not retry or attempt == attempts:
                raise TransferError(problem + (f" after {attempt} attempts" if attempt > 1 else ""), status)
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")
