"""Limit and Marker for KMS's list operations (moto and our own handlers answered every item with
Truncated false; moto pages ListKeyRotations itself): a page of at most Limit items (clamped to the
maximum the API reference gives, as "KMS ... might return fewer" allows), Truncated and NextMarker while
more remain, and a Marker KMS did not give refused with InvalidMarkerException."""

from __future__ import annotations

import base64
import json
from typing import Any

from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.json_exchange import request_and_answer

# Operation: (list member, default Limit, largest Limit the API reference allows).
PAGED = {
    "ListAliases": ("Aliases", 50, 100),
    "ListKeys": ("Keys", 100, 1000),
    "ListGrants": ("Grants", 50, 100),
    "ListRetirableGrants": ("Grants", 50, 100),
    "ListResourceTags": ("Tags", 50, 50),
}
_PREFIX = "kms-page:"


def _marker(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def _offset(marker: Any) -> int:
    try:
        text = base64.urlsafe_b64decode(str(marker).encode()).decode()
        if text.startswith(_PREFIX):
            return int(text[len(_PREFIX) :])
    except ValueError:
        pass
    # The code is the API reference's; the words are ours (no recording found).
    raise AWSError("InvalidMarkerException", "The marker is not valid.")


def check_request(operation: str, params: dict[str, Any]) -> None:
    """Refuse a Marker this server did not give before the operation runs."""
    if operation in PAGED and isinstance(params, dict) and params.get("Marker") is not None:
        _offset(params["Marker"])


def page(operation: str, params: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """`answer` (every item) cut to the page the request's Limit and Marker ask for."""
    member, default, largest = PAGED[operation]
    items = answer.get(member) or []
    limit = params.get("Limit")
    limit = min(limit, largest) if isinstance(limit, int) and limit > 0 else default
    start = _offset(params["Marker"]) if params.get("Marker") is not None else 0
    answer = dict(answer)
    answer[member] = items[start : start + limit]
    answer.pop("NextMarker", None)
    answer["Truncated"] = start + limit < len(items)
    if answer["Truncated"]:
        answer["NextMarker"] = _marker(start + limit)
    return answer


def page_body(operation: str, request: bytes, body: bytes) -> bytes | None:
    """The paged JSON body of a list answer, or None if it is left as it is."""
    exchange = request_and_answer(request, body)
    if exchange is None:
        return None
    return json.dumps(page(operation, *exchange)).encode()
