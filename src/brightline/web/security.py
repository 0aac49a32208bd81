"""Safe by default, even for one user on loopback: CSRF tokens, security headers, an upload limit.

- **CSRF** (synchronizer token bound to a browser session): each browser gets a random session id
  in a signed, ``HttpOnly``, ``SameSite=Strict`` cookie; the token for a form is an HMAC of that id
  under the app's secret. Every non-GET request must carry it, in the ``csrf_token`` form field
  or the ``X-CSRF-Token`` header (htmx sends the header from ``hx-headers`` on ``<body>``). A page
  on another site can neither read the cookie nor compute the token; a request whose ``Origin``
  is another site is refused too.
- **Headers**: a Content Security Policy that allows scripts from this origin only (no inline
  script, no ``eval``: htmx runs with ``allowEval`` off), no framing, ``nosniff``, no referrer
  to other sites (``same-origin``: a browser that gets no referrer sends ``Origin: null``),
  and ``no-store`` on pages (cases are private).
- **Upload limit**: a request body larger than the limit is refused with 413 while it streams,
  before it is buffered or parsed.

Everything is pure ASGI or a FastAPI dependency built from the app's settings; no module state.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request

from brightline.errors import BrightlineError

SESSION_COOKIE = "brightline_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
"""No inline script or style anywhere: every script and stylesheet is a file under /static."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class CsrfRejected(BrightlineError):
    """A state-changing request without a valid token (or from another site's page)."""


class _TooLarge(Exception):
    """The body grew past the limit while streaming."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Signer:
    """Signs browser-session ids and derives their CSRF tokens with the app's secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._secret, f"{purpose}:{value}".encode(), hashlib.sha256)
        return _b64(digest.digest())

    def new_cookie(self) -> tuple[str, str]:
        """A fresh session id and the cookie value that carries it, signed."""
        session = _b64(secrets.token_bytes(18))
        return session, self.sign(session)

    def sign(self, session: str) -> str:
        """The cookie value carrying ``session`` (a log-in token, in team mode), signed."""
        return f"{session}.{self._mac('session', session)}"

    def session_of(self, cookie: str | None) -> str | None:
        """The session id in a cookie value, None when missing or not signed by us."""
        if not cookie or "." not in cookie:
            return None
        session, signature = cookie.rsplit(".", 1)
        if hmac.compare_digest(signature, self._mac("session", session)):
            return session
        return None

    def token(self, session: str) -> str:
        """The CSRF token of a browser session."""
        return self._mac("csrf", session)

    def valid(self, session: str | None, token: str | None) -> bool:
        """Whether ``token`` is the CSRF token of ``session``."""
        if session is None or not token:
            return False
        return hmac.compare_digest(token, self.token(session))


def _cookies(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, item = part.strip().partition("=")
                if key:
                    found[key] = item
    return found


class Guard:
    """ASGI middleware: browser session cookie, security headers and the request-body limit.

    Args:
        app: The wrapped app.
        signer: Signs the session cookie.
        max_body_bytes: Largest request body accepted (uploads included).
        secure: Mark the cookie ``Secure`` even when the request looks like plain http (behind
            a proxy that ends TLS).
        too_large_page: The HTML page of a refused upload, for the request's scope (the app's
            layout); a bare page when not given.
    """

    def __init__(
        self,
        app: ASGIApp,
        signer: Signer,
        max_body_bytes: int,
        *,
        secure: bool = False,
        too_large_page: Callable[[Scope], str] | None = None,
    ) -> None:
        self.app = app
        self.signer = signer
        self.max_body_bytes = max_body_bytes
        self.secure = secure
        self.too_large_page = too_large_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request (other scopes pass through)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        session = self.signer.session_of(_cookies(scope).get(SESSION_COOKIE))
        new_cookie = None
        if session is None:
            session, new_cookie = self.signer.new_cookie()
        state["browser_session"] = session
        state["csrf_token"] = self.signer.token(session)
        secure = self.secure or scope.get("scheme") == "https"
        is_static = str(scope.get("path", "")).startswith("/static/")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                headers.extend(SECURITY_HEADERS)
                if not is_static:
                    headers.append((b"cache-control", b"no-store"))
                # A route that set the cookie itself (log-in, log-out) has the last word.
                if new_cookie is not None and not _sets_session_cookie(headers):
                    attributes = "; Path=/; HttpOnly; SameSite=Strict" + (
                        "; Secure" if secure else ""
                    )
                    headers.append(
                        (b"set-cookie", f"{SESSION_COOKIE}={new_cookie}{attributes}".encode())
                    )
                message["headers"] = headers
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._too_large(scope, send_with_headers)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if started:
                raise
            await self._too_large(scope, send_with_headers)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        if self.too_large_page is not None:
            page = self.too_large_page(scope)
        else:
            page = (
                "<!doctype html><title>Too large</title><p>The upload is over the "
                f"{self.max_body_bytes / 1024**2:.1f} MiB limit."
            )
        body = page.encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _sets_session_cookie(headers: list[tuple[bytes, bytes]]) -> bool:
    prefix = f"{SESSION_COOKIE}=".encode()
    return any(name == b"set-cookie" and value.startswith(prefix) for name, value in headers)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def same_origin(origin: str | None, host: str | None) -> bool:
    """Whether an ``Origin`` header names this server.

    No header means a same-origin request or a client that is not a browser; the token check
    still covers both.
    """
    if not origin or origin == "null":
        # "null": a privacy setting or a sandboxed page hid the origin; the token still decides.
        return True
    if not host:
        return False
    return urlsplit(origin).netloc.lower() == host.lower()


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def csrf_check(signer: Signer) -> Callable[..., Awaitable[None]]:
    """A FastAPI dependency refusing a state-changing request without this browser's token.

    Installed on the whole app, so a route added later is covered without remembering to.
    """

    async def check(request: Request) -> None:
        if request.method in SAFE_METHODS:
            return
        if not same_origin(request.headers.get("origin"), request.headers.get("host")):
            raise CsrfRejected("the request came from another site's page; reload this page")
        token: object = request.headers.get(CSRF_HEADER)
        if token is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
            token = (await request.form()).get(CSRF_FIELD)
        session = getattr(request.state, "browser_session", None)
        if not signer.valid(session, token if isinstance(token, str) else None):
            raise CsrfRejected(
                "the form's security token is missing or out of date; reload the page and "
                "submit again"
            )

    return check
