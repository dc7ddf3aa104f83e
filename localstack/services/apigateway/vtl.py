"""A Velocity Template Language subset for API Gateway mapping templates: parse once, render often.

Supported: `$ref`, `${ref}`, `$!ref` (quiet), properties, method calls and `[index]` on references,
`#set`, `#if/#elseif/#else/#end`, `#foreach($x in ...)` with `$foreach.index/count/hasNext` and
`$velocityCount`, `#break`, `##` and `#* *#` comments, literals (strings, numbers, booleans, lists,
maps, ranges) and the operators `== != < > <= >= && || ! and or not + - * / %`.
A line holding only directives is dropped whole, as Velocity 2 does, so templates keep their layout.
"""

from __future__ import annotations

import re
from typing import Any

from localstack.services.apigateway.vtl_render import Break, VTLError, render_nodes

__all__ = ["Template", "VTLError", "render"]


_IDENT = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_NAMES = "set|if|elseif|else|end|foreach|break"
_DIRECTIVE = re.compile(rf"#\{{({_NAMES})\}}|#({_NAMES})")
_DIRECTIVE_LINE = re.compile(
    r"^[ \t]*(#(set|if|elseif|foreach)\b[ \t]*\(.*\)|#(else|end|break)\b|#\{(else|end)\}|##.*|[ \t]*)*[ \t]*$"
)
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class Template:
    """A parsed template: `Template(text).render({"input": ..., "context": ...})`."""

    def __init__(self, text: str) -> None:
        self.nodes = _Parser(_strip_directive_lines(text)).parse_block(())[0]

    def render(self, variables: dict[str, Any]) -> str:
        out: list[str] = []
        scope = dict(variables)
        try:
            render_nodes(self.nodes, scope, out)
        except Break:
            pass
        return "".join(out)


def render(text: str, variables: dict[str, Any]) -> str:
    return Template(text).render(variables)


def _strip_directive_lines(text: str) -> str:
    """Drop the line break of lines that hold only directives (and their indentation)."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        if "#" in line and _DIRECTIVE_LINE.match(line) and index < len(lines) - 1:
            out.append(line.strip(" \t") + "\x00")  # \x00: the line break is dropped
        else:
            out.append(line + ("\n" if index < len(lines) - 1 else ""))
    return "".join(out).replace("\x00", "")


# Nodes: ("text", s) ("ref", ref, quiet, source) ("set", ref, expr) ("if", [(cond, body)], else_body)
# ("foreach", name, expr, body) ("break",). A ref is (name, [("prop", n) | ("call", n, args) | ("index", e)]).


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    # -- template level --------------------------------------------------------------------------
    def parse_block(self, terminators: tuple[str, ...]) -> tuple[list, str | None]:
        nodes: list = []
        text: list[str] = []
        t = self.text
        while self.pos < len(t):
            ch = t[self.pos]
            if ch == "\\" and t.startswith(("\\$", "\\#"), self.pos):
                text.append(t[self.pos + 1])
                self.pos += 2
                continue
            if ch == "$":
                node = self._try_reference_node()
                if node is not None:
                    _flush(text, nodes)
                    nodes.append(node)
                    continue
            elif ch == "#":
                if t.startswith("##", self.pos):
                    end = t.find("\n", self.pos)
                    self.pos = len(t) if end < 0 else end
                    continue
                if t.startswith("#*", self.pos):
                    end = t.find("*#", self.pos + 2)
                    self.pos = len(t) if end < 0 else end + 2
                    continue
                name = self._directive_name()
                if name:
                    if name in terminators:
                        _flush(text, nodes)
                        return nodes, name
                    _flush(text, nodes)
                    nodes.append(self._directive(name))
                    continue
            text.append(ch)
            self.pos += 1
        _flush(text, nodes)
        if terminators:
            raise VTLError(f"missing #end (expected one of {terminators})")
        return nodes, None

    def _directive_name(self) -> str | None:
        match = _DIRECTIVE.match(self.text, self.pos)
        if not match:
            return None
        name = match.group(1) or match.group(2)
        following = self.text[match.end() : match.end() + 1]
        if match.group(2) and (following.isalnum() or following == "_"):
            return None
        self.pos = match.end()
        return name

    def _directive(self, name: str) -> tuple:
        if name == "set":
            self._expect("(")
            self._skip_ws()
            if not self.text.startswith("$", self.pos):
                raise VTLError("#set needs a $reference")
            self.pos += 1
            target = self._reference_body()
            self._skip_ws()
            self._expect("=")
            value = self.expression()
            self._expect(")")
            return ("set", target, value)
        if name == "if":
            branches = []
            cond = self._paren_expression()
            while True:
                body, end = self.parse_block(("elseif", "else", "end"))
                branches.append((cond, body))
                if end == "elseif":
                    cond = self._paren_expression()
                    continue
                else_body: list = []
                if end == "else":
                    else_body, _ = self.parse_block(("end",))
                return ("if", branches, else_body)
        if name == "foreach":
            self._expect("(")
            self._skip_ws()
            self._expect("$")
            var = self._ident()
            self._skip_ws()
            if not self.text.startswith("in", self.pos):
                raise VTLError("#foreach needs 'in'")
            self.pos += 2
            iterable = self.expression()
            self._expect(")")
            body, _ = self.parse_block(("end",))
            return ("foreach", var, iterable, body)
        if name == "break":
            return ("break",)
        raise VTLError(f"#{name} without a matching directive")

    def _try_reference_node(self) -> tuple | None:
        start = self.pos
        t = self.text
        p = self.pos + 1
        quiet = t.startswith("!", p)
        if quiet:
            p += 1
        braced = t.startswith("{", p)
        if braced:
            p += 1
        if not _IDENT.match(t, p):
            return None
        self.pos = p
        ref = self._reference_body(template=not braced)
        if braced:
            if not t.startswith("}", self.pos):
                self.pos = start
                return None
            self.pos += 1
        return ("ref", ref, quiet, t[start : self.pos])

    def _ident(self) -> str:
        match = _IDENT.match(self.text, self.pos)
        if not match:
            raise VTLError(f"expected a name at {self.pos}: {self.text[self.pos : self.pos + 20]!r}")
        name = match.group(0)
        self.pos += len(name)
        return name

    def _reference_body(self, template: bool = False) -> tuple:
        name = self._ident()
        parts: list = []
        t = self.text
        while self.pos < len(t):
            if t[self.pos] == "." and _IDENT.match(t, self.pos + 1):
                self.pos += 1
                member = self._ident()
                if t.startswith("(", self.pos):
                    self.pos += 1
                    parts.append(("call", member, self._arguments(")")))
                else:
                    parts.append(("prop", member))
            elif t[self.pos] == "[":
                saved = self.pos
                self.pos += 1
                try:
                    index = self.expression()
                    self._expect("]")
                except VTLError:
                    if not template:
                        raise
                    self.pos = saved
                    break
                parts.append(("index", index))
            else:
                break
        return (name, parts)

    # -- expressions -----------------------------------------------------------------------------
    def _skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def _expect(self, token: str) -> None:
        self._skip_ws()
        if not self.text.startswith(token, self.pos):
            found = self.text[self.pos : self.pos + 20]
            raise VTLError(f"expected {token!r} at {self.pos}, found {found!r}")
        self.pos += len(token)

    def _paren_expression(self) -> tuple:
        self._expect("(")
        expr = self.expression()
        self._expect(")")
        return expr

    def _arguments(self, close: str) -> list:
        args = []
        self._skip_ws()
        if self.text.startswith(close, self.pos):
            self.pos += 1
            return args
        while True:
            args.append(self.expression())
            self._skip_ws()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self._expect(close)
            return args

    def expression(self) -> tuple:
        return self._binary(0)

    _LEVELS: list[list[str]] = [
        ["||", "or"],
        ["&&", "and"],
        ["==", "!=", "eq", "ne"],
        ["<=", ">=", "<", ">", "le", "ge", "lt", "gt"],
        ["+", "-"],
        ["*", "/", "%"],
    ]

    def _binary(self, level: int) -> tuple:
        if level == len(self._LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while True:
            self._skip_ws()
            op = self._match_operator(self._LEVELS[level])
            if op is None:
                return left
            right = self._binary(level + 1)
            left = ("op", op, left, right)

    def _match_operator(self, ops: list[str]) -> str | None:
        t = self.text
        for op in ops:
            if t.startswith(op, self.pos):
                after = t[self.pos + len(op) : self.pos + len(op) + 1]
                if op.isalpha() and (after.isalnum() or after == "_"):
                    continue
                if op in ("<", ">") and after == "=":
                    continue
                self.pos += len(op)
                return op
        return None

    def _unary(self) -> tuple:
        self._skip_ws()
        t = self.text
        if t.startswith("!", self.pos) and not t.startswith("!=", self.pos):
            self.pos += 1
            return ("not", self._unary())
        if t.startswith("not", self.pos) and not t[self.pos + 3 : self.pos + 4].isalnum():
            self.pos += 3
            return ("not", self._unary())
        if t.startswith("-", self.pos) and not t[self.pos + 1 : self.pos + 2].isdigit():
            self.pos += 1
            return ("neg", self._unary())
        return self._primary()

    def _primary(self) -> tuple:
        self._skip_ws()
        t = self.text
        if self.pos >= len(t):
            raise VTLError("unexpected end of expression")
        ch = t[self.pos]
        if ch == "(":
            return self._paren_expression()
        if ch == "$":
            self.pos += 1
            if t.startswith("!", self.pos):
                self.pos += 1
            braced = t.startswith("{", self.pos)
            if braced:
                self.pos += 1
            ref = self._reference_body()
            if braced:
                self._expect("}")
            return ("refexpr", ref)
        if ch in "\"'":
            end = self.pos + 1
            while end < len(t) and t[end] != ch:
                end += 1
            if end >= len(t):
                raise VTLError("unterminated string literal")
            raw = t[self.pos + 1 : end]
            self.pos = end + 1
            if ch == '"' and ("$" in raw or "#" in raw):
                return ("interp", _Parser(raw).parse_block(())[0])
            return ("lit", raw)
        if ch == "[":
            self.pos += 1
            self._skip_ws()
            start_pos = self.pos
            if not t.startswith("]", self.pos):
                first = self.expression()
                self._skip_ws()
                if t.startswith("..", self.pos):
                    self.pos += 2
                    last = self.expression()
                    self._expect("]")
                    return ("range", first, last)
                self.pos = start_pos
            return ("list", self._arguments("]"))
        if ch == "{":
            self.pos += 1
            items = []
            self._skip_ws()
            if t.startswith("}", self.pos):
                self.pos += 1
                return ("map", items)
            while True:
                key = self.expression()
                self._expect(":")
                items.append((key, self.expression()))
                self._skip_ws()
                if t.startswith(",", self.pos):
                    self.pos += 1
                    continue
                self._expect("}")
                return ("map", items)
        match = _NUMBER.match(t, self.pos)
        if match:
            self.pos = match.end()
            text = match.group(0)
            return ("lit", float(text) if "." in text else int(text))
        for word, value in (("true", True), ("false", False), ("null", None)):
            end = self.pos + len(word)
            if t.startswith(word, self.pos) and not t[end : end + 1].isalnum():
                self.pos += len(word)
                return ("lit", value)
        raise VTLError(f"unexpected {t[self.pos : self.pos + 20]!r} in expression")


def _flush(text: list[str], nodes: list) -> None:
    if text:
        nodes.append(("text", "".join(text)))
        text.clear()
