"""The expressions of one request: which parameters may be combined, the placeholder maps, parsing and
checking each expression, and the unused-placeholder rule. Returns the checked trees."""

from __future__ import annotations

import re
from typing import Any

from localstack.services.dynamodb.attribute_values import InvalidValue, check_value
from localstack.services.dynamodb.expressions.checks import (
    ConditionChecker,
    Context,
    ExpressionError,
    UpdateChecker,
    check_projection,
)
from localstack.services.dynamodb.expressions.lexer import ExpressionSyntaxError
from localstack.services.dynamodb.expressions.parser import parse_condition, parse_projection, parse_update

_NAME_KEY = re.compile(r"^#[0-9a-zA-Z_]+$")
_VALUE_KEY = re.compile(r"^:[0-9a-zA-Z_]+$")


class RequestInvalid(Exception):
    """A request broken against DynamoDB's rules; the message is AWS's."""


def check_parameter_mix(body: dict, expressions: list[str], legacy: list[str]) -> None:
    """Legacy and expression parameters never mix; placeholders need an expression that can use them."""
    used = [name for name in expressions if body.get(name) is not None]
    if used:
        legacy_used = [name for name in legacy if body.get(name) is not None]
        if body.get("KeyConditions") is not None and body.get("KeyConditionExpression") is None:
            legacy_used = [name for name in legacy_used if name != "KeyConditions"]
        if legacy_used:
            raise RequestInvalid(
                "Can not use both expression and non-expression parameters in the same request: "
                f"Non-expression parameters: {{{', '.join(legacy_used)}}} "
                f"Expression parameters: {{{', '.join(used)}}}"
            )
    if body.get("ExpressionAttributeNames") is not None and not used:
        raise RequestInvalid("ExpressionAttributeNames can only be specified when using expressions")
    value_expressions = [name for name in expressions if name != "ProjectionExpression"]
    if (
        value_expressions
        and body.get("ExpressionAttributeValues") is not None
        and all(body.get(name) is None for name in value_expressions)
    ):
        verb = "are" if len(value_expressions) > 1 else "is"
        raise RequestInvalid(
            "ExpressionAttributeValues can only be specified when using expressions: "
            f"{' and '.join(value_expressions)} {verb} null"
        )


def check_expressions(body: dict) -> dict[str, Any]:
    """Parse and check every expression of `body`; the checked trees by parameter name."""
    names = body.get("ExpressionAttributeNames")
    values = body.get("ExpressionAttributeValues")
    if names is not None:
        if not names:
            raise RequestInvalid("ExpressionAttributeNames must not be empty")
        for key in names:
            if not _NAME_KEY.match(key):
                raise RequestInvalid(
                    f'ExpressionAttributeNames contains invalid key: Syntax error; key: "{key}"'
                )
    if values is not None:
        if not values:
            raise RequestInvalid("ExpressionAttributeValues must not be empty")
        for key in values:
            if not _VALUE_KEY.match(key):
                raise RequestInvalid(
                    f'ExpressionAttributeValues contains invalid key: Syntax error; key: "{key}"'
                )
        for key, value in values.items():
            try:
                check_value(value)
            except InvalidValue as error:
                raise RequestInvalid(
                    f"ExpressionAttributeValues contains invalid value: {error} for key {key}"
                ) from None
    context = Context(names, values)
    checked: dict[str, Any] = {}
    for parameter in (
        "UpdateExpression",
        "ConditionExpression",
        "KeyConditionExpression",
        "FilterExpression",
        "ProjectionExpression",
    ):
        source = body.get(parameter)
        if source is None:
            continue
        checked[parameter] = _check_one(parameter, source, context)
    if context.unused_names:
        raise RequestInvalid(
            "Value provided in ExpressionAttributeNames unused in expressions: "
            f"keys: {{{', '.join(context.unused_names)}}}"
        )
    if context.unused_values:
        raise RequestInvalid(
            "Value provided in ExpressionAttributeValues unused in expressions: "
            f"keys: {{{', '.join(context.unused_values)}}}"
        )
    return checked


# Each expression is at most 4 KB of its raw text (before #name and :value substitution).
MAX_EXPRESSION_BYTES = 4096
# Recorded against AWS (us-east-1): only these two name the size they measured.
_SIZE_NAMED = frozenset(("ConditionExpression", "FilterExpression"))


def _check_one(parameter: str, source: str, context: Context) -> Any:
    if source == "":
        raise RequestInvalid(f"Invalid {parameter}: The expression can not be empty;")
    if len(source) > MAX_EXPRESSION_BYTES // 4 and len(source.encode("utf-8")) > MAX_EXPRESSION_BYTES:
        sentence = f"Invalid {parameter}: Expression size has exceeded the maximum allowed size;"
        if parameter in _SIZE_NAMED:
            sentence += f" expression size: {len(source.encode('utf-8'))}"
        raise RequestInvalid(sentence)
    try:
        if parameter == "UpdateExpression":
            return UpdateChecker(context).check(parse_update(source))
        if parameter == "ProjectionExpression":
            return check_projection(parse_projection(source), context)
        return ConditionChecker(context).check(parse_condition(source))
    except (ExpressionSyntaxError, ExpressionError) as error:
        raise RequestInvalid(f"Invalid {parameter}: {error}") from None
    except RecursionError:
        raise RequestInvalid(f"Invalid {parameter}: The expression is too deeply nested;") from None


_KEY_OPERATORS = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE", "BETWEEN": "BETWEEN"}
_MIRRORED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def key_conditions(tree: tuple) -> dict[str, tuple[str, list[dict]]]:
    """A checked KeyConditionExpression as {attribute: (ComparisonOperator, values)}, or AWS's refusal."""
    conditions: dict[str, tuple[str, list[dict]]] = {}
    _collect_key_conditions(tree, conditions)
    # More than two is refused against the table's key schema (table_checks.check_query).
    return conditions


def _collect_key_conditions(node: tuple, conditions: dict) -> None:
    op, args = node[0], node[1]
    if op in ("OR", "NOT", "IN", "<>"):
        raise RequestInvalid(f"Invalid operator used in KeyConditionExpression: {op}")
    if op == "AND":
        for child in args:
            _collect_key_conditions(child, conditions)
        return
    if op == "function":
        function = args[0]
        name = function[1]
        if name == "size":
            raise RequestInvalid("KeyConditionExpressions cannot contain nested operations")
        if name != "begins_with":
            raise RequestInvalid(f"Invalid operator used in KeyConditionExpression: {name}")
        args = function[2]
        op = "begins_with"
    for arg in args:
        if arg[0] == "function":
            raise RequestInvalid("KeyConditionExpressions cannot contain nested operations")
    if op in ("BETWEEN", "begins_with") and args[0][0] != "path":
        raise RequestInvalid(
            f"Invalid condition in KeyConditionExpression: {op} operator must have the key attribute as its "
            "first operand"
        )
    paths = [index for index, arg in enumerate(args) if arg[0] == "path"]
    if len(paths) > 1:
        raise RequestInvalid(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
        )
    if not paths:
        raise RequestInvalid("Invalid condition in KeyConditionExpression: No key attribute specified")
    path = args[paths[0]][1]
    if len(path) > 1:
        raise RequestInvalid("KeyConditionExpressions cannot have conditions on nested attributes")
    name = path[0]
    if name in conditions:
        # As recorded in eu-west-2, 2026-10 (paritysuite/dynamodb-conformance queryKeyConditionOperands).
        raise RequestInvalid(
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"
        )
    if paths[0] != 0:
        op = _MIRRORED[op]
        values = [args[0][1]]
    else:
        values = [arg[1] for arg in args[1:]]
    conditions[name] = ("BEGINS_WITH" if op == "begins_with" else _KEY_OPERATORS[op], values)
