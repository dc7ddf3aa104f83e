"""DynamoDB's rules for one AttributeValue (types, empty values, sets, numbers, nesting) and item sizes."""

from __future__ import annotations

import base64
import binascii
import decimal
import math
import re
import threading
from decimal import Decimal
from typing import Any

MAX_ITEM_SIZE = 409_600
# Levels of a document, the attribute itself level 1: a map or list at level 32 holds members at a
# level AWS refuses (31 nested maps around a scalar are the deepest stored; recorded in eu-west-2 and
# us-east-1, 2026-06 and 2026-09, paritysuite/dynamodb-conformance nestingDepth).
MAX_NESTING_DEPTH = 32
NESTING = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
    "supported limit"
)
ATTRIBUTE_TYPES = ("S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M")
_TYPES = frozenset(ATTRIBUTE_TYPES)
_EMPTY = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
# Whether check_value took members AWS's deserializer ignores out of a value on this thread.
_trimmed = threading.local()

# The number syntax DynamoDB accepts: leading zeros are fine, a sign only in front, an optional exponent.
_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INVALID = "One or more parameter values were invalid: "
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_FAR = 10**15


class InvalidValue(Exception):
    """A rule broken by a value: its message is AWS's sentence."""


def is_true(value: Any) -> bool:
    """A boolean as DynamoDB's deserializer reads it: JSON true, or the strings true, 1 and yes."""
    if isinstance(value, str):
        return value.upper() in ("TRUE", "1", "YES")
    return value is True


def check_number(text: Any) -> None:
    if not text or not isinstance(text, str):
        raise InvalidValue("The parameter cannot be converted to a numeric value")
    written = _NUMBER.match(text)
    if not written:
        raise InvalidValue(f"The parameter cannot be converted to a numeric value: {text}")
    # DynamoDB reads the written exponent as a 64-bit integer: past that the text is no number; within it,
    # zero is held to the range by the exponent it is written with (0e126 overflows, 0e125 is 0), as
    # recorded in eu-west-2, 2026-10 (paritysuite/dynamodb-conformance numberExponent).
    written_exponent = int(written.group(3)[1:]) if written.group(3) else 0
    if not _LONG_MIN <= written_exponent <= _LONG_MAX:
        raise InvalidValue(f"The parameter cannot be converted to a numeric value: {text}")
    if abs(written_exponent) > _FAR:  # past Decimal's range; no mantissa brings it back within DynamoDB's
        digits, exponent = "", written_exponent
    else:
        digits, exponent = number_digits(text)
        if not digits:
            exponent = int(Decimal(text).as_tuple().exponent)
    if exponent > 125:
        raise InvalidValue(
            "Number overflow. Attempting to store a number with magnitude larger than supported range"
        )
    if exponent < -130:
        raise InvalidValue(
            "Number underflow. Attempting to store a number with magnitude smaller than supported range"
        )
    if len(digits) > 38:
        raise InvalidValue("Attempting to store more than 38 significant digits in a Number")


def number_digits(text: str) -> tuple[str, int]:
    """The significant digits of a number and the power of ten of its first one ('' for zero)."""
    sign, digits, exponent = Decimal(text).as_tuple()
    text_digits = "".join(map(str, digits)).lstrip("0")
    if not text_digits:
        return "", 0
    trailing = len(text_digits) - len(text_digits.rstrip("0"))
    magnitude = int(exponent) + len(text_digits) - 1
    return text_digits.rstrip("0") if trailing else text_digits, magnitude


def check_value(value: Any, depth: int = 1) -> None:
    """Raise InvalidValue with AWS's message for a malformed AttributeValue.

    Members that are no type (`{"a": 1}`) or null are ignored, as AWS's deserializer ignores them: a
    value left with no type is empty; a valid one is trimmed in place to its one type (see `trimmed`)."""
    if not isinstance(value, dict) or not value:
        raise InvalidValue(_EMPTY)
    for kind, data in value.items():
        if data is None:
            continue
        if kind == "N":
            check_number(data)
        elif kind == "NULL" and not is_true(data):
            raise InvalidValue(_INVALID + "Null attribute value types must have the value of true")
        elif kind in ("NULL", "BOOL") and type(data) is str:
            # DynamoDB's deserializer reads a string here as the boolean it names (dynalite's
            # recordings: `{NULL: 'no'}` is a null that is not true); moto stores what it is sent.
            value[kind] = is_true(data)
            _trimmed.done = True
        elif kind in ("SS", "NS", "BS"):
            _check_set(kind, data)
        elif kind in ("M", "L") and depth >= MAX_NESTING_DEPTH:
            raise InvalidValue(NESTING)
        elif kind == "M" and isinstance(data, dict):
            for member in data.values():
                check_value(member, depth + 1)
        elif kind == "L" and isinstance(data, list):
            for member in data:
                check_value(member, depth + 1)
    if len(value) == 1:
        kind, data = next(iter(value.items()))
        if kind not in _TYPES or data is None:
            raise InvalidValue(_EMPTY)
        return
    present = [kind for kind, data in value.items() if kind in _TYPES and data is not None]
    if not present:
        raise InvalidValue(_EMPTY)
    if len(present) > 1:
        raise InvalidValue(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
            "supported datatypes"
        )
    for kind in [kind for kind in value if kind != present[0]]:
        del value[kind]
    _trimmed.done = True


def trimmed() -> bool:
    """Whether a check_value on this thread trimmed a value since the last call (then the request
    body must be written anew for the backend); resets the mark."""
    done = getattr(_trimmed, "done", False)
    _trimmed.done = False
    return done


def _check_set(kind: str, members: Any) -> None:
    members = members or []
    if not members:
        empty = {"SS": "An string set  may not be empty", "NS": "An number set  may not be empty"}
        raise InvalidValue(_INVALID + empty.get(kind, "Binary sets should not be empty"))
    # An empty string or binary member is allowed; only the empty set is refused (recorded, eu-west-2,
    # 2026-10, paritysuite/dynamodb-conformance updateItem/basic: SET, ADD and PutItem store `[""]`).
    if kind == "BS" and any(member is None for member in members):
        raise InvalidValue(_INVALID + "Binary sets may not contain null or empty values")
    if kind == "NS":
        for member in members:
            check_number(member)
    if kind == "NS":
        normalized = [Decimal(member) for member in members]
        if len(set(normalized)) != len(normalized):
            raise InvalidValue("Input collection contains duplicates")
    elif len(set(members)) != len(members):
        shown = "[" + ", ".join(members) + "]"
        if kind == "SS":
            raise InvalidValue(_INVALID + f"Input collection {shown} contains duplicates.")
        raise InvalidValue(_INVALID + f"Input collection {shown}of type BS contains duplicates.")


def value_type(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value))
    return None


def _binary_size(data: Any) -> int:
    if isinstance(data, str):
        try:
            return len(base64.b64decode(data))
        except (binascii.Error, ValueError):
            return len(data)
    return len(data or b"")


def value_size(value: dict[str, Any]) -> int:
    """Bytes a value counts for against the item limit and capacity, as DynamoDB's guide sizes them."""
    kind = value_type(value)
    data = value.get(kind) if kind else None
    if kind == "S":
        return len(data.encode("utf-8"))
    if kind == "N":
        return number_size(data)
    if kind == "B":
        return _binary_size(data)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(member.encode("utf-8")) for member in data)
    if kind == "NS":
        return sum(number_size(member) for member in data)
    if kind == "BS":
        return sum(_binary_size(member) for member in data)
    if kind == "L":
        return 3 + sum(1 + value_size(member) for member in data)
    if kind == "M":
        return 3 + sum(1 + len(name.encode("utf-8")) + value_size(member) for name, member in data.items())
    return 0


def number_size(text: str) -> int:
    try:
        digits, _ = number_digits(text)
    except ArithmeticError:
        return len(text)
    return math.ceil(len(digits) / 2) + 1 if digits else 1


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


_WIDE = decimal.Context(prec=60)


def canonical_number(text: str) -> str:
    """A number as DynamoDB stores and returns it: no exponent, no leading or trailing zeros."""
    try:
        value = _WIDE.create_decimal(text)
    except (decimal.InvalidOperation, ValueError, TypeError):
        return text
    if not value.is_finite():
        return text
    if not value:
        return "0"
    return format(value.normalize(_WIDE), "f")


def canonical_numbers(value: object) -> bool:
    """Rewrite every N and NS inside a request body in place; True if any changed."""
    changed = False
    if isinstance(value, dict):
        for kind, data in value.items():
            if kind == "N" and isinstance(data, str):
                canonical = canonical_number(data)
                if canonical != data:
                    value[kind] = canonical
                    changed = True
            elif kind == "NS" and isinstance(data, list) and all(isinstance(number, str) for number in data):
                canonical_list = [canonical_number(number) for number in data]
                if canonical_list != data:
                    value[kind] = canonical_list
                    changed = True
            elif isinstance(data, (dict, list)):
                changed = canonical_numbers(data) or changed
    elif isinstance(value, list):
        for member in value:
            if isinstance(member, (dict, list)):
                changed = canonical_numbers(member) or changed
    return changed
