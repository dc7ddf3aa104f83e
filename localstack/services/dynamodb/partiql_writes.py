"""PartiQL UPDATE and DELETE statements as the UpdateItem and DeleteItem requests DynamoDB runs for them.

DynamoDB translates each into one item write: the WHERE clause's equalities on the key attributes name
the item (all of them are mandatory), every other predicate becomes the write's condition, an UPDATE
also requires the item to exist (`attribute_exists` on the partition key: no upsert), and a DELETE of a
missing item is a no-op whatever the predicates say. RETURNING maps to ReturnValues, its attributes
answered as the statement's one item. A statement this module cannot read is left to moto's engine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_parser import PARAMETER_COUNT, Parser, Unreadable

MISSING_KEY = "Where clause does not contain a mandatory equality on all key attributes"

_RETURN_VALUES = {
    ("ALL", "OLD"): "ALL_OLD",
    ("MODIFIED", "OLD"): "UPDATED_OLD",
    ("ALL", "NEW"): "ALL_NEW",
    ("MODIFIED", "NEW"): "UPDATED_NEW",
}


@dataclass
class Translation:
    operation: str  # UpdateItem or DeleteItem
    body: dict
    returning: bool


def count_placeholders(statement: str) -> int:
    outside = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "", statement)
    return outside.count("?")


def check_parameter_count(statement: Any, parameters: Any) -> None:
    """A statement with more `?` than Parameters values is refused (more values than `?` pass)."""
    if not isinstance(statement, str) or "?" not in statement:
        return
    given = len(parameters) if isinstance(parameters, list) else 0
    if count_placeholders(statement) > given:
        raise RequestInvalid(PARAMETER_COUNT)


def translate(body: dict, key_names: list[str]) -> Translation | None:
    """The item write an UPDATE or DELETE ExecuteStatement runs, for a table whose key attributes are
    `key_names` (partition key first); None for other statements and those this module cannot read.
    Raises RequestInvalid for AWS's refusals (a key attribute without its equality)."""
    statement = body.get("Statement")
    if not isinstance(statement, str) or not re.match(r"\s*(UPDATE|DELETE)\b", statement, re.I):
        return None
    try:
        parser = _WriteParser(statement, body.get("Parameters"))
        return parser.statement(body, key_names)
    except Unreadable:
        return None


class _WriteParser(Parser):
    """An UPDATE or DELETE statement as its item write."""

    def statement(self, body: dict, key_names: list[str]) -> Translation:
        if self.keyword("UPDATE"):
            operation = "UpdateItem"
            table = self.identifier()
            update = self.update_clauses()
        else:
            self.expect_keyword("DELETE")
            self.expect_keyword("FROM")
            operation = "DeleteItem"
            table = self.identifier()
            update = None
        if self.op("."):
            raise Unreadable()  # an index path: the index checks answer it
        if not self.keyword("WHERE"):
            raise RequestInvalid(MISSING_KEY)
        conjuncts = self.conjunction()
        returning = None
        if self.keyword("RETURNING"):
            scope = self.peek()[1].upper()
            self.position += 1
            age = self.peek()[1].upper()
            self.position += 1
            self.expect_op("*")
            returning = _RETURN_VALUES.get((scope, age))
            if returning is None:
                raise Unreadable()
        if self.peek()[0] != "end":
            raise Unreadable()
        key, rest = self.split_key(conjuncts, key_names)
        condition = " AND ".join(rest)
        if operation == "UpdateItem":
            guard = self.expression.name(key_names[0])
            condition = f"attribute_exists({guard})" + (f" AND {condition}" if condition else "")
        elif condition:
            # A DELETE of a missing item succeeds: its predicates are never evaluated.
            guard = self.expression.name(key_names[0])
            condition = f"attribute_not_exists({guard}) OR {condition}"
        write: dict[str, Any] = {"TableName": table, "Key": key}
        if update is not None:
            write["UpdateExpression"] = update
        if condition:
            write["ConditionExpression"] = condition
        if self.expression.names:
            write["ExpressionAttributeNames"] = dict(self.expression.names)
        if self.expression.values:
            write["ExpressionAttributeValues"] = dict(self.expression.values)
        if returning is not None:
            write["ReturnValues"] = returning
        for member in ("ReturnConsumedCapacity", "ReturnValuesOnConditionCheckFailure"):
            if member in body:
                write[member] = body[member]
        return Translation(operation, write, returning is not None)

    def split_key(self, conjuncts: list[tuple[Any, Any]], key_names: list[str]) -> tuple[dict, list[str]]:
        key: dict[str, dict] = {}
        rest = []
        for write, equality in conjuncts:
            if equality is not None and equality[0] in key_names and equality[0] not in key:
                key[equality[0]] = equality[1]
            else:
                rest.append(write())
        if set(key) != set(key_names):
            raise RequestInvalid(MISSING_KEY)
        return key, rest


def answer(translation: Translation, written: dict) -> dict:
    """ExecuteStatement's answer to the item write's: RETURNING's attributes as the one item."""
    result: dict[str, Any] = {"Items": []}
    attributes = written.get("Attributes")
    if translation.returning and attributes:
        result["Items"] = [attributes]
    if "ConsumedCapacity" in written:
        result["ConsumedCapacity"] = written["ConsumedCapacity"]
    return result
