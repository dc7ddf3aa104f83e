"""Legacy condition maps (Expected, QueryFilter, ScanFilter) joined by ConditionalOperator OR, rewritten
as the equivalent condition or filter expression: moto joins legacy conditions with AND whatever the
request says."""

from __future__ import annotations

from typing import Any

_COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}
# The legacy parameter, and the expression parameter it becomes.
_REWRITES = {
    "Expected": "ConditionExpression",
    "QueryFilter": "FilterExpression",
    "ScanFilter": "FilterExpression",
}


class _Placeholders:
    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def name(self, attribute: str) -> str:
        placeholder = f"#legacy{len(self.names)}"
        self.names[placeholder] = attribute
        return placeholder

    def value(self, value: Any) -> str:
        placeholder = f":legacy{len(self.values)}"
        self.values[placeholder] = value
        return placeholder


def _clause(attribute: str, condition: dict, places: _Placeholders) -> str:
    name = places.name(attribute)
    operator = condition.get("ComparisonOperator")
    values = condition.get("AttributeValueList")
    if values is None and condition.get("Value") is not None:
        values = [condition["Value"]]
    values = values or []
    if operator is None:
        if condition.get("Exists") is False:
            return f"attribute_not_exists({name})"
        return f"{name} = {places.value(condition.get('Value'))}"
    if operator in _COMPARATORS:
        return f"{name} {_COMPARATORS[operator]} {places.value(values[0])}"
    if operator == "NOT_NULL":
        return f"attribute_exists({name})"
    if operator == "NULL":
        return f"attribute_not_exists({name})"
    if operator == "CONTAINS":
        return f"contains({name}, {places.value(values[0])})"
    if operator == "NOT_CONTAINS":
        return f"NOT contains({name}, {places.value(values[0])})"
    if operator == "BEGINS_WITH":
        return f"begins_with({name}, {places.value(values[0])})"
    if operator == "IN":
        return f"{name} IN ({', '.join(places.value(value) for value in values)})"
    if operator == "BETWEEN":
        return f"{name} BETWEEN {places.value(values[0])} AND {places.value(values[1])}"
    raise ValueError(operator)


def rewrite_or_conditions(body: dict) -> dict | None:
    """The request with its OR-joined legacy conditions as an expression; None when there is none."""
    if body.get("ConditionalOperator") != "OR":
        return None
    legacy = next((member for member in _REWRITES if body.get(member)), None)
    if legacy is None:
        return None
    places = _Placeholders()
    try:
        clauses = [_clause(attribute, condition, places) for attribute, condition in body[legacy].items()]
    except (ValueError, IndexError, AttributeError, TypeError):
        return None  # validation answers malformed conditions before this runs
    rewritten = {key: value for key, value in body.items() if key not in (legacy, "ConditionalOperator")}
    rewritten[_REWRITES[legacy]] = " OR ".join(f"({clause})" for clause in clauses)
    rewritten["ExpressionAttributeNames"] = places.names
    if places.values:
        rewritten["ExpressionAttributeValues"] = places.values
    return rewritten
