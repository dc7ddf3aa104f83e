"""Limit and NextToken on the EventBridge lists moto (or our handlers) answer whole: ListArchives,
ListReplays, ListConnections and ListApiDestinations give at most Limit entries and a NextToken while
more remain, as ListRules and ListEventBuses already do (AWS's API reference; recorded for ListReplays)."""

from __future__ import annotations

import base64
import json
from typing import Any

from localstack.utils.aws.json_exchange import request_and_answer

# Operation -> the member of its answer that holds the listed entries.
PAGED = {
    "ListArchives": "Archives",
    "ListReplays": "Replays",
    "ListConnections": "Connections",
    "ListApiDestinations": "ApiDestinations",
}


def _token(operation: str, offset: int) -> str:
    return base64.b64encode(json.dumps({"operation": operation, "offset": offset}).encode()).decode()


def _offset(operation: str, token: Any) -> int | None:
    """Where the page a NextToken names starts; None for a token this list did not hand out."""
    try:
        decoded = json.loads(base64.b64decode(str(token), validate=True))
        offset = decoded["offset"]
    except (ValueError, TypeError, KeyError):
        return None
    if decoded.get("operation") != operation or not isinstance(offset, int) or offset < 0:
        return None
    return offset


def page_body(operation: str, request: bytes, body: bytes) -> bytes | None:
    """The answer's body cut to the requested page, or None when the request asks for no paging."""
    exchange = request_and_answer(request, body)
    if exchange is None:
        return None
    params, answer = exchange
    limit, token = params.get("Limit"), params.get("NextToken")
    entries = answer.get(PAGED[operation])
    if (limit is None and token is None) or not isinstance(entries, list):
        return None
    start = 0 if token is None else _offset(operation, token)
    if start is None:
        # A token from elsewhere lists nothing, as ListRules answers one (AWS's answer not found).
        start = len(entries)
    end = len(entries) if not isinstance(limit, int) or limit <= 0 else start + limit
    answer[PAGED[operation]] = entries[start:end]
    answer.pop("NextToken", None)
    if end < len(entries):
        answer["NextToken"] = _token(operation, end)
    return json.dumps(answer).encode()
