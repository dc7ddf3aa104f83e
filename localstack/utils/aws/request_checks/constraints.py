"""The constraints of one shape of botocore's model as checks and as AWS's sentences
(`Member must have length less than or equal to 255`), and the base64 rules of blobs."""

from __future__ import annotations

import binascii
import re
import warnings
from typing import Any, Callable

from localstack.utils.aws.errors import SerializationError

# Strict base64 decoding costs a pass over the value: done for values up to this size only.
_BASE64_STRICT_LIMIT = 8192


def scalar_rules(shape: Any, enum_order: tuple[str, ...] | None = None) -> list[Callable[[Any], str | None]]:
    """`enum_order`: the values in the order the service's own sentence lists them, where it is not
    the model's (AWS's validator prints its own set, e.g. DynamoDB's Select)."""
    meta = shape.metadata
    rules: list[Callable[[Any], str | None]] = []
    type_name = shape.type_name
    if type_name == "string":
        enum = meta.get("enum")
        if enum:
            allowed = frozenset(enum)
            listed = enum_order if enum_order and frozenset(enum_order) == allowed else enum
            sentence = f"Member must satisfy enum value set: [{', '.join(listed)}]"
            rules.append(lambda value: None if value in allowed else sentence)
        pattern = _compile_pattern(meta.get("pattern"))
        if pattern is not None:
            pattern_sentence = f"Member must satisfy regular expression pattern: {meta['pattern']}"
            rules.append(lambda value: None if pattern.fullmatch(value) else pattern_sentence)
        rules.extend(_length_rules(meta, len))
    elif type_name == "blob":
        rules.extend(_length_rules(meta, decoded_length))
    elif type_name in ("integer", "long", "double", "float"):
        if "min" in meta:
            low = meta["min"]
            low_sentence = f"Member must have value greater than or equal to {_number(low, type_name)}"
            rules.append(lambda value: low_sentence if value < low else None)
        if "max" in meta:
            high = meta["max"]
            high_sentence = f"Member must have value less than or equal to {_number(high, type_name)}"
            rules.append(lambda value: high_sentence if value > high else None)
    return rules


def map_entry_sentences(shape: Any) -> list[str]:
    """What AWS lists for a map key or value that breaks a rule, whichever it breaks: all the shape's
    rules, upper bound first, then the lower, the pattern, and `Member must not be null` (recorded for
    Lambda's alias routing weights: `Map keys must satisfy constraint: [Member must have length less
    than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy
    regular expression pattern: [0-9]+, Member must not be null]` and `Map value must satisfy
    constraint: [Member must have value less than or equal to 1.0, Member must have value greater
    than or equal to 0.0, Member must not be null]`). Empty (only the broken rules are named) for
    enums and blobs, whose place in the list was not recorded."""
    meta, type_name = shape.metadata, shape.type_name
    if meta.get("enum") or type_name not in ("string", "integer", "long", "double", "float"):
        return []
    if type_name == "string":
        measure, high, low = "length", meta.get("max"), meta.get("min")
    else:
        measure = "value"
        high = _number(meta["max"], type_name) if "max" in meta else None
        low = _number(meta["min"], type_name) if "min" in meta else None
    sentences = [f"Member must have {measure} less than or equal to {high}"] * (high is not None)
    sentences += [f"Member must have {measure} greater than or equal to {low}"] * (low is not None)
    if type_name == "string" and meta.get("pattern"):
        sentences.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
    return [*sentences, "Member must not be null"] if sentences else []


def quick_test(shape: Any) -> Callable[[Any], bool]:
    """True when a value of the shape's type meets all its constraints."""
    meta = shape.metadata
    low, high = meta.get("min"), meta.get("max")
    if shape.type_name == "string":
        allowed = frozenset(meta["enum"]) if meta.get("enum") else None
        pattern = _compile_pattern(meta.get("pattern"))
        low_length = low if low is not None else 0
        high_length = high if high is not None else float("inf")

        if allowed is None and pattern is None:
            return lambda value: low_length <= len(value) <= high_length

        def string_ok(value: str) -> bool:
            return (
                low_length <= len(value) <= high_length
                and (allowed is None or value in allowed)
                and (pattern is None or pattern.fullmatch(value) is not None)
            )

        return string_ok
    if shape.type_name == "blob":
        return lambda value: not any(rule(value) for rule in scalar_rules(shape))
    low_value = low if low is not None else float("-inf")
    high_value = high if high is not None else float("inf")
    return lambda value: low_value <= value <= high_value


def size_rules(shape: Any) -> list[Callable[[Any], str | None]]:
    return _length_rules(shape.metadata, len)


def _length_rules(meta: dict, measure: Callable[[Any], int]) -> list[Callable[[Any], str | None]]:
    rules: list[Callable[[Any], str | None]] = []
    if "min" in meta:
        low = meta["min"]
        low_sentence = f"Member must have length greater than or equal to {low}"
        rules.append(lambda value: low_sentence if measure(value) < low else None)
    if "max" in meta:
        high = meta["max"]
        high_sentence = f"Member must have length less than or equal to {high}"
        rules.append(lambda value: high_sentence if measure(value) > high else None)
    return rules


def _number(value: float, type_name: str) -> str:
    """A bound as Java prints it: a double or float always with its fraction (`1.0`), an integer without."""
    if type_name in ("double", "float"):
        return str(float(value))
    return str(int(value)) if float(value).is_integer() else str(value)


def _compile_pattern(pattern: str | None) -> re.Pattern | None:
    """A model pattern (Java's syntax) as Python runs it with Java's meaning; None (not checked) where
    that meaning cannot be kept. Compiled once per pattern: many shapes share one."""
    if not pattern:
        return None
    compiled = _patterns.get(pattern, False)
    if compiled is False:
        # Imported at the first pattern compiled, not with the server's imports (~2 ms of start-up).
        from localstack.utils.aws.request_checks.java_regex import translate

        compiled = None
        translated = translate(pattern)
        if translated is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                try:
                    compiled = re.compile(translated, re.DOTALL | re.ASCII)
                except (re.error, OverflowError, ValueError):
                    compiled = None
        _patterns[pattern] = compiled
    return compiled


_patterns: dict[str, re.Pattern | None] = {}


def decoded_length(value: str) -> int:
    return len(value) * 3 // 4 - value[-2:].count("=")


def check_base64(value: str) -> None:
    if len(value) % 4:
        raise SerializationError(
            f"Base64 encoded length is expected a multiple of 4 bytes but found: {len(value)}"
        )
    if len(value) <= _BASE64_STRICT_LIMIT:
        try:
            binascii.a2b_base64(value, strict_mode=True)
        except (binascii.Error, ValueError):
            raise SerializationError("Invalid last non-pad Base64 character dectected") from None
