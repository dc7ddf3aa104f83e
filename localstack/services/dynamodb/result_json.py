"""Results holding moto's DynamoType values as plain wire-shaped data, converted in one direct walk
(moto's dynamo_to_dict makes several generic checks and a recursive call per node)."""

from __future__ import annotations

import base64
import datetime
import decimal
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.utilities import dynamo_to_dict

_SCALARS = frozenset(("S", "N", "BOOL", "NULL"))
_DICT_TYPES: dict[type, bool] = {}


def plain(obj: Any) -> Any:
    """What moto's dynamo_to_dict makes of `obj`: AttributeValues as {type: value}, binary as bytes."""
    kind = type(obj)
    if kind is DynamoType:
        return attribute(obj)
    if kind is dict or (isinstance(obj, dict) and _plain_dict_type(kind)):
        return {
            key: attribute(value) if type(value) is DynamoType else plain(value) for key, value in obj.items()
        }
    if kind is list:
        return [plain(value) for value in obj]
    if kind is str or kind is int or kind is bool or kind is float or obj is None:
        return obj
    return dynamo_to_dict(obj)


def _plain_dict_type(kind: type) -> bool:
    """A dict subclass (moto's LimitedSizeDict item attributes) that dynamo_to_dict walks as a dict."""
    known = _DICT_TYPES.get(kind)
    if known is None:
        known = _DICT_TYPES[kind] = not hasattr(kind, "to_json")
    return known


def attribute(value: DynamoType) -> dict:
    kind, data = value.type, value.value
    if kind in _SCALARS and type(data) in (str, bool):
        return {kind: data}
    if kind == "M" and type(data) is dict:
        return {"M": {key: plain(member) for key, member in data.items()}}
    if kind == "L" and type(data) is list:
        return {"L": [plain(member) for member in data]}
    if kind in ("SS", "NS") and type(data) is list:
        return {kind: _in_set_order(kind, [plain(member) for member in data])}
    if kind == "B":
        return {"B": data if isinstance(data, bytes) else base64.b64decode(data)}
    if kind == "BS":
        return {"BS": sorted(v if isinstance(v, bytes) else base64.b64decode(v) for v in data)}
    return dynamo_to_dict(value)


def _in_set_order(kind: str, members: list) -> list:
    """A set's members in DynamoDB's order, not as written: strings bytewise, numbers by value (recorded,
    eu-west-2, 2026-10-09, paritysuite/dynamodb-conformance updateItem/basic: `['', 'a']`)."""
    try:
        if kind == "NS":
            return sorted(members, key=decimal.Decimal)
        return sorted(members, key=lambda member: member.encode("utf-8"))
    except (decimal.InvalidOperation, AttributeError, TypeError):
        return members


def json_default(value: Any) -> Any:
    """`json.dumps`' default for what a plain result still holds: binary as base64, times as epoch seconds,
    Decimals as floats (moto's answer and the direct path's must write the same bytes)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
