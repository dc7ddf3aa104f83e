"""DynamoDB's refusals of PartiQL statements that moto's engine misreads: the FROM path (empty
components, more than two, an index the table lacks, strongly consistent reads of a global index),
RETURNING clauses DELETE and ExecuteTransaction do not allow, and index reads inside a transaction.
The sentences are AWS's, as recorded against live DynamoDB (nubo-db/dynamodb-conformance)."""

from __future__ import annotations

import re
from typing import Any, Callable

from localstack.services.dynamodb.expressions.request import RequestInvalid

_MALFORMED = "Statement wasn't well formed, can't be processed"
# The path after FROM / INTO / UPDATE: quoted or bare components joined by dots.
_VERB = re.compile(
    r"^\s*(SELECT\b.*?\bFROM|DELETE\s+FROM|INSERT\s+INTO|UPDATE|EXISTS\s*\(\s*SELECT\b.*?\bFROM)\s*",
    re.I | re.S,
)
_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RETURNING = re.compile(r"\bRETURNING\s+((?:ALL|MODIFIED)\s+(?:OLD|NEW)\s+\*)\s*$", re.I)

Lookup = Callable[[str], Any]


def from_path(statement: str) -> list[str] | None:
    """The components of the statement's table path; None where the statement is not one of ours to
    read (moto answers it)."""
    span = _path_span(statement)
    return span[0] if span else None


def _path_span(statement: str) -> tuple[list[str], int, int] | None:
    verb = _VERB.match(statement)
    if verb is None:
        return None
    start = position = verb.end()
    components: list[str] = []
    while True:
        if statement[position : position + 1] == '"':
            end = statement.find('"', position + 1)
            if end < 0:
                raise RequestInvalid(_MALFORMED)
            components.append(statement[position + 1 : end])
            position = end + 1
        else:
            bare = _BARE.match(statement, position)
            if bare is None:
                return (components, start, position) if components else None
            components.append(bare.group())
            position = bare.end()
        if statement[position : position + 1] != ".":
            return components, start, position
        position += 1


def index_read(statement: str) -> str | None:
    """A read of `"table"."index"` as moto's engine names the index's items (`"table.index"`)."""
    span = _path_span(statement)
    if span is None or len(span[0]) != 2 or not re.match(r"\s*(SELECT|EXISTS)\b", statement, re.I):
        return None
    components, start, end = span
    return f'{statement[:start]}"{components[0]}.{components[1]}"{statement[end:]}'


def check_statement(body: dict, table: Lookup, in_transaction: int | None = None) -> None:
    """Raise RequestInvalid for a statement AWS refuses before running it. `in_transaction`: the
    statement's position in ExecuteTransaction."""
    statement = body.get("Statement")
    if not isinstance(statement, str):
        return
    returning = _RETURNING.search(statement)
    if in_transaction is not None and returning is not None:
        raise RequestInvalid(
            f"Validation failed in TransactStatements[{in_transaction}]: "
            "RETURNING clause is not supported in ExecuteTransaction."
        )
    if returning is not None and re.match(r"\s*DELETE\b", statement, re.I):
        clause = " ".join(returning.group(1).upper().split())
        if clause != "ALL OLD *":
            raise RequestInvalid(
                f"Invalid returning clause: RETURNING {clause}. "
                "Only RETURNING ALL OLD * is allowed in DELETE statements."
            )
    path = from_path(statement)
    if not path:
        return
    if any(component == "" for component in path):
        raise RequestInvalid("Path component cannot be an empty string")
    if len(path) > 2:
        raise RequestInvalid("A path may contain at most 2 components in the FROM clause")
    if len(path) == 1:
        return
    found = table(path[0])
    if found is None:
        return  # moto answers ResourceNotFoundException
    global_names = {index.name for index in found.global_indexes}
    local_names = {index.name for index in found.indexes}
    if path[1] not in global_names | local_names:
        raise RequestInvalid("The table does not have the specified index")
    if in_transaction is not None:
        raise RequestInvalid(
            f"Validation failed in TransactStatements[{in_transaction}]: Reads on indices are not supported "
            "within transactions."
        )
    if body.get("ConsistentRead") and path[1] in global_names:
        raise RequestInvalid("Strongly consistent read is not supported on Global Secondary Indexes")


def check(operation: str, body: dict, table: Lookup) -> None:
    if operation == "ExecuteStatement":
        check_statement(body, table)
    elif operation == "ExecuteTransaction":
        for position, entry in enumerate(body.get("TransactStatements") or ()):
            if isinstance(entry, dict):
                check_statement(entry, table, position)
