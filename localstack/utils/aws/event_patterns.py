"""One matcher for EventBridge event patterns and SNS filter policies (where AWS shares semantics).

    matches({"source": ["shop"], "detail": {"price": [{"numeric": [">", 10]}]}}, event) -> bool

A pattern is an object whose keys name fields of the event. A list holds alternatives for a leaf
(exact values, or one-key operator objects: prefix, suffix, anything-but, numeric, exists,
equals-ignore-case, wildcard, cidr); an object descends into a nested field; `$or` takes a list of
patterns of which one must match. When the event's field is an array, any element may match.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from typing import Any, Mapping

_MISSING = object()
NUMERIC_OPERATORS = {"=", "<", "<=", ">", ">="}
OPERATORS = {
    "prefix",
    "suffix",
    "anything-but",
    "numeric",
    "exists",
    "equals-ignore-case",
    "wildcard",
    "cidr",
}


class PatternError(ValueError):
    """The pattern itself is invalid (AWS answers InvalidEventPatternException / InvalidParameter)."""


def matches(pattern: Mapping[str, Any], event: Any) -> bool:
    """Whether `event` (a decoded JSON value) matches `pattern`."""
    for key, rule in pattern.items():
        if key == "$or":
            if not any(matches(sub, event) for sub in rule):
                return False
            continue
        value = event.get(key, _MISSING) if isinstance(event, Mapping) else _MISSING
        if isinstance(rule, Mapping):
            if isinstance(value, Mapping):
                if not matches(rule, value):
                    return False
            elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
                if not any(matches(rule, v) for v in value if isinstance(v, Mapping)):
                    return False
            elif not _only_absence(rule):
                return False
        elif not _match_leaf(rule, value):
            return False
    return True


def _only_absence(pattern: Mapping[str, Any]) -> bool:
    """A nested pattern applied to a missing object matches only if it asks for absence throughout."""
    return matches(pattern, {})


def _match_leaf(rules: list, value: Any) -> bool:
    if value is _MISSING:
        return any(isinstance(r, Mapping) and r.get("exists") is False for r in rules)
    values = value if isinstance(value, list) else [value]
    for rule in rules:
        if isinstance(rule, Mapping):
            if "exists" in rule:
                if rule["exists"] is True:
                    return True
                continue
            if any(_match_operator(rule, v) for v in values):
                return True
        elif any(_equal(rule, v) for v in values):
            return True
    return False


def _equal(expected: Any, value: Any) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return expected is value
    if _is_number(expected) and _is_number(value):
        return float(expected) == float(value)
    return expected == value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _match_operator(rule: Mapping[str, Any], value: Any) -> bool:
    ((operator, argument),) = rule.items()
    if operator == "prefix":
        return _match_string_op(argument, value, str.startswith)
    if operator == "suffix":
        return _match_string_op(argument, value, str.endswith)
    if operator == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == str(argument).lower()
    if operator == "wildcard":
        return isinstance(value, str) and _wildcard_regex(argument).fullmatch(value) is not None
    if operator == "numeric":
        return _is_number(value) and _match_numeric(argument, float(value))
    if operator == "cidr":
        return _match_cidr(argument, value)
    if operator == "anything-but":
        return not _anything_but_excludes(argument, value)
    raise PatternError(f"Unrecognized match type {operator}")


def _match_string_op(argument: Any, value: Any, test: Any) -> bool:
    if not isinstance(value, str):
        return False
    if isinstance(argument, Mapping):  # {"prefix": {"equals-ignore-case": "abc"}}
        return test(value.lower(), str(argument.get("equals-ignore-case", "")).lower())
    return test(value, argument)


def _anything_but_excludes(argument: Any, value: Any) -> bool:
    if isinstance(argument, Mapping):
        return _match_operator(argument, value)
    excluded = argument if isinstance(argument, list) else [argument]
    return any(_equal(e, value) for e in excluded)


def _match_numeric(conditions: list, value: float) -> bool:
    for operator, bound in zip(conditions[::2], conditions[1::2], strict=False):
        bound = float(bound)
        if operator == "=" and not value == bound:
            return False
        if operator == "<" and not value < bound:
            return False
        if operator == "<=" and not value <= bound:
            return False
        if operator == ">" and not value > bound:
            return False
        if operator == ">=" and not value >= bound:
            return False
    return True


def _match_cidr(network: str, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


@lru_cache(maxsize=512)
def _wildcard_regex(pattern: str) -> re.Pattern:
    parts = re.split(r"(?<!\\)\*", pattern)
    return re.compile(".*".join(re.escape(part.replace("\\*", "*")) for part in parts), re.DOTALL)


def validate(pattern: Any, path: str = "") -> None:
    """Raise PatternError with AWS-like wording if `pattern` is not a valid pattern."""
    if not isinstance(pattern, Mapping):
        raise PatternError(f"Filter is not an object{' at ' + path if path else ''}")
    for key, rule in pattern.items():
        where = f"{path}.{key}" if path else key
        if key == "$or":
            if not isinstance(rule, list) or len(rule) < 2:
                raise PatternError("$or must hold an array of at least two patterns")
            for sub in rule:
                validate(sub, where)
        elif isinstance(rule, Mapping):
            validate(rule, where)
        elif isinstance(rule, list):
            if not rule:
                raise PatternError(f"Empty arrays are not allowed at {where}")
            for item in rule:
                if isinstance(item, Mapping):
                    _validate_operator(item, where)
                elif isinstance(item, list):
                    raise PatternError(
                        f"Match value must be a string, number, true, false, or null at {where}"
                    )
        else:
            raise PatternError(f"Match value must be an array at {where}")


def _validate_operator(rule: Mapping[str, Any], where: str) -> None:
    if len(rule) != 1:
        raise PatternError(f"Only one key allowed in match expression at {where}")
    ((operator, argument),) = rule.items()
    if operator not in OPERATORS:
        raise PatternError(f"Unrecognized match type {operator} at {where}")
    if operator == "exists" and not isinstance(argument, bool):
        raise PatternError(f"exists match pattern must be either true or false at {where}")
    if operator == "numeric":
        if not isinstance(argument, list) or not argument or len(argument) % 2 or len(argument) > 4:
            raise PatternError(f"Value of numeric must be an array of operator/number pairs at {where}")
        for operator_name, bound in zip(argument[::2], argument[1::2], strict=True):
            if operator_name not in NUMERIC_OPERATORS or not _is_number(bound):
                raise PatternError(f"Bad numeric range operator or value at {where}")
    if operator in ("prefix", "suffix") and not isinstance(argument, (str, Mapping)):
        raise PatternError(f"{operator} match pattern must be a string at {where}")
    if operator == "cidr":
        try:
            ipaddress.ip_network(argument, strict=False)
        except (TypeError, ValueError):
            raise PatternError(f"Malformed CIDR at {where}") from None
