"""Why an event pattern is not JSON, in the words of the JSON parser behind AWS's pattern compiler.

EventBridge reads patterns with Jackson and passes its message through, location included:

    Unrecognized token 'closed': was expecting (...)\n at [Source: (String)"..."; line: 1, column: 15]

`syntax_error(text)` finds the first fault a left-to-right reading meets and phrases it that way.
"""

from __future__ import annotations

import json
from typing import Any

# Jackson quotes at most this many characters of the source in a location.
MAX_SOURCE = 500
VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"


class _Fault(Exception):
    def __init__(self, reason: str, position: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position


def location(text: str, position: int) -> str:
    """Jackson's `[Source: ...; line: L, column: C]` for a 0-based character position."""
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    source = f'"{text}"'
    if len(text) > MAX_SOURCE:
        source = f'"{text[:MAX_SOURCE]}"[truncated {len(text) - MAX_SOURCE} chars]'
    return f"[Source: (String){source}; line: {line}, column: {column}]"


def with_location(reason: str, text: str, position: int) -> str:
    return f"{reason}\n at {location(text, position)}"


def syntax_error(text: str) -> str | None:
    """The located message for the first syntax fault of `text`, or None if none is recognised."""
    reader = _Reader(text)
    try:
        reader.value()
    except _Fault as fault:
        return with_location(fault.reason, text, fault.position)
    except IndexError:
        return None
    return None


def _char(c: str) -> str:
    return f"'{c}' (code {ord(c)})"


def value_spans(text: str) -> dict[tuple, tuple[int, int]]:
    """(start, end) of every value of a valid JSON text by its path (object keys and array indices)."""
    reader = _Reader(text, spans={})
    reader.value()
    assert reader.spans is not None
    return reader.spans


def located_at_value(reason: str, text: str, path: tuple, edge: str = "value") -> str:
    """`reason` with the location Jackson reports once it has read the value at `path`: just inside a
    string's opening quote (it reads strings lazily), just after any other scalar. With edge "open" an
    array or object is located just after its opening bracket; with "end", any value just after it."""
    span = value_spans(text).get(path)
    if span is None:
        return reason
    start, end = span
    opened = '"[{' if edge == "open" else '"'
    if edge == "end" or text[start] not in opened:
        return with_location(reason, text, end)
    return with_location(reason, text, start + 1)


class _Reader:
    def __init__(self, text: str, spans: dict[tuple, tuple[int, int]] | None = None) -> None:
        self.text = text
        self.i = 0
        self.spans = spans
        self.path: tuple = ()

    def _skip(self) -> str | None:
        while self.i < len(self.text) and self.text[self.i] in " \t\r\n":
            self.i += 1
        return self.text[self.i] if self.i < len(self.text) else None

    def _end(self, kind: str, start: int) -> _Fault:
        marker = location(self.text, start)
        return _Fault(
            f"Unexpected end-of-input: expected close marker for {kind} (start marker at {marker})",
            len(self.text),
        )

    def value(self) -> None:
        c = self._skip()
        start = self.i
        self._value(c)
        if self.spans is not None:
            self.spans[self.path] = (start, self.i)

    def _value(self, c: str | None) -> None:
        if c is None:
            raise _Fault("No content to map due to end-of-input", len(self.text))
        if c == "{":
            self._object()
        elif c == "[":
            self._array()
        elif c == '"':
            self._string()
        elif c == "-" or c.isdigit():
            while self.i < len(self.text) and self.text[self.i] in "+-.eE0123456789":
                self.i += 1
        elif c.isalpha() or c == "_":
            start = self.i
            while self.i < len(self.text) and (self.text[self.i].isalnum() or self.text[self.i] in "_$"):
                self.i += 1
            token = self.text[start : self.i]
            if token not in ("true", "false", "null"):
                raise _Fault(f"Unrecognized token '{token}': was expecting {VALUE_EXPECTED}", self.i)
        else:
            raise _Fault(
                f"Unexpected character ({_char(c)}): expected a valid value {VALUE_EXPECTED}", self.i
            )

    def _nested(self, step: Any) -> None:
        outer = self.path
        self.path = outer + (step,)
        try:
            self.value()
        finally:
            self.path = outer

    def _string(self) -> None:
        self.i += 1
        while self.i < len(self.text):
            c = self.text[self.i]
            self.i += 2 if c == "\\" else 1
            if c == '"':
                return
        raise _Fault(
            "Unexpected end-of-input: was expecting closing quote for a string value", len(self.text)
        )

    def _object(self) -> None:
        start = self.i
        self.i += 1
        c = self._skip()
        if c == "}":
            self.i += 1
            return
        while True:
            if c is None:
                raise self._end("OBJECT", start)
            if c != '"':
                raise _Fault(
                    f"Unexpected character ({_char(c)}): was expecting double-quote to start field name",
                    self.i,
                )
            key_start = self.i
            self._string()
            key = json.loads(self.text[key_start : self.i]) if self.spans is not None else None
            c = self._skip()
            if c is None:
                raise self._end("OBJECT", start)
            if c != ":":
                raise _Fault(
                    f"Unexpected character ({_char(c)}): "
                    "was expecting a colon to separate field name and value",
                    self.i,
                )
            self.i += 1
            if self._skip() is None:
                raise self._end("OBJECT", start)
            self._nested(key)
            c = self._skip()
            if c is None:
                raise self._end("OBJECT", start)
            self.i += 1
            if c == "}":
                return
            if c != ",":
                raise _Fault(
                    f"Unexpected character ({_char(c)}): was expecting comma to separate Object entries",
                    self.i - 1,
                )
            c = self._skip()

    def _array(self) -> None:
        start = self.i
        self.i += 1
        c = self._skip()
        if c == "]":
            self.i += 1
            return
        index = 0
        while True:
            if c is None:
                raise self._end("ARRAY", start)
            self._nested(index)
            index += 1
            c = self._skip()
            if c is None:
                raise self._end("ARRAY", start)
            self.i += 1
            if c == "]":
                return
            if c != ",":
                raise _Fault(
                    f"Unexpected character ({_char(c)}): was expecting comma to separate Array entries",
                    self.i - 1,
                )
            c = self._skip()
