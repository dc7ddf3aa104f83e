"""DynamoDB in the dashboard: tables, then their items, with a scan and a query on the partition key."""

from __future__ import annotations

import json
from typing import Any

from localstack.dashboard.scope import ActionFailed, Scope, required

PAGE = 50


def tables(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    ddb = aws.client("dynamodb")
    result = []
    for name in ddb.list_tables(Limit=100).get("TableNames", []):
        try:
            table = ddb.describe_table(TableName=name)["Table"]
        except ddb.exceptions.ResourceNotFoundException:
            continue
        result.append(
            {
                "TableName": name,
                "Status": table.get("TableStatus"),
                "ItemCount": table.get("ItemCount", 0),
                "KeySchema": table.get("KeySchema", []),
                "AttributeDefinitions": table.get("AttributeDefinitions", []),
            }
        )
    return result


def scan(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    kwargs: dict[str, Any] = {"TableName": required(params, "table"), "Limit": _limit(params)}
    if params.get("startKey"):
        kwargs["ExclusiveStartKey"] = _json(params["startKey"], "startKey")
    return _page(aws.client("dynamodb").scan(**kwargs))


def query(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    """Items whose partition key equals `value` (typed by the table's attribute definition)."""
    name, value = required(params, "table"), required(params, "value")
    ddb = aws.client("dynamodb")
    table = ddb.describe_table(TableName=name)["Table"]
    key = next(k["AttributeName"] for k in table["KeySchema"] if k["KeyType"] == "HASH")
    kind = next(a["AttributeType"] for a in table["AttributeDefinitions"] if a["AttributeName"] == key)
    kwargs: dict[str, Any] = {
        "TableName": name,
        "KeyConditionExpression": "#k = :v",
        "ExpressionAttributeNames": {"#k": key},
        "ExpressionAttributeValues": {":v": {kind: value}},
        "Limit": _limit(params),
    }
    if params.get("startKey"):
        kwargs["ExclusiveStartKey"] = _json(params["startKey"], "startKey")
    return {**_page(ddb.query(**kwargs)), "key": key}


def _page(answer: dict) -> dict:
    return {
        "items": answer.get("Items", []),
        "count": answer.get("Count", 0),
        "lastKey": json.dumps(answer["LastEvaluatedKey"]) if "LastEvaluatedKey" in answer else None,
    }


def _limit(params: dict[str, str]) -> int:
    try:
        return max(1, min(int(params.get("limit") or PAGE), 1000))
    except ValueError:
        raise ActionFailed(400, "InvalidParameter", "The parameter 'limit' must be a number.") from None


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise ActionFailed(400, "InvalidParameter", f"The parameter '{name}' must be JSON.") from None


ACTIONS = {"tables": tables, "scan": scan, "query": query}
