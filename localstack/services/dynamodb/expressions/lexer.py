"""Tokens of DynamoDB expressions, and the `Syntax error; token: ..., near: ...` sentence built from them."""

from __future__ import annotations

from dataclasses import dataclass

_PUNCTUATION = ("<>", "<=", ">=", "=", "<", ">", "(", ")", "[", "]", ",", ".", "+", "-")
_WORD_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WORD_PART = _WORD_START | frozenset("0123456789_")
_DIGITS = frozenset("0123456789")
_SPACE = frozenset(" \t\r\n")
EOF = "<EOF>"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # name, attr_name, attr_value, number, punct, eof, invalid
    text: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "name" and self.text.upper() in words


class ExpressionSyntaxError(Exception):
    """A syntax error at one token; `index` orders competing failures of a backtracking parse."""

    def __init__(self, tokens: list[Token], index: int, source: str) -> None:
        self.index = index
        token = tokens[index]
        super().__init__(f'Syntax error; token: "{token.text}", near: "{near(tokens, index, source)}"')


def near(tokens: list[Token], index: int, source: str) -> str:
    """The source around a bad token: the token before it, itself and the one after it. The end of
    input has no text, so at the end only the last token is shown (AWS: `attribute_not_exists(` is
    `token: "<EOF>", near: "("`; `SET a = :a, b = :b,` is `near: ","`)."""
    if tokens[index].kind == "eof":
        return source[tokens[index - 1].start : tokens[index - 1].end] if index else ""
    first = max(0, index - 1)
    last = min(index + 1, len(tokens) - 1)
    if tokens[last].kind == "eof":
        last = index
    return source[tokens[first].start : tokens[last].end]


def tokenize(source: str) -> list[Token]:
    """All tokens, ending with EOF. An unknown character becomes an `invalid` token for the parser to
    reject, so its error names the tokens around it."""
    tokens: list[Token] = []
    position, length = 0, len(source)
    while position < length:
        char = source[position]
        if char in _SPACE:
            position += 1
            continue
        start = position
        if char in _WORD_START:
            position += 1
            while position < length and source[position] in _WORD_PART:
                position += 1
            tokens.append(Token("name", source[start:position], start, position))
            continue
        if char in "#:":
            position += 1
            while position < length and source[position] in _WORD_PART:
                position += 1
            if position == start + 1:
                tokens.append(Token("invalid", char, start, position))
            else:
                kind = "attr_name" if char == "#" else "attr_value"
                tokens.append(Token(kind, source[start:position], start, position))
            continue
        if char in _DIGITS:
            while position < length and source[position] in _DIGITS:
                position += 1
            tokens.append(Token("number", source[start:position], start, position))
            continue
        for punct in _PUNCTUATION:
            if source.startswith(punct, position):
                position += len(punct)
                tokens.append(Token("punct", punct, start, position))
                break
        else:
            position += 1
            tokens.append(Token("invalid", char, start, position))
    tokens.append(Token("eof", EOF, length, length))
    return tokens
