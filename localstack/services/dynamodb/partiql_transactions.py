"""PartiQL ExecuteTransaction of writes as the TransactWriteItems DynamoDB runs for it: UPDATE and
DELETE as their item writes, INSERT as a Put that fails when the item exists (DuplicateItem in the
cancellation reasons)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from localstack.services.dynamodb.partiql_parser import Parser, Unreadable
from localstack.services.dynamodb.partiql_writes import translate

DUPLICATE_ITEM = "Duplicate primary key exists in table"


@dataclass
class TransactionTranslation:
    body: dict  # TransactWriteItems' request
    inserts: set[int]  # positions of INSERT statements (their failed condition is DuplicateItem)


def translate_transaction(body: dict, key_names_of: Any) -> TransactionTranslation | None:
    """An ExecuteTransaction of writes as the TransactWriteItems DynamoDB runs for it; None for one
    holding a read (or a statement this module cannot read). `key_names_of(table)` gives a table's key
    attributes, None for a table that does not exist (moto answers those)."""
    statements = body.get("TransactStatements")
    if not isinstance(statements, list) or not statements:
        return None
    items: list[dict] = []
    inserts: set[int] = set()
    for position, entry in enumerate(statements):
        if not isinstance(entry, dict) or not isinstance(entry.get("Statement"), str):
            return None
        table = _statement_table(entry["Statement"])
        key_names = key_names_of(table) if table is not None else None
        if not key_names:
            return None
        if re.match(r"\s*INSERT\b", entry["Statement"], re.I):
            put = insert_put(entry, key_names)
            if put is None:
                return None
            items.append({"Put": put})
            inserts.add(position)
            continue
        translation = translate(entry, key_names)
        if translation is None:
            return None
        write = {
            k: v for k, v in translation.body.items() if k not in ("ReturnValues", "ReturnConsumedCapacity")
        }
        items.append({"Update" if translation.operation == "UpdateItem" else "Delete": write})
    transact: dict[str, Any] = {"TransactItems": items}
    for member in ("ClientRequestToken", "ReturnConsumedCapacity"):
        if member in body:
            transact[member] = body[member]
    return TransactionTranslation(transact, inserts)


def translate_reads(body: dict, key_names_of: Any) -> dict | None:
    """An ExecuteTransaction of SELECTs, each of one item by its whole key, as its TransactGetItems;
    None for any other."""
    from localstack.services.dynamodb.partiql_checks import from_path
    from localstack.services.dynamodb.partiql_reads import translate_select

    statements = body.get("TransactStatements")
    if not isinstance(statements, list) or not statements:
        return None
    gets = []
    for entry in statements:
        statement = entry.get("Statement") if isinstance(entry, dict) else None
        if not isinstance(statement, str) or not re.match(r"\s*SELECT\b", statement, re.I):
            return None
        path = from_path(statement)
        table = path[0] if path and len(path) == 1 else None
        key_names = key_names_of(table) if table is not None else None
        queries = translate_select(entry, key_names) if key_names else None
        if not queries or len(queries) != 1 or "FilterExpression" in queries[0]:
            return None
        query = queries[0]
        names, values = query["ExpressionAttributeNames"], query["ExpressionAttributeValues"]
        key = {}
        for term in query["KeyConditionExpression"].split(" AND "):
            name, _, value = term.partition(" = ")
            if name not in names or value not in values:
                return None
            key[names[name]] = values[value]
        if set(key) != set(key_names):
            return None
        get: dict[str, Any] = {"TableName": query["TableName"], "Key": key}
        if "ProjectionExpression" in query:
            projected = query["ProjectionExpression"]
            get["ProjectionExpression"] = projected
            used = set(re.findall(r"#n\d+", projected))
            get["ExpressionAttributeNames"] = {k: v for k, v in names.items() if k in used}
        gets.append({"Get": get})
    reads: dict[str, Any] = {"TransactItems": gets}
    if "ReturnConsumedCapacity" in body:
        reads["ReturnConsumedCapacity"] = body["ReturnConsumedCapacity"]
    return reads


def _statement_table(statement: str) -> str | None:
    try:
        parser = Parser(statement, [])
        if parser.keyword("INSERT"):
            parser.expect_keyword("INTO")
        elif parser.keyword("DELETE"):
            parser.expect_keyword("FROM")
        elif not parser.keyword("UPDATE"):
            return None
        return parser.identifier()
    except Unreadable:
        return None


def insert_put(entry: dict, key_names: list[str]) -> dict | None:
    """INSERT INTO t VALUE {...} as a Put that fails when the item exists."""
    try:
        parser = Parser(entry["Statement"], entry.get("Parameters"))
        parser.expect_keyword("INSERT")
        parser.expect_keyword("INTO")
        table = parser.identifier()
        parser.expect_keyword("VALUE")
        document = parser.literal()
        if parser.peek()[0] != "end" or not isinstance(document, dict) or "M" not in document:
            return None
    except Unreadable:
        return None
    put: dict[str, Any] = {
        "TableName": table,
        "Item": document["M"],
        "ConditionExpression": "attribute_not_exists(#n0)",
        "ExpressionAttributeNames": {"#n0": key_names[0]},
    }
    if "ReturnValuesOnConditionCheckFailure" in entry:
        put["ReturnValuesOnConditionCheckFailure"] = entry["ReturnValuesOnConditionCheckFailure"]
    return put


def cancellation(translation: TransactionTranslation, error: dict) -> dict:
    """TransactWriteItems' cancellation as ExecuteTransaction's: an INSERT whose item exists is
    DuplicateItem, not ConditionalCheckFailed."""
    reasons = error.get("CancellationReasons")
    if not isinstance(reasons, list):
        return error
    for position in translation.inserts:
        if position < len(reasons) and reasons[position].get("Code") == "ConditionalCheckFailed":
            reasons[position] = {"Code": "DuplicateItem", "Message": DUPLICATE_ITEM}
    codes = ", ".join(str(reason.get("Code")) for reason in reasons)
    error["Message"] = (
        f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]"
    )
    return error
