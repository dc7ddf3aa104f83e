"""PartiQL SELECT statements that name an item collection (an equality on the partition key) as the
Query DynamoDB runs for them: the key equalities are the key condition, every other predicate the
filter, and one comparison, BETWEEN or begins_with on the sort key joins the key condition, so
comparisons mean what they mean in condition expressions (sets unordered, maps by content, `<>` the
complement of `=`). A document path in the SELECT list is the Query's projection, answered under the
path's last name. ORDER BY the sort key sets the Query's direction; Limit and NextToken page one item
collection as Query does (the NextToken carries the Query's LastEvaluatedKey). An index path
(`"table"."index"`) is the same Query of the index, on its keys. Anything else (paths ending in a list
index, several ranges on the sort key) stays with moto's engine."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from localstack.services.dynamodb.partiql_parser import Parser, Unreadable

# The sort-key predicates a key condition takes, as the parser writes them (name first).
_SORT_RANGE = re.compile(
    r"^(#n\d+ (=|<|<=|>|>=) :v\d+|#n\d+ BETWEEN :v\d+ AND :v\d+|begins_with\(#n\d+, :v\d+\))$"
)

_TOKEN_PREFIX = "pq1."  # marks this runner's NextTokens


def translate_select(body: dict, key_names: list[str], index: str | None = None) -> list[dict] | None:
    """The Query requests a SELECT runs (one per partition key value it names, in order), or None to
    leave the statement to moto."""
    statement = body.get("Statement")
    if not isinstance(statement, str):
        return None
    start_key = None
    if body.get("NextToken") is not None:
        start_key = read_token(body["NextToken"])
        if start_key is None:
            return None  # not a token of this runner's: moto's engine wrote it
    try:
        queries = _Select(statement, body.get("Parameters")).query(body, key_names, index)
    except Unreadable:
        return None
    if "Limit" in body or start_key is not None:
        # A page of one item collection: Query's own Limit and start key.
        if len(queries) != 1:
            return None
        if "Limit" in body:
            queries[0]["Limit"] = body["Limit"]
        if start_key is not None:
            queries[0]["ExclusiveStartKey"] = start_key
    return queries


def translate_scan(body: dict, index: str | None = None) -> dict | None:
    """The Scan a SELECT with a WHERE clause but no partition key equality runs (moto's engine compares
    numbers by equality wrongly), or None to leave the statement to moto."""
    statement = body.get("Statement")
    if not isinstance(statement, str):
        return None
    start_key = None
    if body.get("NextToken") is not None:
        start_key = read_token(body["NextToken"])
        if start_key is None:
            return None
    try:
        scan = _Select(statement, body.get("Parameters")).scan(body, index)
    except Unreadable:
        return None
    if "Limit" in body:
        scan["Limit"] = body["Limit"]
    if start_key is not None:
        scan["ExclusiveStartKey"] = start_key
    return scan


def write_token(last_key: dict) -> str:
    """The NextToken that resumes a SELECT after the Query's LastEvaluatedKey."""
    return _TOKEN_PREFIX + base64.urlsafe_b64encode(json.dumps(last_key).encode("utf-8")).decode("ascii")


def read_token(token: Any) -> dict | None:
    if not isinstance(token, str) or not token.startswith(_TOKEN_PREFIX):
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(token[len(_TOKEN_PREFIX) :].encode("ascii")))
    except ValueError:
        return None
    return key if isinstance(key, dict) else None


class _Select(Parser):
    def projected_path(self) -> str:
        """One path of the SELECT list, as ProjectionExpression text; a path ending in a list index is
        left to moto's engine (the name DynamoDB answers it under is not known here)."""
        text, parts = self.path()
        if not isinstance(parts[-1], str):
            raise Unreadable()
        return text

    def projection_paths(self) -> list[list] | None:
        """The SELECT list's paths as their parts; None for `*`."""
        self.expect_keyword("SELECT")
        if self.op("*"):
            return None
        paths = [self.path()[1]]
        while self.op(","):
            paths.append(self.path()[1])
        return paths

    def _selection(self) -> list[str] | None:
        self.expect_keyword("SELECT")
        if self.op("*"):
            return None
        projection = [self.projected_path()]
        while self.op(","):
            projection.append(self.projected_path())
        return projection

    def scan(self, body: dict, index: str | None) -> dict:
        """A SELECT whose WHERE terms are all filters, as one Scan request."""
        projection = self._selection()
        self.expect_keyword("FROM")
        table = self.identifier()
        named_index = self.identifier() if self.op(".") else None
        if named_index != index or not self.keyword("WHERE"):
            raise Unreadable()
        # OR binds looser than AND: `a AND b OR c AND d` is two branches.
        branches = [self._conjunction()]
        while self.keyword("OR"):
            branches.append(self._conjunction())
        if self.peek()[0] != "end" or self.used != len(self.parameters):
            raise Unreadable()
        condition = branches[0] if len(branches) == 1 else " OR ".join(f"({branch})" for branch in branches)
        scan: dict[str, Any] = {"TableName": table, "FilterExpression": condition}
        if index is not None:
            scan["IndexName"] = index
        if projection:
            scan["ProjectionExpression"] = ", ".join(projection)
        scan["ExpressionAttributeNames"] = dict(self.expression.names)
        if self.expression.values:
            scan["ExpressionAttributeValues"] = dict(self.expression.values)
        for member in ("ConsistentRead", "ReturnConsumedCapacity"):
            if member in body:
                scan[member] = body[member]
        return scan

    def _conjunction(self) -> str:
        terms = [self.negation()]
        while self.keyword("AND"):
            terms.append(self.negation())
        return " AND ".join(terms)

    def _or_at_top(self) -> bool:
        """Whether the WHERE from here holds an OR outside parentheses (its terms are no conjunction)."""
        depth = 0
        for kind, text in self.tokens[self.position :]:
            if kind == "op" and text in ("(", "[", "{"):
                depth += 1
            elif kind == "op" and text in (")", "]", "}"):
                depth -= 1
            elif depth == 0 and kind == "name" and text.upper() == "OR":
                return True
        return False

    def query(self, body: dict, key_names: list[str], index: str | None) -> list[dict]:
        """`key_names` are the keys of what the statement reads: `index`'s for an index path."""
        self.expect_keyword("SELECT")
        projection: list[str] | None = None
        if not self.op("*"):
            projection = [self.projected_path()]
            while self.op(","):
                projection.append(self.projected_path())
        self.expect_keyword("FROM")
        table = self.identifier()
        named_index = self.identifier() if self.op(".") else None
        if named_index != index or not self.keyword("WHERE") or self._or_at_top():
            raise Unreadable()
        terms = []
        sort_range: str | None = None  # a comparison, BETWEEN or begins_with on the sort key
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
                    mentioned = self.expression.mentioned[before:]
                    if len(key_names) > 1 and mentioned == [key_names[1]] and _SORT_RANGE.match(text):
                        if sort_range is not None:
                            raise Unreadable()
                        sort_range = text
                    elif set(mentioned) & set(key_names):
                        raise Unreadable()  # a key attribute in a filter: DynamoDB's Query refuses it
                    else:
                        terms.append(text)
            if not self.keyword("AND"):
                break
        forward = True
        if self.keyword("ORDER"):
            # ORDER BY the sort key: the Query's direction.
            self.expect_keyword("BY")
            if len(key_names) < 2 or self.identifier() != key_names[1]:
                raise Unreadable()
            forward = not self.keyword("DESC")
            if forward:
                self.keyword("ASC")
        if self.peek()[0] != "end":
            raise Unreadable()
        if partitions is None:
            if key_names[0] not in key:
                raise Unreadable()
            partitions = [key.pop(key_names[0])]
        elif key_names[0] in key:
            raise Unreadable()
        if sort_range is not None and len(key_names) > 1 and key_names[1] in key:
            raise Unreadable()
        shared: dict[str, Any] = {"TableName": table}
        if index is not None:
            shared["IndexName"] = index
        if terms:
            shared["FilterExpression"] = " AND ".join(terms)
        if projection:
            shared["ProjectionExpression"] = ", ".join(projection)
        condition = " AND ".join(
            f"{self.expression.name(name)} = {self.expression.value(value)}"
            for name, value in [(key_names[0], {}), *key.items()]
        )
        if sort_range is not None:
            condition += " AND " + sort_range
        if not forward:
            if len(partitions) != 1:
                raise Unreadable()
            shared["ScanIndexForward"] = False
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


def answered_items(statement: str, items: list[dict]) -> list[dict]:
    """The Query's items as the SELECT answers them: an attribute a document path selects is answered
    under the path's last name (`SELECT a.b` answers `{"b": ...}`), not nested as in the Query's answer."""
    try:
        paths = _Select(statement, []).projection_paths()
    except Unreadable:
        return items
    if paths is None or all(len(path) == 1 for path in paths):
        return items
    # A projection keeps only the list elements it names, in order: `l[3]` alone is `l[0]` in the answer.
    named: dict[tuple, set[int]] = {}
    for path in paths:
        for position, part in enumerate(path):
            if isinstance(part, int):
                named.setdefault(tuple(path[:position]), set()).add(part)
    kept = {prefix: sorted(indexes) for prefix, indexes in named.items()}
    answered = []
    for item in items:
        row: dict[str, Any] = {}
        for path in paths:
            value = _at_path(item, path, kept)
            if value is not None:
                row[path[-1]] = value
        answered.append(row)
    return answered


def _at_path(item: dict, path: list, kept: dict[tuple, list[int]]) -> dict | None:
    value: Any = {"M": item}
    for position, part in enumerate(path):
        if isinstance(part, str):
            value = value.get("M", {}).get(part) if isinstance(value, dict) else None
        else:
            elements = value.get("L") if isinstance(value, dict) else None
            at = kept[tuple(path[:position])].index(part)
            value = elements[at] if isinstance(elements, list) and at < len(elements) else None
        if value is None:
            return None
    return value
