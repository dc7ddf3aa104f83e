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
# What `anything-but` may hold as an object instead of values.
ANYTHING_BUT_OPERATORS = {"prefix", "suffix", "equals-ignore-case", "wildcard"}


class PatternError(ValueError):
    """The pattern itself is invalid (AWS answers InvalidEventPatternException / InvalidParameter)."""


def matches(pattern: Mapping[str, Any], event: Any) -> bool:
    """Whether `event` (a decoded JSON value) matches `pattern`."""
    for key, rule in pattern.items():
        if key == "$or":
            if not any(matches(sub, event) for sub in rule):
                return False
            continue
        value = _lookup(event, key)
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


def _lookup(event: Any, key: str) -> Any:
    """The event's value for a pattern key. AWS joins a field's path with dots, so a key holding dots
    also names the nested field ({"state.status": [...]} reaches {"state": {"status": ...}})."""
    if not isinstance(event, Mapping):
        return _MISSING
    if key in event:
        return event[key]
    dot = key.find(".")
    while dot != -1:
        inner = event.get(key[:dot])
        if isinstance(inner, Mapping):
            value = _lookup(inner, key[dot + 1 :])
            if value is not _MISSING:
                return value
        dot = key.find(".", dot + 1)
    return _MISSING


def _only_absence(pattern: Mapping[str, Any]) -> bool:
    """A nested pattern applied to a missing object matches only if it asks for absence throughout."""
    return matches(pattern, {})


def _match_leaf(rules: list, value: Any) -> bool:
    # Only leaves have values: an object (or an array holding only objects) at the pattern's path is an
    # intermediate node, which exists matching treats as absent (EventBridge user guide, "Exists matching").
    if isinstance(value, Mapping):
        value = _MISSING
    elif isinstance(value, list):
        value = [item for item in value if not isinstance(item, Mapping)]
    if isinstance(value, list) and not value:
        value = _MISSING  # an empty array gives the field no value: it does not exist
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
        ((operator, inner),) = argument.items()
        if operator == "equals-ignore-case":  # a list here means any of them
            names = inner if isinstance(inner, list) else [inner]
            return isinstance(value, str) and value.lower() in {str(n).lower() for n in names}
        if isinstance(inner, list):  # {"prefix": ["a", "b"]}: excluded if any of them matches
            return any(_match_operator({operator: item}, value) for item in inner)
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
    """Raise PatternError with AWS's wording (its rule compiler's) if `pattern` is not a valid pattern."""
    if not isinstance(pattern, Mapping):
        raise PatternError("Filter is not an object")
    for key, rule in pattern.items():
        where = f"{path}.{key}" if path else key
        if key == "$or" and not isinstance(rule, list):
            # Event ruler's sentence; read as a field named "$or", matching would crash on it later.
            raise PatternError("It must be an Array followed with $or.")
        if key == "$or":
            if len(rule) < 2:
                raise PatternError("$or must hold an array of at least two patterns")
            for sub in rule:
                validate(sub, where)
        elif isinstance(rule, Mapping):
            validate(rule, where)
        elif isinstance(rule, list):
            if not rule:
                raise PatternError("Empty arrays are not allowed")
            for item in rule:
                if isinstance(item, Mapping):
                    _validate_operator(item)
                elif isinstance(item, list):
                    raise PatternError("Match value must be String, number, true, false, or null")
        else:
            raise PatternError(f'"{key}" must be an object or an array')


def _validate_operator(rule: Mapping[str, Any], inside: str = "") -> None:
    if len(rule) != 1:
        raise PatternError("Only one key allowed in match expression")
    ((operator, argument),) = rule.items()
    if operator not in OPERATORS:
        raise PatternError(f"Unrecognized match type {operator}")
    if inside == "anything-but":
        _validate_inside_anything_but(operator, argument)
    elif operator == "exists":
        if not isinstance(argument, bool):
            raise PatternError("exists match pattern must be either true or false.")
    elif operator == "numeric":
        _validate_numeric(argument)
    elif operator in ("prefix", "suffix"):
        if isinstance(argument, Mapping):
            for inner in argument:
                if inner != "equals-ignore-case":
                    raise PatternError(f"Unsupported anything-but pattern: {inner}")
            if not isinstance(argument.get("equals-ignore-case"), str):
                raise PatternError("equals-ignore-case match pattern must be a string")
        elif not isinstance(argument, str):
            raise PatternError(f"{operator} match pattern must be a string")
    elif operator == "equals-ignore-case":
        if not isinstance(argument, str):
            raise PatternError("equals-ignore-case match pattern must be a string")
    elif operator == "wildcard":
        _validate_wildcard(argument)
    elif operator == "cidr":
        _validate_cidr(argument)
    elif operator == "anything-but":
        if isinstance(argument, Mapping):
            if len(argument) != 1:
                raise PatternError("Only one key allowed in match expression")
            inner = next(iter(argument))
            if inner not in ANYTHING_BUT_OPERATORS:
                raise PatternError(f"Unsupported anything-but pattern: {inner}")
            _validate_operator(argument, "anything-but")
        elif isinstance(argument, list):
            if any(isinstance(item, (list, Mapping)) for item in argument):
                raise PatternError("Match value must be String, number, true, false, or null")
        elif isinstance(argument, (list, Mapping)) or argument is None:
            raise PatternError("Value of anything-but must be an array or single string/number value.")


def _validate_inside_anything_but(operator: str, argument: Any) -> None:
    values = argument if isinstance(argument, list) else [argument]
    if operator in ("prefix", "suffix"):
        if isinstance(argument, Mapping):
            raise PatternError("Value of anything-but must be an array or single string/number value.")
        if not values or not all(isinstance(value, str) for value in values):
            raise PatternError("prefix/suffix match pattern must be a string")
        if any(value == "" for value in values):
            raise PatternError("Null prefix/suffix not allowed")
    elif operator == "equals-ignore-case":
        if not values or not all(isinstance(value, str) for value in values):
            raise PatternError(
                "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
            )
    elif operator == "wildcard":
        for value in values:
            _validate_wildcard(value)


def _validate_numeric(argument: Any) -> None:
    if not isinstance(argument, list):
        raise PatternError("Value of numeric must be an array.")
    if not argument:
        raise PatternError("Invalid member in numeric match: ]")
    terms = list(argument)
    operator = terms.pop(0)
    if not isinstance(operator, str):
        raise PatternError(f"Invalid member in numeric match: {_json_text(operator)}")
    if operator not in NUMERIC_OPERATORS:
        raise PatternError(f"Unrecognized numeric range operator: {operator}")
    bound = terms.pop(0) if terms else None
    if not _is_number(bound):
        raise PatternError(f"Value of {'equals' if operator == '=' else operator} must be numeric")
    if not terms:
        return
    if operator not in (">", ">="):
        raise PatternError("Too many elements in numeric expression")
    second = terms.pop(0)
    if not isinstance(second, str):
        raise PatternError(f"Bad value in numeric range: {_json_text(second)}")
    if second not in ("<", "<="):
        raise PatternError(f"Bad numeric range operator: {second}")
    top = terms.pop(0) if terms else None
    if not _is_number(top):
        raise PatternError(f"Value of {second} must be numeric")
    if top <= bound:
        raise PatternError("Bottom must be less than top")
    if terms:
        raise PatternError("Too many terms in numeric range expression")


def _validate_wildcard(argument: Any) -> None:
    if not isinstance(argument, str):
        raise PatternError("wildcard match pattern must be a string")
    if "**" in argument:
        raise PatternError(f"Consecutive wildcard characters at pos {argument.index('**') + 1}")
    if argument.count("*") > 5:
        raise PatternError(
            "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
            "sequences after a wildcard character"
        )


def _validate_cidr(argument: Any) -> None:
    if not isinstance(argument, str):
        raise PatternError("prefix match pattern must be a string")  # AWS reports cidr this way
    if argument.count("/") != 1:
        raise PatternError("Malformed CIDR, one '/' required")
    address, bits = argument.split("/")
    if not bits.isdigit():
        raise PatternError("Malformed CIDR, mask bits must be an integer")
    try:
        ipaddress.ip_network(argument, strict=False)
    except ValueError:
        raise PatternError(f"Nonstandard IP address: {address}") from None


def _json_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
