"""The words SNS adds to "failed to parse JSON." for a policy attribute that is not JSON: its parser's
(Jackson's) message for the first error, as recorded against AWS, for the mistakes users make most
(a bare word, an unquoted key). Other errors keep the bare sentence."""

from __future__ import annotations

_SOURCE = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"
_TOKEN_END = set(" \t\r\n,:]}[{\"'")


def _location(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"\n at [Source: {_SOURCE}; line: {line}, column: {column}]"


def parse_failure(text: str) -> str:
    """ "failed to parse JSON." followed by Jackson's account of the first error where we know it."""
    index = len(text) - len(text.lstrip())
    if index == len(text):
        return "failed to parse JSON."
    first = text[index]
    if first.isalpha() or first == "_":
        end = index
        while end < len(text) and text[end] not in _TOKEN_END:
            end += 1
        token = text[index:end]
        if token not in ("true", "false", "null"):
            return (
                f"failed to parse JSON. Unrecognized token '{token}': was expecting (JSON String, Number, "
                f"Array, Object or token 'null', 'true' or 'false')" + _location(text, end)
            )
    if first == "{":
        key = index + 1
        while key < len(text) and text[key] in " \t\r\n":
            key += 1
        if key < len(text) and text[key] not in ('"', "}"):
            char = text[key]
            return (
                f"failed to parse JSON. Unexpected character ('{char}' (code {ord(char)})): was expecting "
                "double-quote to start field name" + _location(text, key)
            )
    return "failed to parse JSON."
