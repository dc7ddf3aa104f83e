"""The request as moto reads it, where moto misreads DynamoDB's: legacy OR conditions, grouped update
paths, a key condition with the value first, PartiQL statements its engine cannot run as written, and
projections of list elements (removed here and applied to the answer, recorded in the request's state)."""

from __future__ import annotations

import re
from typing import Any

from localstack.services.dynamodb import legacy_conditions, partiql_checks, partiql_indexes
from localstack.services.dynamodb.expressions import for_moto

# A key condition with the value first (`:lo <= #sk`), which AWS reads as `#sk >= :lo` and moto's
# parser refuses: the operands swapped and the comparison mirrored before moto sees it.
_VALUE_FIRST = re.compile(r"(:[A-Za-z0-9_]+)\s*(<=|>=|<|>|=)\s*(#?[A-Za-z0-9_]+)")
_MIRRORED = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "="}


def _indexed_batch_projections(operation: str, checked: Any) -> dict[str, list]:
    """The BatchGetItem tables whose projection names list elements, which moto cannot project."""
    if operation != "BatchGetItem" or not isinstance(checked, dict):
        return {}
    found = {}
    for table_name, trees in checked.items():
        paths = trees.get("ProjectionExpression") if isinstance(trees, dict) else None
        if _has_index(paths):
            found[table_name] = paths
    return found


def _has_index(paths: Any) -> bool:
    return isinstance(paths, list) and any(isinstance(part, int) for path in paths for part in path)


def _key_first(expression: str) -> str | None:
    if ":" not in expression:
        return None
    swapped = _VALUE_FIRST.sub(lambda m: f"{m[3]} {_MIRRORED[m[2]]} {m[1]}", expression)
    return swapped if swapped != expression else None


def prepare(operation: str, body: dict, checked: dict, state: dict[str, Any], lookup: Any) -> dict | None:
    """Record in `state` what the answer is to be mended with; return the request rewritten for moto
    (None: moto reads it as it is)."""
    # moto reads `l[2]` in a projection as an attribute's name: GetItem projects list elements here.
    indexed = operation == "GetItem" and _has_index(checked.get("ProjectionExpression"))
    if indexed:
        state["projection"] = checked["ProjectionExpression"]
    batch_projections = _indexed_batch_projections(operation, checked)
    if batch_projections:
        state["batch_projection"] = batch_projections
    if operation == "TransactGetItems" and any(checked.get("projections") or ()):
        state["transact_projection"] = checked["projections"]  # moto answers whole items
    rewritten = None
    if operation in ("PutItem", "UpdateItem", "DeleteItem", "Query", "Scan"):
        rewritten = legacy_conditions.rewrite_or_conditions(body)
    if operation == "UpdateItem" and isinstance(body.get("UpdateExpression"), str):
        ungrouped = for_moto.without_grouping(body["UpdateExpression"])
        if ungrouped is not None:
            rewritten = {**(rewritten or body), "UpdateExpression": ungrouped}
    if operation == "TransactWriteItems":
        items = for_moto.transact_without_grouping(body.get("TransactItems"))
        if items is not None:
            rewritten = {**(rewritten or body), "TransactItems": items}
    if operation == "Query" and isinstance(body.get("KeyConditionExpression"), str):
        expression = _key_first(body["KeyConditionExpression"])
        if expression is not None:
            rewritten = {**(rewritten or body), "KeyConditionExpression": expression}
    selection = None
    if operation == "ExecuteStatement":
        projected = partiql_indexes.star_projection(body.get("Statement"), lookup)
        if projected is not None:
            state["index_projection"] = projected
    if operation == "ExecuteStatement" and isinstance(body.get("Statement"), str):
        selection = partiql_checks.nested_selection(body["Statement"])
        if selection is not None:
            rewritten = {**(rewritten or body), "Statement": selection[0]}
            state["statement_paths"] = selection[1]
        statement = partiql_checks.for_moto((rewritten or body)["Statement"], body.get("Parameters"))
        if statement is not None:
            rewritten = {**(rewritten or body), "Statement": statement}
            if re.match(r"\s*INSERT\b", statement, re.I):
                rewritten.pop("Parameters", None)  # bound into the statement
    hidden = ("ProjectionExpression", "ExpressionAttributeNames")
    if indexed:
        rewritten = {name: value for name, value in (rewritten or body).items() if name not in hidden}
    if batch_projections:
        requests = dict((rewritten or body)["RequestItems"])
        for table_name in batch_projections:
            requests[table_name] = {k: v for k, v in requests[table_name].items() if k not in hidden}
        rewritten = {**(rewritten or body), "RequestItems": requests}
    return rewritten
