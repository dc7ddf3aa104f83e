"""The wording of a bad number or a duplicate set member, which depends on the layer of DynamoDB that
reads the operation's values (captured in eu-west-2, us-east-1, eu-west-1 and us-west-2, 2026-10-09, by
paritysuite/dynamodb-conformance's value-layer tests): PutItem, UpdateItem and DeleteItem answer inside
the `1 validation error detected: ` envelope, GetItem, BatchGetItem and Query bare, both without the
`ExpressionAttributeValues contains invalid value:` wrapper (or Query's starting-key prefix), an empty
number as `...value: ` and a duplicate set member listed quoted; the other operations (and PartiQL's
translated calls) keep the older wording these checks write."""

from __future__ import annotations

import base64
import binascii
import re

_ENVELOPED = frozenset(("PutItem", "UpdateItem", "DeleteItem"))
_BARE = frozenset(("GetItem", "BatchGetItem", "Query"))
_INVALID = "One or more parameter values were invalid: "
_START_KEY = "The provided starting key is invalid: "
_UNCONVERTIBLE = "The parameter cannot be converted to a numeric value"
_WRAPPED = re.compile(r"^ExpressionAttributeValues contains invalid value: (.*) for key :\S+$", re.S)
_NUMBER_MESSAGES = (
    _UNCONVERTIBLE,
    "Number overflow. ",
    "Number underflow. ",
    "Attempting to store more than 38 significant digits in a Number",
)
_DUPLICATES = re.compile(
    r"^(?:One or more parameter values were invalid: )?Input collection (.*)contains duplicates\.?$", re.S
)


def reword(operation: str, message: str) -> str:
    """The message as the operation's layer words it (unchanged where it is no such value refusal)."""
    if operation not in _ENVELOPED and operation not in _BARE:
        return message
    wrapped = _WRAPPED.match(message)
    inner = wrapped.group(1) if wrapped else message.removeprefix(_START_KEY)
    current = _current(inner)
    if current is None:
        return message
    return f"1 validation error detected: {current}" if operation in _ENVELOPED else current


def _current(message: str) -> str | None:
    if message == _UNCONVERTIBLE:
        return _UNCONVERTIBLE + ": "  # an empty number
    if message.startswith(_NUMBER_MESSAGES):
        return message
    duplicates = _DUPLICATES.match(message)
    if duplicates is None:
        return None
    listed = duplicates.group(1).strip()
    if not listed:
        return _INVALID + "Input collection contains duplicates."  # a number set names no members
    binary = listed.endswith("of type BS")
    listed = listed.removesuffix("of type BS").strip()
    if not (listed.startswith("[") and listed.endswith("]")):
        return None
    members = listed[1:-1].split(", ")
    ordered = _first_repeat_order(members, binary)
    if binary:
        return (
            _INVALID
            + "Input collection ["
            + ",".join(f'"{m}"' for m in ordered)
            + "]of type BS contains duplicates."
        )
    return _INVALID + "Input collection [" + ", ".join(f'"{m}"' for m in ordered) + "] contains duplicates."


def _first_repeat_order(members: list[str], binary: bool) -> list[str]:
    """The members up to the first repeat in byte order, then the repeat, then the rest as sent."""

    def key(member: str) -> bytes:
        if binary:
            try:
                return base64.b64decode(member)
            except (binascii.Error, ValueError):
                return member.encode("utf-8")
        return member.encode("utf-8")

    seen: list[str] = []
    for position, member in enumerate(members):
        if member in seen:
            return sorted(seen, key=key) + [member] + members[position + 1 :]
        seen.append(member)
    return members
