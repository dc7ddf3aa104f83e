"""botocore's model patterns are Java regular expressions: their Java-only syntax (Unicode property
classes `\\p{L}`, POSIX classes `\\p{Alnum}`, surrogate-pair escapes, `\\z`, `\\h`, `\\x{...}`, `\\Q...\\E`,
class unions `[a[b]]`) rewritten as Python's `re` reads it, so that a pattern is checked as AWS checks
it. A pattern whose meaning cannot be kept (class intersections `&&`, script names) gives None: not
checked, never a refusal of a valid value."""

from __future__ import annotations

import re
import sys
import threading
import unicodedata

# Java's POSIX classes match US-ASCII only (without UNICODE_CHARACTER_CLASS, which AWS does not use).
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").replace("\\ ", " "),
    "Graph": "\\x21-\\x7e",
    "Print": "\\x20-\\x7e",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
}
_GENERAL = frozenset(
    "L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp "
    "C Cc Cf Cs Co Cn".split()
)
# Java's other property names, as unions of general categories.
_ALIASES = {
    "LD": ("L", "Nd"),
    "IsAlphabetic": ("L", "Nl"),
    "IsLetter": ("L",),
    "IsDigit": ("Nd",),
    "IsWhite_Space": ("Zs", "Zl", "Zp"),
    "IsWhitespace": ("Zs", "Zl", "Zp"),
    "IsPunctuation": ("P",),
}
# Code points IsWhite_Space adds to the separators (tab to carriage return, next line).
_WHITE_SPACE_EXTRA = [(0x09, 0x0D), (0x85, 0x85)]
_HORIZONTAL_SPACE = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
_VERTICAL_SPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"

_CLASS_ESCAPES = frozenset("pPwWsSdDhv")
_QUANTIFIER = re.compile(r"\{(\d+)(?:,\d*)?\}")

_ranges: dict[str, list[tuple[int, int]]] = {}
_ranges_lock = threading.Lock()


class Untranslatable(Exception):
    pass


def translate(pattern: str) -> str | None:
    """The pattern in Python's syntax with Java's meaning, or None where that cannot be kept."""
    try:
        return _Translator(pattern).run()
    except (Untranslatable, ValueError, IndexError):
        return None


def _category_ranges() -> dict[str, list[tuple[int, int]]]:
    """Code point ranges of every general category, computed once (about 0.2 s, on the first
    pattern that names one). Planes 4-13 hold no assigned characters; 15-16 are private use."""
    if _ranges:
        return _ranges
    with _ranges_lock:
        if _ranges:
            return _ranges
        found: dict[str, list[list[int]]] = {}
        category = unicodedata.category

        def scan(start: int, end: int) -> None:
            for point in range(start, end):
                name = category(chr(point))
                spans = found.setdefault(name, [])
                if spans and spans[-1][1] == point - 1:
                    spans[-1][1] = point
                else:
                    spans.append([point, point])

        scan(0, 0x40000)
        found.setdefault("Cn", []).append([0x40000, 0xDFFFF])
        scan(0xE0000, 0xF0000)
        found.setdefault("Co", []).extend([[0xF0000, 0xFFFFD], [0x100000, 0x10FFFD]])
        result = {name: [(low, high) for low, high in spans] for name, spans in found.items()}
        _ranges.update(result)
    return _ranges


def _property_ranges(name: str) -> list[tuple[int, int]]:
    table = _category_ranges()
    if name.startswith("Is") and name[2:] in _GENERAL:
        name = name[2:]
    if name in _GENERAL:
        if len(name) == 2:
            return table.get(name, [])
        return sorted(span for key, spans in table.items() if key[0] == name for span in spans)
    if name in _ALIASES:
        spans = [span for part in _ALIASES[name] for span in _property_ranges(part)]
        if name in ("IsWhite_Space", "IsWhitespace"):
            spans += _WHITE_SPACE_EXTRA
        return sorted(spans)
    if name == "all":
        return [(0, sys.maxunicode)]
    raise Untranslatable(name)


def _complement(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result, start = [], 0
    for low, high in sorted(spans):
        if low > start:
            result.append((start, low - 1))
        start = max(start, high + 1)
    if start <= sys.maxunicode:
        result.append((start, sys.maxunicode))
    return result


def _class_body(spans: list[tuple[int, int]]) -> str:
    return "".join(f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}" for low, high in spans)


def _property_body(name: str, negated: bool) -> str:
    """A property class's contents, for use inside `[...]`."""
    if name in _POSIX and not negated:
        return _POSIX[name]
    if name in _POSIX:
        raise Untranslatable(name)
    spans = _property_ranges(name)
    return _class_body(_complement(spans) if negated else spans)


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.source = pattern
        self.at = 0
        self.out: list[str] = []
        self.depth = 0  # nesting of character classes

    def run(self) -> str:
        source = self.source
        flags = ""
        while self.at < len(source):
            char = source[self.at]
            if char == "\\":
                self.escape()
            elif not self.depth and source.startswith("(?i)", self.at):
                # Java turns case folding on from here on; Python only at the start: folding the
                # whole pattern refuses nothing Java accepts.
                flags = "(?i)"
                self.at += 4
            elif not self.depth and char == "$" and (quantifier := _QUANTIFIER.match(source, self.at + 1)):
                # Java repeats an anchor (`${1,128}`), which is the anchor itself (or nothing at {0,...}).
                self.out.append("" if quantifier.group(1) == "0" else "$")
                self.at = quantifier.end()
            elif char == "[":
                self.open_class()
            elif char == "]" and self.depth:
                self.depth -= 1
                if self.depth == 0:
                    self.out.append("]")
                self.at += 1
            elif self.depth and char in "&|~-" and source[self.at : self.at + 2] == char * 2:
                if char == "&":
                    raise Untranslatable("class intersection")
                self.out.append("\\" + char)  # a literal in Java, a reserved set operator to Python
                self.at += 1
            else:
                self.out.append(char)
                self.at += 1
        return flags + "".join(self.out)

    def open_class(self) -> None:
        source = self.source
        if self.depth:
            # Java's union `[a-z[0-9]]`: the inner class's members join the outer one.
            if source[self.at + 1 : self.at + 2] == "^":
                raise Untranslatable("negated inner class")
            self.depth += 1
            self.at += 1
            return
        self.depth = 1
        self.out.append("[")
        self.at += 1
        if source[self.at : self.at + 1] == "^":
            self.out.append("^")
            self.at += 1
        if source[self.at : self.at + 1] == "]":
            self.out.append("\\]")  # a leading `]` is a literal in both
            self.at += 1

    def escape(self) -> None:
        source = self.source
        kind = source[self.at + 1 : self.at + 2]
        if kind in ("p", "P"):
            name, end = self._property_name(self.at + 2)
            negated = kind == "P"
            if name.startswith("^"):
                name, negated = name[1:], not negated
            body = _property_body(name, negated)
            self.out.append(body if self.depth else f"[{body}]")
            self.at = end
        elif kind == "u":
            point, end = self._utf16_unit(self.at)
            self.out.append(f"\\U{point:08x}")
            self.at = end
        elif kind == "x" and source[self.at + 2 : self.at + 3] == "{":
            close = source.find("}", self.at)
            if close < 0:
                raise Untranslatable("\\x{")
            self.out.append(f"\\U{int(source[self.at + 3 : close], 16):08x}")
            self.at = close + 1
        elif kind == "Q":
            close = source.find("\\E", self.at + 2)
            literal = source[self.at + 2 : close if close >= 0 else len(source)]
            self.out.append(re.escape(literal))
            self.at = close + 2 if close >= 0 else len(source)
        elif kind == "z":
            self.out.append("\\Z")
            self.at += 2
        elif kind == "Z" and not self.depth:
            self.out.append("(?=\\n?\\Z)")
            self.at += 2
        elif kind in ("h", "v"):
            body = _HORIZONTAL_SPACE if kind == "h" else _VERTICAL_SPACE
            self.out.append(body if self.depth else f"[{body}]")
            self.at += 2
        elif kind in ("H", "V", "R", "X", "G"):
            raise Untranslatable(f"\\{kind}")
        elif kind == "0" and not self.depth:
            # Java's octal `\0nn`; Python reads `\0` as a NUL followed by digits.
            digits = re.match(r"[0-7]{1,3}", source[self.at + 2 :])
            value = int(digits.group(), 8) if digits else 0
            self.out.append(f"\\x{value:02x}")
            self.at += 2 + (len(digits.group()) if digits else 0)
        else:
            self.out.append(source[self.at : self.at + 2])
            self.at += 2
        if self.depth and kind in _CLASS_ESCAPES and source[self.at : self.at + 1] == "-":
            # Java reads a `-` after a class (`[\\w-_]`) as a literal; Python as a bad range.
            if source[self.at + 1 : self.at + 2] != "]":
                self.out.append("\\-")
                self.at += 1

    def _property_name(self, at: int) -> tuple[str, int]:
        source = self.source
        if source[at : at + 1] == "{":
            close = source.find("}", at)
            if close < 0:
                raise Untranslatable("\\p{")
            return source[at + 1 : close], close + 1
        return source[at : at + 1], at + 1

    def _utf16_unit(self, at: int) -> tuple[int, int]:
        """`\\uXXXX`, and a high surrogate followed by a low one as the one code point they spell
        (Java strings are UTF-16: `\\uD800\\uDC00-\\uDBFF\\uDFFF` is U+10000 to U+10FFFF)."""
        source = self.source
        unit = int(source[at + 2 : at + 6], 16)
        end = at + 6
        if 0xD800 <= unit <= 0xDBFF and source[end : end + 2] == "\\u":
            low = int(source[end + 2 : end + 6], 16)
            if 0xDC00 <= low <= 0xDFFF:
                return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), end + 6
        return unit, end
