"""Defences around the API: login throttling, CSRF protection for cookie sessions, security headers, and a
rate limit on issuing tickets per device."""

from __future__ import annotations

import collections
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from flask import Flask, request, session

from server.services.base import ServiceError

CSRF_HEADER = "X-XepHang"  # a custom header: other sites' pages cannot send it without our CORS consent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class RateLimit:
    """At most `limit` events per `window` seconds per key (a kiosk's address), in this process."""

    def __init__(self, limit: int, window: float = 60.0, code: str = "too_many_tickets"):
        self.limit, self.window, self.code = limit, window, code
        self._events: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events[key]
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                raise ServiceError(self.code, 429)
            events.append(now)


def own_origins(conf: dict[str, Any]) -> Callable[[str, dict[str, Any]], bool]:
    """Socket.IO's origin check: a browser page may connect only when it was served by this server.

    Its own origin is the scheme and `Host` the request came with (behind a proxy, ProxyFix has put the
    proxy's forwarded ones there), or `public_url`'s. Clients that send no Origin (print agents) are not
    browsers and pass; a page of another site, or of another port on this host, is refused with 400.
    """
    public = urllib.parse.urlsplit(conf["public_url"])
    extra = {f"{public.scheme}://{public.netloc}".lower()} if public.scheme and public.netloc else set()

    def allowed(origin: str, environ: dict[str, Any]) -> bool:
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}".lower()
        return isinstance(origin, str) and origin.lower() in {own, *extra}

    return allowed


SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
)


def install(app: Flask) -> None:
    @app.before_request
    def csrf() -> Any:
        # A browser sends our session cookie along with any site's form post; only our own pages add this header.
        if (
            request.method in ("POST", "PUT", "PATCH", "DELETE")
            and session.get("uid") is not None
            and request.headers.get(CSRF_HEADER) != "1"
        ):
            raise ServiceError("csrf", 403)
        return None

    @app.after_request
    def headers(response: Any) -> Any:
        # Those a response set itself stay. One pass over its headers: werkzeug's `setdefault` raises and catches an
        # exception for each header it does not find, four on every response.
        present = {name.lower() for name, _ in response.headers}
        for name, value in SECURITY_HEADERS:
            if name.lower() not in present:
                response.headers.add(name, value)
        return response
