"""DynamoDB's reading of a PartiQL statement's Parameters, before the statement itself: each value in
document order, numbers read as Java's BigDecimal reads a string (an exponent or scale beyond 32 bits
cannot be converted; the magnitude, precision less scale, is taken in 32-bit arithmetic and wraps), maps
and lists no deeper than DynamoDB allows. Recorded against live DynamoDB (paritysuite/
dynamodb-conformance, eu-west-2 and us-east-1, 2026-10)."""

from __future__ import annotations

import re
from typing import Any

from localstack.services.dynamodb.attribute_values import (
    MAX_NESTING_DEPTH,
    NESTING,
    InvalidValue,
    check_number,
)
from localstack.services.dynamodb.expressions.request import RequestInvalid

UNCONVERTIBLE = "The parameter cannot be converted to a numeric value"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
_NUMBER = re.compile(r"^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def check(parameters: Any) -> None:
    """Raise RequestInvalid with AWS's sentence for the first parameter DynamoDB cannot read."""
    for value in parameters if isinstance(parameters, list) else ():
        _value(value, 1)


def _value(value: Any, depth: int) -> None:
    if not isinstance(value, dict):
        return
    for kind, data in value.items():
        if kind == "N":
            read_number(data)
        elif kind == "NS" and isinstance(data, list):
            for member in data:
                read_number(member)
        elif kind in ("M", "L") and data is not None:
            if depth >= MAX_NESTING_DEPTH:
                raise RequestInvalid(NESTING)
            for member in data.values() if isinstance(data, dict) else data if isinstance(data, list) else ():
                _value(member, depth + 1)


def read_number(text: Any) -> None:
    """Raise RequestInvalid for a number Java's BigDecimal cannot read, or reads out of range."""
    if not isinstance(text, str) or not text:
        raise RequestInvalid(UNCONVERTIBLE)
    parsed = _NUMBER.match(text)
    if parsed is None or not (parsed.group(1) or parsed.group(2)):
        raise RequestInvalid(f"{UNCONVERTIBLE}: {text}")
    whole, fraction, exponent_text = parsed.group(1), parsed.group(2) or "", parsed.group(3)
    exponent = int(exponent_text) if exponent_text else 0
    scale = len(fraction) - exponent
    if not (_INT_MIN <= exponent <= _INT_MAX and _INT_MIN <= scale <= _INT_MAX):
        raise RequestInvalid(f"{UNCONVERTIBLE}: {text}")
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return
    magnitude = len(digits) - scale
    if magnitude > _INT_MAX:
        raise RequestInvalid(UNDERFLOW)  # wraps to a large negative
    if magnitude < _INT_MIN:
        raise RequestInvalid(OVERFLOW)
    try:
        check_number(text)
    except InvalidValue as error:
        raise RequestInvalid(str(error)) from None
