"""Security headers on every HTTP response: a content security policy fitted to what the
response is (the JSON API, the GraphQL IDE, the documentation site), ``nosniff``, no framing
by other sites, and no referrer sent from our pages.

The IDE (core/static/graphiql) loads only same-origin scripts and style sheets (checked in
headless Chromium: no violation while it loads and introspects); its dialogs add a ``<style>``
element from script (react-remove-scroll), hence ``style-src 'unsafe-inline'``. The documentation site is built by
mkdocs-material, whose pages carry small inline scripts that differ from page to page (the
site's base address), so its policy allows inline scripts; it serves no data."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: JSON answers: nothing may be loaded or run on their behalf
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_PAGE = (
    "default-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; form-action 'self'; frame-ancestors 'none'"
)
IDE_POLICY = f"{_PAGE}; script-src 'self'; style-src 'self' 'unsafe-inline'; base-uri 'none'"
DOCS_POLICY = (
    f"{_PAGE}; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "worker-src 'self' blob:; frame-src 'self' blob:; base-uri 'self'"
)
DOCS_PREFIX = "/docs"


def policy(path: str, content_type: str) -> str:
    """The content security policy of a response to ``path`` of ``content_type``. Every file of
    the documentation site gets its policy: a worker's script (search) runs under its own."""
    if path == DOCS_PREFIX or path.startswith(DOCS_PREFIX + "/"):
        return DOCS_POLICY
    return IDE_POLICY if content_type.startswith("text/html") else API_POLICY


class SecurityHeaders:
    """Adds the security headers to every HTTP response the application sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy(scope["path"], headers.get("content-type", ""))
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"  # for browsers without frame-ancestors
                headers["Referrer-Policy"] = "no-referrer"
            await send(message)

        await self.app(scope, receive, send_with_headers)
