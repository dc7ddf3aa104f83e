"""CloudWatch Logs filter patterns: terms, quoted phrases, ?any-of, -exclusions, %regex%, and JSON
patterns `{ $.a.b = "x*" && ($.n > 3 || $.flag IS TRUE) }`. Empty matches every event.

    FilterPattern.parse('{ $.level = "ERROR" }').matches('{"level": "ERROR"}')  # True
"""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any, Callable

_JSON_TOKEN = re.compile(
    r"""\s*(?:
        (?P<op>&&|\|\||!=|>=|<=|=|>|<|\(|\))
      | (?P<selector>\$(?:\.[A-Za-z0-9_\-@]+|\[\d+\]|\.\*|\[\*\])*)
      | (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<word>[^\s()&|=!<>"]+)
    )""",
    re.VERBOSE,
)
_MISSING = object()


class PatternError(ValueError):
    """The pattern is not one CloudWatch Logs accepts (or not one of the forms supported here)."""


def _select(document: Any, selector: str) -> Any:
    value = document
    for part in re.findall(r"\.([^.\[]+)|\[(\d+)\]", selector[1:]):
        key, index = part
        if key:
            if not isinstance(value, dict) or key not in value:
                return _MISSING
            value = value[key]
        else:
            if not isinstance(value, list) or int(index) >= len(value):
                return _MISSING
            value = value[int(index)]
    return value


def _compare(value: Any, operator: str, expected: Any) -> bool:
    if value is _MISSING:
        return False
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return {
            "=": value == expected,
            "!=": value != expected,
            ">": value > expected,
            "<": value < expected,
            ">=": value >= expected,
            "<=": value <= expected,
        }[operator]
    if operator not in ("=", "!="):
        raise PatternError(f"operator {operator} needs a number")
    if isinstance(value, (dict, list)) or value is None:
        equal = False
    else:
        text = json.dumps(value) if isinstance(value, bool) else str(value)
        equal = fnmatch.fnmatchcase(text, expected) if "*" in expected else text == expected
    return equal if operator == "=" else not equal


class _JsonParser:
    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = _JSON_TOKEN.match(text, position)
            if match is None or match.end() == position:
                if text[position:].strip() == "":
                    break
                raise PatternError(f"unexpected text at {text[position:]!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.index = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise PatternError("pattern ends too early")
        self.index += 1
        return token

    def parse(self) -> Callable[[Any], bool]:
        condition = self.disjunction()
        if self.peek() is not None:
            raise PatternError(f"unexpected {self.peek()[1]!r}")
        return condition

    def disjunction(self) -> Callable[[Any], bool]:
        parts = [self.conjunction()]
        while self.peek() == ("op", "||"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else (lambda doc: any(part(doc) for part in parts))

    def conjunction(self) -> Callable[[Any], bool]:
        parts = [self.term()]
        while self.peek() == ("op", "&&"):
            self.take()
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else (lambda doc: all(part(doc) for part in parts))

    def term(self) -> Callable[[Any], bool]:
        kind, text = self.take()
        if (kind, text) == ("op", "("):
            inner = self.disjunction()
            if self.take() != ("op", ")"):
                raise PatternError("missing )")
            return inner
        if kind != "selector":
            raise PatternError(f"expected a $. selector, got {text!r}")
        selector = text
        kind, text = self.take()
        if kind == "word" and text.upper() == "IS":
            _, what = self.take()
            expected = {"TRUE": True, "FALSE": False, "NULL": None}.get(what.upper(), _MISSING)
            if expected is _MISSING:
                raise PatternError(f"IS {what} is not a test")
            return lambda doc: (value := _select(doc, selector)) is not _MISSING and value is expected
        if kind == "word" and text.upper() == "NOT":
            if self.take()[1].upper() != "EXISTS":
                raise PatternError("expected NOT EXISTS")
            return lambda doc: _select(doc, selector) is _MISSING
        if kind != "op" or text not in ("=", "!=", ">", "<", ">=", "<="):
            raise PatternError(f"expected a comparison after {selector}")
        operator = text
        kind, raw = self.take()
        if kind == "string":
            expected: Any = json.loads(raw)
        elif kind == "word":
            try:
                expected = float(raw) if any(c in raw for c in ".eE") else int(raw)
            except ValueError:
                expected = raw
        else:
            raise PatternError(f"expected a value after {operator}")
        if isinstance(expected, str) and operator not in ("=", "!="):
            raise PatternError(f"operator {operator} needs a number")
        return lambda doc: _compare(_select(doc, selector), operator, expected)


def _terms(text: str) -> Callable[[str], bool]:
    tokens = re.findall(r'-?\?"[^"]*"|-?"[^"]*"|\S+', text)
    required, any_of, excluded = [], [], []
    for token in tokens:
        target = required
        if token.startswith("?"):
            target, token = any_of, token[1:]
        elif token.startswith("-") and len(token) > 1:
            target, token = excluded, token[1:]
        if token.startswith('"') and token.endswith('"') and len(token) >= 2:
            token = token[1:-1]
        target.append(token)

    def matches(message: str) -> bool:
        if any(term in message for term in excluded):
            return False
        if any_of and not any(term in message for term in any_of):
            return False
        return all(term in message for term in required)

    return matches


class FilterPattern:
    """A parsed pattern; `matches(message)` says whether a log event's message matches it."""

    def __init__(self, text: str, matcher: Callable[[str], bool]) -> None:
        self.text = text
        self._matcher = matcher

    @classmethod
    def parse(cls, text: str | None) -> FilterPattern:
        text = (text or "").strip()
        if not text:
            return cls(text, lambda message: True)
        if text.startswith("{"):
            if not text.endswith("}"):
                raise PatternError("a JSON pattern ends with }")
            condition = _JsonParser(text[1:-1]).parse()

            def json_matcher(message: str) -> bool:
                try:
                    document = json.loads(message)
                except ValueError:
                    return False
                return isinstance(document, (dict, list)) and condition(document)

            return cls(text, json_matcher)
        if text.startswith("%") and text.endswith("%") and len(text) > 2:
            try:
                regex = re.compile(text[1:-1])
            except re.error as error:
                raise PatternError(f"invalid regular expression: {error}") from None
            return cls(text, lambda message: regex.search(message) is not None)
        if text.startswith("["):
            raise PatternError("space-delimited [ ... ] patterns are not supported by this emulator")
        return cls(text, _terms(text))

    def matches(self, message: str) -> bool:
        return self._matcher(message)
