"""TableDescriptions as DynamoDB reports them: the status a control-plane call leaves a table and its
indexes in (CREATING, UPDATING, DELETING), and the members moto leaves out (TableId, index ARNs, sizes)."""

from __future__ import annotations

import time
import uuid
from typing import Any

DESCRIPTION_MEMBER = {
    "CreateTable": "TableDescription",
    "UpdateTable": "TableDescription",
    "DeleteTable": "TableDescription",
    "DescribeTable": "Table",
}


def deleted_indexes(body: dict, table: Any) -> list[dict]:
    """The descriptions of the global indexes an UpdateTable deletes, taken before moto drops them."""
    names = {
        update["Delete"].get("IndexName")
        for update in body.get("GlobalSecondaryIndexUpdates") or []
        if isinstance(update, dict) and isinstance(update.get("Delete"), dict)
    }
    if not names or table is None:
        return []
    return [index.describe() for index in table.global_indexes if index.name in names]


def reshape(operation: str, body: dict, answer: dict, table: Any, deleting: list[dict] | None = None) -> bool:
    """Correct the description in `answer` in place; True if anything changed. `deleting`: the indexes
    this UpdateTable deletes; AWS still lists each, DELETING, until it is gone."""
    member = DESCRIPTION_MEMBER.get(operation)
    description = answer.get(member) if member else None
    if not isinstance(description, dict):
        return False
    if deleting:
        listed = {index.get("IndexName") for index in description.get("GlobalSecondaryIndexes") or []}
        gone = [index for index in deleting if index.get("IndexName") not in listed]
        if gone:
            listing = description.get("GlobalSecondaryIndexes") or []
            description["GlobalSecondaryIndexes"] = [*listing, *gone]
    for kind in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes"):
        if description.get(kind) == []:
            del description[kind]
    if table is not None:
        description.setdefault(
            "TableId", table.__dict__.setdefault("_localstack_table_id", str(uuid.uuid4()))
        )
        _settings(operation, body, description, table)
    summary = description.get("BillingModeSummary")
    on_demand = isinstance(summary, dict) and summary.get("BillingMode") == "PAY_PER_REQUEST"
    if on_demand:
        description.setdefault("TableThroughputModeSummary", {"TableThroughputMode": "PAY_PER_REQUEST"})
        if operation != "CreateTable":
            summary.setdefault("LastUpdateToPayPerRequestDateTime", description.get("CreationDateTime"))
    if operation == "CreateTable":
        # A new table's description carries only what AWS reports at creation.
        description.pop("WarmThroughput", None)
        if description.get("DeletionProtectionEnabled") is False:
            del description["DeletionProtectionEnabled"]
        if isinstance(summary, dict) and not on_demand:
            del description["BillingModeSummary"]
    if table is not None:
        _report_backfilling(operation, body, description, table)
        _report_throughput_changes(operation, body, description, table)
    table_arn = description.get("TableArn", "")
    for kind in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes"):
        for index in description.get(kind) or []:
            index.setdefault("IndexSizeBytes", 0)
            index.setdefault("ItemCount", 0)
            index.setdefault("IndexArn", f"{table_arn}/index/{index.get('IndexName')}")
            throughput = index.get("ProvisionedThroughput")
            if kind == "GlobalSecondaryIndexes" and isinstance(throughput, dict):
                throughput.setdefault("NumberOfDecreasesToday", 0)
    if operation == "CreateTable":
        description["TableStatus"] = "CREATING"
        for index in description.get("GlobalSecondaryIndexes") or []:
            index["IndexStatus"] = "CREATING"
    elif operation == "UpdateTable":
        description["TableStatus"] = "UPDATING"
        _mark_index_updates(body, description)
    elif operation == "DeleteTable":
        description["TableStatus"] = "DELETING"
    return True


# Table settings moto neither keeps nor reports: (request member, description member, its shape).
_SETTINGS = (
    ("TableClass", "TableClassSummary", lambda value: {"TableClass": value}),
    ("OnDemandThroughput", "OnDemandThroughput", lambda value: value),
)


def _settings(operation: str, body: dict, description: dict, table: Any) -> None:
    """Keep the settings a CreateTable or UpdateTable sets on moto's table, and report them."""
    kept = table.__dict__.setdefault("_localstack_settings", {})
    if operation in ("CreateTable", "UpdateTable"):
        for member, _, _ in _SETTINGS:
            if body.get(member) is not None:
                kept[member] = body[member]
    for member, reported, shape in _SETTINGS:
        if member in kept:
            description[reported] = shape(kept[member])


def _report_throughput_changes(operation: str, body: dict, description: dict, table: Any) -> None:
    """ProvisionedThroughputDescription (API reference): the last increase's and decrease's times and
    the decreases of this UTC day; moto drops NumberOfDecreasesToday once UpdateTable sets throughput."""
    throughput = description.get("ProvisionedThroughput")
    if not isinstance(throughput, dict):
        return
    changes = table.__dict__.setdefault("_localstack_throughput_changes", {})
    requested = body.get("ProvisionedThroughput") if operation == "UpdateTable" else None
    previous = changes.get("units")
    if isinstance(requested, dict) and previous is not None:
        now = time.time()
        pairs = [(requested.get(member), previous.get(member)) for member in _UNITS]
        if any(isinstance(new, int) and isinstance(old, int) and new > old for new, old in pairs):
            changes["LastIncreaseDateTime"] = now
        if any(isinstance(new, int) and isinstance(old, int) and new < old for new, old in pairs):
            changes["LastDecreaseDateTime"] = now
            today = time.strftime("%Y-%m-%d", time.gmtime(now))
            count = changes.get("decreases", (today, 0))
            changes["decreases"] = (today, (count[1] if count[0] == today else 0) + 1)
    changes["units"] = {member: throughput.get(member) for member in _UNITS}
    for member in ("LastIncreaseDateTime", "LastDecreaseDateTime"):
        if member in changes:
            throughput[member] = changes[member]
    today = time.strftime("%Y-%m-%d", time.gmtime())
    day, count = changes.get("decreases", (today, 0))
    throughput["NumberOfDecreasesToday"] = count if day == today else 0


_UNITS = ("ReadCapacityUnits", "WriteCapacityUnits")


def _report_backfilling(operation: str, body: dict, description: dict, table: Any) -> None:
    """GlobalSecondaryIndexDescription.Backfilling (API reference): reported for an index UpdateTable
    added, never for one CreateTable made; ours fill at once, so it is false."""
    added = table.__dict__.setdefault("_localstack_added_indexes", set())
    if operation == "UpdateTable":
        for update in body.get("GlobalSecondaryIndexUpdates") or []:
            if isinstance(update, dict) and isinstance(update.get("Create"), dict):
                added.add(update["Create"].get("IndexName"))
    for index in description.get("GlobalSecondaryIndexes") or []:
        if index.get("IndexName") in added:
            index.setdefault("Backfilling", False)


def _mark_index_updates(body: dict, description: dict) -> None:
    statuses = {}
    for update in body.get("GlobalSecondaryIndexUpdates") or []:
        for action, status in (("Create", "CREATING"), ("Update", "UPDATING"), ("Delete", "DELETING")):
            if isinstance(update.get(action), dict):
                statuses[update[action].get("IndexName")] = status
    for index in description.get("GlobalSecondaryIndexes") or []:
        if index.get("IndexName") in statuses:
            index["IndexStatus"] = statuses[index["IndexName"]]
