"""FilterCriteria of a mapping: which records reach the function (AWS's event filtering)."""

from __future__ import annotations

import base64
import json
from typing import Any

from localstack.utils.aws import event_patterns
from localstack.utils.aws.errors import AWSError

MAX_FILTERS = 5


def patterns_of(filter_criteria: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The parsed patterns; an empty list lets every record through."""
    patterns = []
    for entry in (filter_criteria or {}).get("Filters") or []:
        text = entry.get("Pattern") if isinstance(entry, dict) else None
        if text:
            patterns.append(json.loads(text))
    return patterns


def validate(filter_criteria: Any) -> None:
    """Refuse what AWS refuses: not JSON, not a valid pattern, more than five filters."""
    if filter_criteria is None:
        return
    filters = filter_criteria.get("Filters") if isinstance(filter_criteria, dict) else None
    if filters is None:
        return
    if len(filters) > MAX_FILTERS:
        raise AWSError("InvalidParameterValueException", f"Filters must contain at most {MAX_FILTERS} items.")
    for entry in filters:
        text = entry.get("Pattern") if isinstance(entry, dict) else None
        try:
            pattern = json.loads(text or "")
            event_patterns.validate(pattern)
        except Exception:
            raise AWSError(
                "InvalidParameterValueException", f"Invalid filter pattern definition: {text}"
            ) from None


def record_passes(patterns: list[dict[str, Any]], record: dict[str, Any]) -> bool:
    """A record passes when there are no patterns or any one matches it."""
    if not patterns:
        return True
    subject = _subject(record)
    return any(event_patterns.matches(pattern, subject) for pattern in patterns)


def _subject(record: dict[str, Any]) -> dict[str, Any]:
    # Filters see an SQS body and Kinesis data as JSON when they hold JSON (Kinesis data as `data`).
    if "body" in record:
        return {**record, "body": _json_or_text(record["body"])}
    if "kinesis" in record:
        raw = base64.b64decode(record["kinesis"].get("data") or "")
        return {**record, "data": _json_or_text(raw.decode("utf-8", "replace"))}
    return record


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
