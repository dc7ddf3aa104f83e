"""PartiQL reads of a secondary index (`"table"."index"`) as AWS serves them: `SELECT *` of an index
that projects less than ALL answers the index's projection (its keys, the table's keys and any
INCLUDE attributes), a filter on an attribute the index does not project is refused for either kind
of index, and a selected attribute it does not project is refused by a global index (a local one
fetches it from the table). Sentences as recorded against live DynamoDB (nubo-db/dynamodb-conformance,
PartiQL index-qualifier tests, eu-west-2)."""

from __future__ import annotations

import re
from typing import Any, Callable

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_checks import from_path

_INVALID = "One or more parameter values were invalid: "
_SELECT_LIST = re.compile(r"^\s*SELECT\s+(.*?)\s+FROM\b", re.I | re.S)
_WHERE = re.compile(r"\bWHERE\b", re.I)
# String literals, quoted names, bare words, and single characters, in statement order.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|[A-Za-z_][A-Za-z0-9_]*|\S")
# Words of a WHERE clause that are no attribute.
_KEYWORDS = frozenset(
    ("and", "or", "not", "in", "between", "is", "missing", "null", "true", "false", "like", "exists")
)

Lookup = Callable[[str], Any]


def _index(statement: str, table: Lookup) -> tuple[Any, Any, bool] | None:
    """(table, index, is global) of an index-qualified SELECT whose index projects less than ALL."""
    if not re.match(r"\s*SELECT\b", statement, re.I):
        return None
    path = from_path(statement)
    if not path or len(path) != 2:
        return None
    found = table(path[0])
    if found is None:
        return None
    for indexes, is_global in ((found.global_indexes, True), (found.indexes, False)):
        for index in indexes:
            if index.name == path[1]:
                kind = (index.projection or {}).get("ProjectionType", "ALL")
                return (found, index, is_global) if kind != "ALL" else None
    return None


def _projected(found: Any, index: Any) -> set[str]:
    names = {found.hash_key_attr, *index.schema_key_attrs}
    if found.range_key_attr:
        names.add(found.range_key_attr)
    if (index.projection or {}).get("ProjectionType") == "INCLUDE":
        names.update(index.projection.get("NonKeyAttributes") or ())
    return names


def _top_names(tokens: list[str]) -> list[str]:
    """The attributes a run of tokens names: the first component of each path, not functions."""
    names = []
    for position, token in enumerate(tokens):
        previous = tokens[position - 1] if position else ""
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if previous == "." or following == "(" or token.startswith("'"):
            continue
        if token.startswith('"'):
            names.append(token[1:-1])
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token) and token.lower() not in _KEYWORDS:
            names.append(token)
    return names


def check(statement: Any, table: Lookup) -> None:
    """Raise RequestInvalid for an attribute the index cannot serve."""
    if not isinstance(statement, str):
        return
    read = _index(statement, table)
    if read is None:
        return
    found, index, is_global = read
    projected = _projected(found, index)
    where = _WHERE.search(statement)
    if where is not None:
        missing = [
            n
            for n in dict.fromkeys(_top_names(_TOKEN.findall(statement[where.end() :])))
            if n not in projected
        ]
        if missing:
            raise RequestInvalid(
                _INVALID + f"Secondary index {index.name} does not project one or more filter attributes: "
                f"[{', '.join(missing)}]"
            )
    selection = _SELECT_LIST.match(statement)
    if is_global and selection is not None and selection.group(1).strip() != "*":
        listed = _top_names(_TOKEN.findall(selection.group(1)))
        missing = [name for name in dict.fromkeys(listed) if name not in projected]
        if missing:
            raise RequestInvalid(
                _INVALID + f"Global secondary index {index.name} does not project [{', '.join(missing)}]"
            )


def star_projection(statement: Any, table: Lookup) -> set[str] | None:
    """The attributes `SELECT *` of a KEYS_ONLY or INCLUDE index answers; None for any other read."""
    if not isinstance(statement, str):
        return None
    selection = _SELECT_LIST.match(statement)
    if selection is None or selection.group(1).strip() != "*":
        return None
    read = _index(statement, table)
    return _projected(read[0], read[1]) if read is not None else None
