"""DynamoDB's rules for resource tags, checked before the model's constraints (which it does not apply to
them), each in its own sentence."""

from __future__ import annotations

import unicodedata

# Tags as DynamoDB checks them, before the model's constraints (which it does not apply to them): a key of
# 1 to 128 and a value of 0 to 256 characters, each of letters or digits of any script, separators and
# _ . : / = + - @ only; at most 50 tags or tag keys in a request. Recorded against AWS by the
# ack-api-quirks lab (2026-10: DDB-TABLE-107, -372, -457; each refusal fails the whole request).
_TAG_LIMIT = 50
_TAG_PUNCTUATION = frozenset("_.:/=+-@")


def _tag_text(text: str, longest: int) -> bool:
    return len(text) <= longest and all(
        ch.isalpha() or ch.isnumeric() or ch in _TAG_PUNCTUATION or unicodedata.category(ch)[0] == "Z"
        for ch in text
    )


def tag_sentence(operation: str, body: dict) -> str | None:
    if operation == "UntagResource":
        keys = body.get("TagKeys")
        if type(keys) is not list:
            return None
        for key in keys:
            if type(key) is str and not (key and _tag_text(key, 128)):
                return f"The Tag Key provided is invalid, Key: {key}"
        return _TAG_COUNT if len(keys) > _TAG_LIMIT else None
    tags = body.get("Tags")
    if type(tags) is not list:
        return None
    for tag in tags:
        if type(tag) is not dict:
            continue
        key, value = tag.get("Key"), tag.get("Value")
        if key is None or type(key) is str and not (key and _tag_text(key, 128)):
            return f"The Tag Key provided is invalid, Key: {'null' if key is None else key}"
        if value is None or type(value) is str and not _tag_text(value, 256):
            return f"The Tag Value provided is invalid, Value: {'null' if value is None else value}"
    return _TAG_COUNT if len(tags) > _TAG_LIMIT else None


_TAG_COUNT = "Number of Tags exceed the current limit for the provided ResourceArn"
