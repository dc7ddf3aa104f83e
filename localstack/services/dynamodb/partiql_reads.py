"""PartiQL SELECT statements that name an item collection (an equality on the partition key) as the
Query DynamoDB runs for them: the key equalities are the key condition, every other predicate the
filter, so comparisons mean what they mean in condition expressions (sets unordered, maps by content,
`<>` the complement of `=`). Anything else (index paths, document-path projections, predicates on the
sort key other than equality, Limit or NextToken) stays with moto's engine."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb.partiql_writes import Unreadable, _Parser


def translate_select(body: dict, key_names: list[str]) -> list[dict] | None:
    """The Query requests a SELECT runs (one per partition key value it names, in order), or None to
    leave the statement to moto."""
    statement = body.get("Statement")
    if not isinstance(statement, str) or "Limit" in body or "NextToken" in body:
        return None
    try:
        return _Select(statement, body.get("Parameters")).query(body, key_names)
    except Unreadable:
        return None


class _Select(_Parser):
    def query(self, body: dict, key_names: list[str]) -> list[dict]:
        self.expect_keyword("SELECT")
        projection: list[str] | None = None
        if not self.op("*"):
            projection = [self.identifier()]
            while self.op(","):
                projection.append(self.identifier())
        self.expect_keyword("FROM")
        table = self.identifier()
        if self.op(".") or not self.keyword("WHERE"):
            raise Unreadable()
        terms = []
        key: dict[str, str] = {}
        partitions: list[dict] | None = None
        while True:
            start = self.position
            if (
                self.peek()[0] in ("name", "quoted")
                and self.identifier() == key_names[0]
                and self.keyword("IN")
            ):
                closing = "]" if self.op("[") else ")" if self.op("(") else None
                if closing is None or partitions is not None:
                    raise Unreadable()
                partitions = self.values_until(closing)
            else:
                self.position = start
                before = len(self.expression.mentioned)
                write, equality = self.term()
                if equality is not None and equality[0] in key_names and equality[0] not in key:
                    key[equality[0]] = equality[1]
                else:
                    text = write()
                    if set(self.expression.mentioned[before:]) & set(key_names):
                        raise Unreadable()  # a key attribute in a filter: DynamoDB's Query refuses it
                    terms.append(text)
            if not self.keyword("AND"):
                break
        if self.peek()[0] != "end":
            raise Unreadable()
        if partitions is None:
            if key_names[0] not in key:
                raise Unreadable()
            partitions = [key.pop(key_names[0])]
        elif key_names[0] in key:
            raise Unreadable()
        shared: dict[str, Any] = {"TableName": table}
        if terms:
            shared["FilterExpression"] = " AND ".join(terms)
        if projection:
            shared["ProjectionExpression"] = ", ".join(self.expression.name(name) for name in projection)
        condition = " AND ".join(
            f"{self.expression.name(name)} = {self.expression.value(value)}"
            for name, value in [(key_names[0], {}), *key.items()]
        )
        for member in ("ConsistentRead", "ReturnConsumedCapacity"):
            if member in body:
                shared[member] = body[member]
        partition_value = condition.split(" AND ")[0].split(" = ")[1]
        queries = []
        for value in partitions:
            values = {**self.expression.values, partition_value: value}
            queries.append(
                {
                    **shared,
                    "KeyConditionExpression": condition,
                    "ExpressionAttributeNames": dict(self.expression.names),
                    "ExpressionAttributeValues": values,
                }
            )
        return queries
