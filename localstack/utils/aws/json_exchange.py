"""A JSON-protocol call's request and answer read back as objects, for listeners that rewrite an
answer from what was asked (paging lists a backend answers whole)."""

from __future__ import annotations

import json
from typing import Any


def request_and_answer(request: bytes, body: bytes) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(request parameters, answer) as dicts; None when either is not a JSON object."""
    try:
        params = json.loads(request or b"{}")
        answer = json.loads(body or b"{}")
    except ValueError:
        return None
    if not isinstance(params, dict) or not isinstance(answer, dict):
        return None
    return params, answer
