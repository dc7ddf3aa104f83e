"""DynamoDB's refusals of PartiQL function calls: functions a WHERE clause does not know, calls in a
SELECT list, attribute_exists without an operand, set_add and set_delete used other than as
`path = set_add(path, <<...>>)`, empty bags, and calls inside an INSERT's item. Sentences with a position
name the token as `at <line>:<column>:<length>` (from 1). Recorded against live DynamoDB
(paritysuite/dynamodb-conformance, eu-west-2, 2026-10)."""

from __future__ import annotations

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_grammar import positioned_tokens

# The functions DynamoDB's PartiQL evaluates in a WHERE clause (the developer guide's PartiQL functions).
_WHERE_FUNCTIONS = frozenset(
    ("begins_with", "contains", "attribute_type", "attribute_exists", "attribute_not_exists", "size")
)
_PATH_ONLY = frozenset(("attribute_exists", "attribute_not_exists"))
_SET_FUNCTIONS = frozenset(("set_add", "set_delete"))
_OPERATOR_WORDS = frozenset(("IN", "NOT", "AND", "OR", "BETWEEN", "IS", "VALUE"))

Token = tuple[str, str, int]


def check(statement: str) -> None:
    tokens = positioned_tokens(statement)
    if not tokens or tokens[0][0] != "name":
        return
    verb = tokens[0][1].upper()
    at = _Positions(statement)
    clause = verb
    depth = 0
    for index, (kind, text, offset) in enumerate(tokens):
        if kind == "op" and text in ("(", "[", "{", "<<"):
            depth += 1
        elif kind == "op" and text in (")", "]", "}", ">>"):
            depth -= 1
        if kind == "op" and text == "<<" and index + 1 < len(tokens) and tokens[index + 1][1] == ">>":
            raise RequestInvalid("Empty bags are not supported")
        if kind == "name" and depth == 0 and text.upper() in ("FROM", "WHERE", "SET", "VALUE"):
            clause = text.upper()
            continue
        if kind != "name" or tokens[index + 1 : index + 2] == [] or tokens[index + 1][1] != "(":
            continue
        name = text.lower()
        if text.upper() in _OPERATOR_WORDS:
            continue  # `pk IN (...)`, `NOT (...)`
        if clause == "SELECT":
            raise RequestInvalid(f"Unexpected path component at {at(offset, text)}")
        if clause == "WHERE" and name not in _WHERE_FUNCTIONS:
            raise RequestInvalid(f"Unrecognized function: {name} at {at(offset, text)}")
        if (
            clause == "WHERE"
            and name in _PATH_ONLY
            and tokens[index + 2 : index + 3]
            and tokens[index + 2][1] == ")"
        ):
            raise RequestInvalid(
                "Incorrect number of operands for operator or function; "
                f"operator or function: {name}, number of operands: 0"
            )
        if clause == "VALUE" and verb == "INSERT":
            raise RequestInvalid(f"Unsupported data type: {name} under key root at {at(offset, text)}")
        if clause == "SET" and name in _SET_FUNCTIONS:
            _check_set_function(tokens, index, at)


def _check_set_function(tokens: list[Token], index: int, at: _Positions) -> None:
    """`path = set_add(path, <<...>>)`: two arguments, the first the assigned path, the second a set."""
    kind, text, offset = tokens[index]
    shown = text.upper()
    arguments = _arguments(tokens, index + 1)
    if len(arguments) != 2:
        raise RequestInvalid(f"{shown} must have exactly two arguments at {at(offset, text)}")
    target = _assigned_path(tokens, index)
    first, second = arguments
    if target is None or [token[:2] for token in first] != target:
        raise RequestInvalid(
            f"The first argument to {shown} must equal the assignment value at {at(offset, text)}"
        )
    is_set = (second[0][1] == "<<" and second[-1][1] == ">>") or [token[1] for token in second] == ["?"]
    if not is_set:
        raise RequestInvalid(
            f"The second argument to {shown} must be a value with type SET at {at(first[0][2], first[0][1])}"
        )


def _arguments(tokens: list[Token], opening: int) -> list[list[Token]]:
    """The comma-separated arguments of the call whose `(` is at `opening`."""
    arguments: list[list[Token]] = [[]]
    depth = 0
    for token in tokens[opening + 1 :]:
        kind, text, _ = token
        if kind == "op" and text in ("(", "[", "{", "<<"):
            depth += 1
        elif kind == "op" and text in (")", "]", "}", ">>"):
            if depth == 0:
                break
            depth -= 1
        if kind == "op" and text == "," and depth == 0:
            arguments.append([])
        else:
            arguments[-1].append(token)
    return [argument for argument in arguments if argument]


def _assigned_path(tokens: list[Token], call: int) -> list[tuple[str, str]] | None:
    """The path before `=` that the call at `call` is assigned to."""
    if call < 2 or tokens[call - 1][1] != "=":
        return None
    start = call - 2
    while start > 0 and (tokens[start - 1][1] in (".", "[") or tokens[start][1] in (".", "[", "]")):
        start -= 1
    path = [token[:2] for token in tokens[start : call - 1]]
    return path if path and path[0][0] in ("name", "quoted") else None


class _Positions:
    def __init__(self, statement: str) -> None:
        self.statement = statement

    def __call__(self, offset: int, text: str) -> str:
        line = self.statement.count("\n", 0, offset) + 1
        column = offset - (self.statement.rfind("\n", 0, offset) + 1) + 1
        return f"{line}:{column}:{len(text)}"
