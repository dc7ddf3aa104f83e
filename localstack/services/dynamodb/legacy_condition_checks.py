"""DynamoDB's rules for the legacy condition parameters: the `Expected` map of conditional writes and the
KeyConditions, QueryFilter and ScanFilter maps (operators, argument counts and types)."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb.attribute_values import InvalidValue, check_value, value_type
from localstack.services.dynamodb.expressions.checks import compare_values
from localstack.services.dynamodb.expressions.request import RequestInvalid

_INVALID = "One or more parameter values were invalid: "
_ARGUMENT_COUNTS = {"NULL": 0, "NOT_NULL": 0, "BETWEEN": 2}
_ONE_ARGUMENT = ("EQ", "NE", "LE", "LT", "GE", "GT", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH")
_OPERATOR_TYPES = {
    "EQ": ("S", "N", "B", "SS", "NS", "BS"),
    "NE": ("S", "N", "B", "SS", "NS", "BS"),
    "LE": ("S", "N", "B"),
    "LT": ("S", "N", "B"),
    "GE": ("S", "N", "B"),
    "GT": ("S", "N", "B"),
    "CONTAINS": ("S", "N", "B"),
    "NOT_CONTAINS": ("S", "N", "B"),
    "BEGINS_WITH": ("S", "B"),
    "IN": ("S", "N", "B"),
    "BETWEEN": ("S", "N", "B"),
}


def check_values(attributes: Any, prefix: str = "") -> None:
    """Each AttributeValue of a map well formed, AWS's message (after `prefix`) for the first that is not."""
    for value in (attributes or {}).values():
        try:
            check_value(value)
        except InvalidValue as error:
            raise RequestInvalid(f"{prefix}{error}") from None


def check_expected(expected: dict | None) -> None:
    """The legacy `Expected` map of conditional writes."""
    for name, condition in (expected or {}).items():
        if "AttributeValueList" in condition and "Value" in condition:
            raise RequestInvalid(
                _INVALID + f"Value and AttributeValueList cannot be used together for Attribute: {name}"
            )
        if "ComparisonOperator" in condition:
            operator = condition["ComparisonOperator"]
            if "Exists" in condition:
                raise RequestInvalid(
                    _INVALID + f"Exists and ComparisonOperator cannot be used together for Attribute: {name}"
                )
            if (
                operator not in ("NULL", "NOT_NULL")
                and "AttributeValueList" not in condition
                and "Value" not in condition
            ):
                raise RequestInvalid(
                    _INVALID
                    + f"Value or AttributeValueList must be used with ComparisonOperator: {operator} for "
                    f"Attribute: {name}"
                )
            values = condition.get("AttributeValueList")
            if values is None:
                values = [condition["Value"]] if condition.get("Value") is not None else []
            _check_condition(operator, values)
        elif "AttributeValueList" in condition:
            raise RequestInvalid(
                _INVALID
                + f"AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}"
            )
        else:
            exists = condition.get("Exists")
            if (exists is None or exists) and condition.get("Value") is None:
                shown = "null" if exists is None else str(exists).lower()
                raise RequestInvalid(
                    _INVALID + f"Value must be provided when Exists is {shown} for Attribute: {name}"
                )
            if exists is False and condition.get("Value") is not None:
                raise RequestInvalid(
                    _INVALID + f"Value cannot be used when Exists is false for Attribute: {name}"
                )
            if condition.get("Value") is not None:
                check_values({"v": condition["Value"]})


def check_conditions(conditions: dict | None) -> None:
    """The legacy KeyConditions, QueryFilter and ScanFilter maps."""
    for condition in (conditions or {}).values():
        _check_condition(condition.get("ComparisonOperator"), condition.get("AttributeValueList") or [])


def _check_condition(operator: str, values: list) -> None:
    for value in values:
        check_values({"v": value})
    wanted = _ARGUMENT_COUNTS.get(operator, 1 if operator in _ONE_ARGUMENT else None)
    if (wanted is not None and len(values) != wanted) or (operator == "IN" and not values):
        raise RequestInvalid(
            _INVALID + f"Invalid number of argument(s) for the {operator} ComparisonOperator"
        )
    if values:
        first = value_type(values[0])
        if any(value_type(value) != first for value in values):
            raise RequestInvalid(_INVALID + "AttributeValues inside AttributeValueList must be of same type")
        allowed = _OPERATOR_TYPES.get(operator)
        if allowed:
            for value in values:
                if value_type(value) not in allowed:
                    raise RequestInvalid(
                        _INVALID + f"ComparisonOperator {operator} is not valid for {value_type(value)} "
                        f"AttributeValue type"
                    )
    if operator == "BETWEEN" and compare_values(values[0], values[1]) > 0:
        raise RequestInvalid(
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
        )
