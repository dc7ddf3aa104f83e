"""CloudWatch Contributor Insights for DynamoDB tables and global indexes: Update, Describe and List as
AWS answers them. An ENABLE or DISABLE answers ENABLING or DISABLING and is settled by the next call
(AWS takes one to sixteen seconds); ENABLE with the mode already in force, and DISABLE of a resource not
enabled, change nothing. No CloudWatch rule reports data here: the rules are only named."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset(
    ("UpdateContributorInsights", "DescribeContributorInsights", "ListContributorInsights")
)
DEFAULT_MODE = "ACCESSED_AND_THROTTLED_KEYS"
_PAGE = 100  # ListContributorInsights' largest MaxResults


@dataclass
class _Insights:
    created: Any  # the table's creation time: a table made anew under the same name starts disabled
    status: str
    mode: str
    updated: float
    stamp: int  # the creation time, in milliseconds, that names the rules


Scope = tuple[str, str]
TableLookup = Callable[[Any], Any]
_state: dict[tuple[str, str, str, str | None], _Insights] = {}
_lock = threading.Lock()


def reset() -> None:
    with _lock:
        _state.clear()


def handle(operation: str, body: dict, scope: Scope, table: TableLookup) -> dict:
    if operation == "ListContributorInsights":
        return _list(body, scope, table)
    found = table(body.get("TableName"))
    name = body.get("TableName")
    if found is None:
        raise AWSError("ResourceNotFoundException", f"Requested resource not found: Table: {name} not found")
    index = body.get("IndexName")
    if index is not None and index not in {i.name for i in found.global_indexes}:
        raise AWSError(
            "ResourceNotFoundException",
            f"Requested resource not found: Index: {index} not found for table: {name}",
        )
    key = (*scope, found.name, index)
    if operation == "UpdateContributorInsights":
        return _update(key, found, body)
    with _lock:
        entry = _current(key, found)
        if entry is None:
            return _named(found.name, index, ContributorInsightsStatus="DISABLED")
        answer = _named(found.name, index)
        if entry.status == "ENABLED":
            answer["ContributorInsightsRuleList"] = _rules(found, index, entry)
        answer["ContributorInsightsStatus"] = entry.status
        answer["LastUpdateDateTime"] = entry.updated
        answer["ContributorInsightsMode"] = entry.mode
        return answer


def _update(key: tuple, table: Any, body: dict) -> dict:
    index = key[3]
    now = time.time()
    with _lock:
        entry = _current(key, table)
        if body.get("ContributorInsightsAction") == "ENABLE":
            mode = body.get("ContributorInsightsMode") or DEFAULT_MODE
            if entry is not None and entry.status == "ENABLED" and entry.mode == mode:
                status = "ENABLED"
            else:
                if entry is None or entry.status != "ENABLED":
                    entry = _state[key] = _Insights(table.created_at, "ENABLED", mode, now, int(now * 1000))
                entry.mode, entry.updated, status = mode, now, "ENABLING"
        elif entry is None or entry.status != "ENABLED":
            return _named(table.name, index, ContributorInsightsStatus="DISABLED")
        else:
            entry.status, entry.updated, status = "DISABLED", now, "DISABLING"
        return _named(table.name, index, ContributorInsightsStatus=status, ContributorInsightsMode=entry.mode)


def _current(key: tuple, table: Any) -> _Insights | None:
    entry = _state.get(key)
    if entry is not None and entry.created != table.created_at:
        del _state[key]  # the table was deleted and made again
        return None
    return entry


def _rules(table: Any, index: str | None, entry: _Insights) -> list[str]:
    """The CloudWatch rules DynamoDB names for the resource: partition keys (and sort keys if it has
    them), most accessed and most throttled, or only the throttled ones in THROTTLED_KEYS mode."""
    resource = table.name if index is None else f"{table.name}-{index}"
    if index is None:
        has_sort_key = table.range_key_attr is not None
    else:
        schema = next(i.schema for i in table.global_indexes if i.name == index)
        has_sort_key = any(element.get("KeyType") == "RANGE" for element in schema)
    kinds = ["PKC", "PKT"] + (["SKC", "SKT"] if has_sort_key else [])
    if entry.mode == "THROTTLED_KEYS":
        kinds = [kind for kind in kinds if kind.endswith("T")]
    return [f"DynamoDBContributorInsights-{kind}-{resource}-{entry.stamp}" for kind in kinds]


def _list(body: dict, scope: Scope, table: TableLookup) -> dict:
    wanted = body.get("TableName")
    with _lock:
        summaries = []
        for key in sorted(_state, key=lambda k: (k[2], k[3] is not None, k[3] or "")):
            if key[:2] != scope or (wanted is not None and key[2] != wanted):
                continue
            found = table(key[2])
            entry = _current(key, found) if found is not None else None
            if entry is None or entry.status == "DISABLED":
                continue  # AWS lists what is enabled, enabling or disabling
            summaries.append(
                _named(
                    key[2], key[3], ContributorInsightsStatus=entry.status, ContributorInsightsMode=entry.mode
                )
            )
    start = int(body["NextToken"]) if str(body.get("NextToken") or "").isdigit() else 0
    size = body.get("MaxResults") or _PAGE
    page = summaries[start : start + size]
    answer: dict[str, Any] = {"ContributorInsightsSummaries": page}
    if start + size < len(summaries):
        answer["NextToken"] = str(start + size)
    return answer


def _named(table: str, index: str | None, **members: Any) -> dict:
    answer: dict[str, Any] = {"TableName": table}
    if index is not None:
        answer["IndexName"] = index
    answer.update(members)
    return answer
