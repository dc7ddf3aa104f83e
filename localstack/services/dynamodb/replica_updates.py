"""UpdateTable's ReplicaUpdates (version 2019.11.21 global tables) refused in DynamoDB's words: no action,
several, the local region, or an Update or Delete of a region outside the table's replicas; the sentences
are those recorded from live DynamoDB (the ack-api-quirks lab, 2026-10, DDB-TABLE-203, -223 and -307)."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid

_ACTIONS = ("Create", "Update", "Delete")
NO_ACTION = "There are no actions specified in the Replica Update Action of the request."
SEVERAL_ACTIONS = "Update table operation with more than one type of replica actions not allowed."
LOCAL_REGION = (
    "Cannot add or delete the local region through ReplicaUpdates. "
    "Use CreateTable, DeleteTable, or UpdateTable as required."
)


def check(table: Any, body: dict, members: list[str]) -> None:
    """Raise RequestInvalid for ReplicaUpdates DynamoDB refuses on `table`, whose replicas are in the
    regions `members` (none for a regional table)."""
    updates = body.get("ReplicaUpdates")
    if not isinstance(updates, list):
        return
    local_region = str(getattr(table, "table_arn", "")).split(":")[3:4]
    strangers: list[str] = []
    for update in updates:
        if not isinstance(update, dict):
            continue
        actions = [name for name in _ACTIONS if isinstance(update.get(name), dict)]
        if not actions:
            raise RequestInvalid(NO_ACTION)
        if len(actions) > 1:
            raise RequestInvalid(SEVERAL_ACTIONS)
        action = actions[0]
        details = update[action]
        region = details.get("RegionName")
        if action == "Update" and not set(details) - {"RegionName"}:
            raise RequestInvalid(NO_ACTION)  # an Update that changes nothing
        if action in ("Create", "Delete") and [region] == local_region:
            raise RequestInvalid(LOCAL_REGION)
        if action in ("Update", "Delete") and region not in members and region not in strangers:
            strangers.append(region)
    if strangers:
        listed = ", ".join(map(str, strangers))
        raise RequestInvalid(
            "Update global table operation failed because one or more replicas were not part of the "
            f"global table. Please retry the request without these replicas: [{listed}]."
        )
