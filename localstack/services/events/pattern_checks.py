"""EventBridge's own limits on `anything-but` values, stricter than the matcher shared with SNS.

AWS's rule compiler takes `{"anything-but": X}` with X a string, a number, or a non-empty list of
strings only or of numbers only; anything else is an invalid pattern with its sentence.
"""

from __future__ import annotations

from typing import Any, Mapping

from localstack.utils.aws.event_patterns import PatternError

NOT_A_VALUE = "Value of anything-but must be an array or single string/number value."
UNSUPPORTED_MEMBER = "Inside anything but list, start|null|boolean is not supported."
MIXED_TYPES = "Inside anything but list, either all values are number or string, mixed type is not supported"


def check_anything_but(pattern: Any) -> None:
    """Raise PatternError with AWS's reason for the first unsupported `anything-but` value."""
    if not isinstance(pattern, Mapping):
        return
    for key, rule in pattern.items():
        if key == "$or" and isinstance(rule, list):
            for alternative in rule:
                check_anything_but(alternative)
        elif isinstance(rule, Mapping):
            check_anything_but(rule)
        elif isinstance(rule, list):
            for member in rule:
                if isinstance(member, Mapping) and "anything-but" in member:
                    _check_value(member["anything-but"])


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_value(value: Any) -> None:
    if isinstance(value, bool):
        raise PatternError(NOT_A_VALUE)
    if not isinstance(value, list):
        return
    if any(not (isinstance(item, str) or _is_number(item)) for item in value):
        raise PatternError(UNSUPPORTED_MEMBER)
    strings = any(isinstance(item, str) for item in value)
    numbers = any(_is_number(item) for item in value)
    if strings == numbers:  # empty, or both kinds
        raise PatternError(MIXED_TYPES)
