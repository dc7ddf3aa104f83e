"""PartiQL's FROM-first UPDATE (`FROM "T" WHERE <key> SET ... REMOVE ... [RETURNING ...]`), which
DynamoDB runs as the UPDATE of the item its WHERE names (recorded: paritysuite/dynamodb-conformance's
tier-2 tests, 2026-10): restated as that UPDATE before anything else reads the statement."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_grammar import positioned_tokens
from localstack.utils.aws.errors import ValidationError

# DynamoDB's sentences for a FROM-first UPDATE with no WHERE, and one whose WHERE comes after its SET.
_KEYLESS = "Where clause does not contain a mandatory equality on all key attributes"
_LEFTOVER = "Statement wasn't well formed, can't be processed: Unexpected token after expression"


def restate(statement: Any) -> tuple[str, int, int] | None:
    """The UPDATE a FROM-first statement stands for, with the number of `?` in its WHERE and in its
    SET/REMOVE clauses (the UPDATE names them in the other order); None for any other statement."""
    if not isinstance(statement, str) or not statement.lstrip()[:4].upper() == "FROM":
        return None
    tokens = positioned_tokens(statement)
    words = [(text.upper() if kind == "name" else None, offset) for kind, text, offset in tokens]
    depth = 0
    marks: dict[str, int] = {}
    for (word, offset), (kind, text, _) in zip(words, tokens, strict=True):
        if kind == "op" and text in ("(", "[", "{", "<<"):
            depth += 1
        elif kind == "op" and text in (")", "]", "}", ">>"):
            depth -= 1
        mark = "UPDATE" if word in ("SET", "REMOVE") else word
        if depth == 0 and mark in ("WHERE", "UPDATE", "RETURNING") and mark not in marks:
            marks[mark] = offset
    where, update = marks.get("WHERE"), marks.get("UPDATE")
    if update is None:
        return None
    if where is None:
        raise RequestInvalid(_KEYLESS)
    if update < where:
        raise RequestInvalid(_LEFTOVER)
    end = marks.get("RETURNING", len(statement))
    if end < update:
        return None
    table = statement[tokens[0][2] + 4 : where].strip()
    condition = statement[where:update].strip()
    clauses = statement[update:end].strip()
    returning = statement[end:].strip()
    marks_of = [offset for kind, text, offset in tokens if (kind, text) == ("op", "?")]
    in_condition = sum(1 for offset in marks_of if where <= offset < update)
    in_clauses = sum(1 for offset in marks_of if update <= offset < end)
    restated = " ".join(part for part in (f"UPDATE {table}", clauses, condition, returning) if part)
    return restated, in_condition, in_clauses


def restate_body(operation: str, body: dict) -> bool:
    """Restate the FROM-first statements of an ExecuteStatement, ExecuteTransaction or
    BatchExecuteStatement in place; True if any was."""
    entries = (
        [body]
        if operation == "ExecuteStatement"
        else body.get("TransactStatements" if operation == "ExecuteTransaction" else "Statements") or []
    )
    changed = False
    for entry in entries if isinstance(entries, list) else ():
        try:
            restated = restate(entry.get("Statement")) if isinstance(entry, dict) else None
        except RequestInvalid as error:
            if operation != "ExecuteStatement":
                continue  # each statement's own checks answer it
            raise ValidationError(str(error)) from None
        if restated is None:
            continue
        entry["Statement"], in_condition, in_clauses = restated
        parameters = entry.get("Parameters")
        if isinstance(parameters, list) and in_condition and in_clauses:
            entry["Parameters"] = (
                parameters[in_condition : in_condition + in_clauses]
                + parameters[:in_condition]
                + parameters[in_condition + in_clauses :]
            )
        changed = True
    return changed
