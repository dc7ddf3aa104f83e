"""The tokens, paths, literals, update clauses and predicates of PartiQL statements, read into the
expression syntax (names and values as placeholders) of the item operations DynamoDB runs for them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid

PARAMETER_COUNT = "Number of parameters in request and statement don't match."

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<quoted>"(?:[^"]|"")*")
    | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op><<|>>|<=|>=|<>|!=|[=<>()\[\]{},.:?+\-*;])
    )""",
    re.X,
)
_COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_CONDITION_FUNCTIONS = {
    "begins_with",
    "contains",
    "attribute_type",
    "size",
    "attribute_exists",
    "attribute_not_exists",
}


# The condition functions that are true or false themselves (`= true` compares nothing).
_BOOLEAN_FUNCTIONS = ("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains")
# `x IS <type>` as the DynamoDB type it names (recorded: IS NULL, IS BOOL and IS STRING run as filters;
# paritysuite/dynamodb-conformance, 2026-10).
_IS_TYPES = {
    "NULL": "NULL",
    "BOOL": "BOOL",
    "BOOLEAN": "BOOL",
    "STRING": "S",
    "LIST": "L",
    "TUPLE": "M",
    "STRUCT": "M",
    "BLOB": "B",
}


class Unreadable(Exception):
    """A statement outside what this module translates: moto's engine answers it."""


@dataclass
class _Expression:
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict] = field(default_factory=dict)
    mentioned: list[str] = field(default_factory=list)  # every attribute name written, in order

    def name(self, text: str) -> str:
        self.mentioned.append(text)
        for placeholder, known in self.names.items():
            if known == text:
                return placeholder
        placeholder = f"#n{len(self.names)}"
        self.names[placeholder] = text
        return placeholder

    def value(self, attribute: dict) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = attribute
        return placeholder


class Parser:
    def __init__(self, statement: str, parameters: Any) -> None:
        self.tokens: list[tuple[str, str]] = []
        position = 0
        text = statement.rstrip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise Unreadable()
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        if self.tokens and self.tokens[-1] == ("op", ";"):
            self.tokens.pop()
        self.position = 0
        self.parameters = parameters if isinstance(parameters, list) else []
        self.used = 0
        self.expression = _Expression()

    # -- tokens
    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else ("end", "")

    def keyword(self, *words: str) -> bool:
        kind, text = self.peek()
        if kind == "name" and text.upper() in words:
            self.position += 1
            return True
        return False

    def expect_keyword(self, word: str) -> None:
        if not self.keyword(word):
            raise Unreadable()

    def op(self, *symbols: str) -> str | None:
        kind, text = self.peek()
        if kind == "op" and text in symbols:
            self.position += 1
            return text
        return None

    def expect_op(self, symbol: str) -> None:
        if self.op(symbol) is None:
            raise Unreadable()

    # -- statement
    # -- names and paths
    def identifier(self) -> str:
        kind, text = self.peek()
        if kind == "quoted":
            self.position += 1
            return text[1:-1].replace('""', '"')
        if kind == "name":
            self.position += 1
            return text
        raise Unreadable()

    def path(self) -> tuple[str, list]:
        """A document path as expression text with name placeholders, and its raw parts."""
        first = self.identifier()
        parts: list = [first]
        text = self.expression.name(first)
        while True:
            if self.op("."):
                part = self.identifier()
                parts.append(part)
                text += "." + self.expression.name(part)
            elif self.op("["):
                kind, number = self.peek()
                if kind != "number" or not number.isdigit():
                    raise Unreadable()
                self.position += 1
                self.expect_op("]")
                parts.append(int(number))
                text += f"[{number}]"
            else:
                return text, parts

    # -- values
    def literal(self) -> dict | None:
        """An AttributeValue for a literal or `?` at the cursor; None where there is none."""
        kind, text = self.peek()
        if kind == "op" and text == "?":
            self.position += 1
            if self.used >= len(self.parameters):
                raise RequestInvalid(PARAMETER_COUNT)
            value = self.parameters[self.used]
            self.used += 1
            return value
        if kind == "string":
            self.position += 1
            return {"S": text[1:-1].replace("''", "'")}
        if kind == "number":
            self.position += 1
            return {"N": text}
        if kind == "op" and text == "-" and self.peek(1)[0] == "number":
            self.position += 2
            return {"N": "-" + self.tokens[self.position - 1][1]}
        if kind == "name" and text.upper() in ("TRUE", "FALSE") and self.peek(1) != ("op", "("):
            self.position += 1
            return {"BOOL": text.upper() == "TRUE"}
        if kind == "name" and text.upper() == "NULL":
            self.position += 1
            return {"NULL": True}
        if kind == "op" and text == "[":
            self.position += 1
            return {"L": self.values_until("]")}
        if kind == "op" and text == "<<":
            self.position += 1
            return _set_of(self.values_until(">>"))
        if kind == "op" and text == "{":
            self.position += 1
            members: dict[str, dict] = {}
            if not self.op("}"):
                while True:
                    name_kind, name = self.peek()
                    if name_kind != "string":
                        raise Unreadable()
                    self.position += 1
                    self.expect_op(":")
                    value = self.literal()
                    if value is None:
                        raise Unreadable()
                    members[name[1:-1].replace("''", "'")] = value
                    if self.op("}"):
                        break
                    self.expect_op(",")
            return {"M": members}
        return None

    def values_until(self, closing: str) -> list[dict]:
        values: list[dict] = []
        if self.op(closing):
            return values
        while True:
            value = self.literal()
            if value is None:
                raise Unreadable()
            values.append(value)
            if self.op(closing):
                return values
            self.expect_op(",")

    def operand(self) -> str:
        """A condition or update operand as expression text: a value, a path or a function call."""
        value = self.literal()
        if value is not None:
            return self.expression.value(value)
        kind, text = self.peek()
        if kind == "name" and self.peek(1) == ("op", "("):
            if text.lower() not in _CONDITION_FUNCTIONS | {"list_append", "if_not_exists"}:
                raise Unreadable()
            self.position += 2
            arguments = [self.operand()]
            while self.op(","):
                arguments.append(self.operand())
            self.expect_op(")")
            return f"{text.lower()}({', '.join(arguments)})"
        return self.path()[0]

    # -- UPDATE
    def update_clauses(self) -> str:
        sets: list[str] = []
        removes: list[str] = []
        adds: list[str] = []
        deletes: list[str] = []
        while True:
            if self.keyword("SET"):
                while True:
                    target = self.path()[0]
                    self.expect_op("=")
                    kind, text = self.peek()
                    if (
                        kind == "name"
                        and text.lower() in ("set_add", "set_delete")
                        and self.peek(1) == ("op", "(")
                    ):
                        self.position += 2
                        if self.path()[0] != target:
                            raise Unreadable()
                        self.expect_op(",")
                        value = self.literal()
                        if value is None:
                            raise Unreadable()
                        self.expect_op(")")
                        clause = f"{target} {self.expression.value(value)}"
                        (adds if text.lower() == "set_add" else deletes).append(clause)
                    else:
                        source = self.operand()
                        sign = self.op("+", "-")
                        if sign:
                            source = f"{source} {sign} {self.operand()}"
                        sets.append(f"{target} = {source}")
                    if not self.op(","):
                        break
            elif self.keyword("REMOVE"):
                removes.append(self.path()[0])
                while self.op(","):
                    removes.append(self.path()[0])
            else:
                break
        if not (sets or removes or adds or deletes):
            raise Unreadable()
        clauses = []
        for word, actions in (("SET", sets), ("REMOVE", removes), ("ADD", adds), ("DELETE", deletes)):
            if actions:
                clauses.append(f"{word} {', '.join(actions)}")
        return " ".join(clauses)

    # -- WHERE
    def conjunction(self) -> list[tuple[Any, Any]]:
        """The WHERE clause's top-level AND terms: (condition text, (name, value) for `name = value`)."""
        terms = [self.term()]
        while self.keyword("AND"):
            terms.append(self.term())
        return terms

    def term(self) -> tuple[Any, Any]:
        """A top-level term; `name = value` comes back unwritten (it may be the key, which the
        expression must not mention), as a function writing it into the condition."""
        start, used = self.position, self.used
        if self.peek()[0] in ("name", "quoted") and self.peek(1) == ("op", "="):
            name = self.identifier()
            self.position += 1
            value = self.literal()
            kind, text = self.peek()
            if value is not None and (
                kind == "end" or (kind == "name" and text.upper() in ("AND", "RETURNING", "ORDER"))
            ):
                return (lambda: f"{self.expression.name(name)} = {self.expression.value(value)}"), (
                    name,
                    value,
                )
            self.position, self.used = start, used
        parts = self.disjuncts()
        text = " OR ".join(parts) if len(parts) == 1 else f"({' OR '.join(parts)})"  # AND binds tighter
        return (lambda: text), None

    def disjunction(self) -> str:
        return " OR ".join(self.disjuncts())

    def disjuncts(self) -> list[str]:
        parts = [self.negation()]
        while self.keyword("OR"):
            parts.append(self.negation())
        return parts

    def negation(self) -> str:
        if self.keyword("NOT"):
            return f"NOT {self.negation()}"
        return self.predicate()

    def predicate(self) -> str:
        if self.op("("):
            inner = self.disjunction()
            while self.keyword("AND"):
                inner = f"{inner} AND {self.disjunction()}"
            self.expect_op(")")
            return f"({inner})"
        left = self.operand()
        boolean_function = left.startswith(tuple(f"{name}(" for name in _BOOLEAN_FUNCTIONS))
        if boolean_function and self.peek() == ("op", "=") and self.peek(1)[1].upper() in ("TRUE", "FALSE"):
            # `attribute_exists(a) = true`, which DynamoDB reads as the function itself.
            self.position += 2
            return left if self.tokens[self.position - 1][1].upper() == "TRUE" else f"NOT {left}"
        comparator = self.op(*_COMPARATORS)
        if comparator is not None:
            return f"{left} {_COMPARATORS[comparator]} {self.operand()}"
        if self.keyword("BETWEEN"):
            low = self.operand()
            self.expect_keyword("AND")
            return f"{left} BETWEEN {low} AND {self.operand()}"
        if self.keyword("IN"):
            closing = "]" if self.op("[") else ")" if self.op("(") else None
            if closing is None:
                raise Unreadable()
            choices = [self.expression.value(value) for value in self.values_until(closing)]
            return f"{left} IN ({', '.join(choices)})"
        if self.keyword("IS"):
            negated = self.keyword("NOT")
            if self.keyword("MISSING"):
                return f"{'attribute_exists' if negated else 'attribute_not_exists'}({left})"
            kind, word = self.peek()
            type_name = _IS_TYPES.get(word.upper()) if kind == "name" else None
            if type_name is None:
                raise Unreadable()
            self.position += 1
            typed = f"attribute_type({left}, {self.expression.value({'S': type_name})})"
            # An attribute that is absent is of no type: IS NOT <type> holds only for one present.
            return f"(attribute_exists({left}) AND NOT {typed})" if negated else typed
        if left.startswith(tuple(f"{name}(" for name in _CONDITION_FUNCTIONS)):
            return left
        raise Unreadable()


def _set_of(values: list[dict]) -> dict:
    kinds = {next(iter(value)) for value in values if isinstance(value, dict) and len(value) == 1}
    if len(kinds) != 1 or not values:
        raise Unreadable()
    kind = kinds.pop()
    if kind not in ("S", "N", "B"):
        raise Unreadable()
    return {kind + "S": [value[kind] for value in values]}
