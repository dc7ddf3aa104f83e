"""Version 2017.11.29 global tables and replica auto scaling. This emulator makes no such global table
(CreateGlobalTable is not served), so the calls naming one answer GlobalTableNotFoundException; a
table's replica auto scaling describes the table with no replicas."""

from __future__ import annotations

from typing import Any, Callable

from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset(
    (
        "DescribeGlobalTable",
        "DescribeGlobalTableSettings",
        "UpdateGlobalTable",
        "UpdateGlobalTableSettings",
        "DescribeTableReplicaAutoScaling",
    )
)


def handle(
    operation: str, body: dict, lookup: Callable[[Any], Any], missing_table: Callable[[str], AWSError]
) -> dict:
    if operation == "DescribeTableReplicaAutoScaling":
        name = body.get("TableName")
        table = lookup(name)
        if table is None:
            raise missing_table(name)
        return {
            "TableAutoScalingDescription": {
                "TableName": table.name,
                "TableStatus": "ACTIVE",
                "Replicas": [],
            }
        }
    name = body.get("GlobalTableName")
    raise AWSError(
        "GlobalTableNotFoundException",
        f"Global table not found: Global table with name: '{name}' does not exist.",
    )
