"""TransactWriteItems' ClientRequestToken: a call repeated with the same token within ten minutes of the
first one's success is answered as the first was, writing nothing again; the same token with other
parameters is IdempotentParameterMismatchException. Tokens are kept per account and region."""

from __future__ import annotations

import json
import threading
import time

from localstack.utils.aws.errors import AWSError

# "A client request token is valid for 10 minutes after the first request that uses it is completed."
WINDOW = 600.0
# (account, region, token) -> (when it succeeded, the request's parameters, the answer sent)
_seen: dict[tuple[str, str, str], tuple[float, str, bytes]] = {}
_lock = threading.Lock()

Scope = tuple[str, str, str]


def fingerprint(body: dict) -> str:
    """The parameters a repeated call must match: everything but the token."""
    return json.dumps({k: v for k, v in body.items() if k != "ClientRequestToken"}, sort_keys=True)


def replay(scope: Scope, parameters: str, now: float | None = None) -> bytes | None:
    """The first call's answer if this is a repeat of it; None if the token is new (or expired)."""
    now = time.time() if now is None else now
    with _lock:
        _forget_expired(now)
        seen = _seen.get(scope)
    if seen is None:
        return None
    if seen[1] != parameters:
        raise AWSError(
            "IdempotentParameterMismatchException",
            "The request uses the same client token as a previous, but non-identical request.",
        )
    return seen[2]


def remember(scope: Scope, parameters: str, answer: bytes, now: float | None = None) -> None:
    with _lock:
        _seen[scope] = (time.time() if now is None else now, parameters, answer)


def reset() -> None:
    with _lock:
        _seen.clear()


def _forget_expired(now: float) -> None:
    # Insertion order is success order: stop at the first token still valid.
    for scope, (when, _, _) in list(_seen.items()):
        if now - when < WINDOW:
            break
        del _seen[scope]
