"""What went wrong, in words a person can act on: the index out of reach, or a fault logged under a reference.

Used by `Explainer.ask` and the app's error boundary, so that no traceback ever reaches a person.
"""

from __future__ import annotations

import secrets
import sys


def unreachable(exc: BaseException) -> bool:
    """Does this failure, or one it was raised from, mean the index's server could not be reached?

    chromadb's HttpClient lets httpx's transport errors through while querying, and turns a refused connection
    into a ValueError when a client is made; both keep the httpx error as their cause or context. A stopped
    server is therefore recognised by that error, not by the words of chromadb's messages."""
    httpx = sys.modules.get("httpx")  # not imported here: if nothing has loaded it, no httpx error can exist
    kinds: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)
    if httpx is not None:
        kinds += (httpx.TransportError,)
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kinds):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def reference() -> str:
    """A short id to quote to the person and write beside the traceback in the log."""
    return secrets.token_hex(4)
