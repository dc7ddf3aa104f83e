"""Recursive-descent parsers of condition (also filter and key-condition), projection and update
expressions into small syntax trees; syntax errors carry AWS's token and near text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from localstack.services.dynamodb.expressions.lexer import ExpressionSyntaxError, Token, tokenize

COMPARATORS = ("=", "<>", "<", "<=", ">", ">=")
CONDITION_KEYWORDS = ("AND", "OR", "NOT", "BETWEEN", "IN")
UPDATE_SECTIONS = ("SET", "REMOVE", "ADD", "DELETE")


@dataclass(slots=True)
class Path:
    """A document path: names (`a`), placeholders (`#a`) and list indexes (ints)."""

    elements: list[Union[str, int]]
    parens: int = 0


@dataclass(slots=True)
class Value:
    name: str  # the `:placeholder`
    parens: int = 0


@dataclass(slots=True)
class Function:
    name: str
    args: list[Operand]
    parens: int = 0


@dataclass(slots=True)
class Condition:
    """`op` is a comparator, BETWEEN, IN, AND, OR, NOT, or `function` (args[0] is the Function)."""

    op: str
    args: list = field(default_factory=list)
    parens: int = 0


@dataclass(slots=True)
class Arithmetic:
    op: str  # + or -
    args: list[Operand]
    parens: int = 0


@dataclass(slots=True)
class UpdateAction:
    section: str  # SET, REMOVE, ADD, DELETE
    path: Path
    value: Operand | Arithmetic | None = None
    opens_clause: bool = False


Operand = Union[Path, Value, Function]


class _Parser:
    def __init__(self, source: str, keywords: tuple[str, ...]) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.position = 0
        self.keywords = keywords

    # -- token helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.position]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.position + offset, len(self.tokens) - 1)]

    def fail(self, index: int | None = None) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(self.tokens, self.position if index is None else index, self.source)

    def expect(self, text: str) -> None:
        if self.token.kind != "punct" or self.token.text != text:
            raise self.fail()
        self.position += 1

    def at(self, text: str) -> bool:
        return self.token.kind == "punct" and self.token.text == text

    def at_keyword(self, *words: str) -> bool:
        return self.token.is_word(*words)

    def expect_end(self) -> None:
        if self.token.kind != "eof":
            raise self.fail()

    # -- shared pieces
    def path(self) -> Path:
        elements: list[str | int] = [self.path_element()]
        while True:
            if self.at("."):
                self.position += 1
                elements.append(self.path_element())
            elif self.at("["):
                self.position += 1
                if self.token.kind != "number":
                    raise self.fail()
                elements.append(int(self.token.text))
                self.position += 1
                self.expect("]")
            else:
                return Path(elements)

    def path_element(self) -> str:
        token = self.token
        if token.kind == "attr_name" or (token.kind == "name" and not token.is_word(*self.keywords)):
            self.position += 1
            return token.text
        raise self.fail()

    def is_function_start(self) -> bool:
        return (
            self.token.kind == "name"
            and not self.token.is_word(*self.keywords)
            and self.peek().kind == "punct"
            and self.peek().text == "("
        )

    def function(self, argument) -> Function:  # type: ignore[no-untyped-def]
        name = self.token.text
        self.position += 2
        args = [argument()]
        while self.at(","):
            self.position += 1
            args.append(argument())
        self.expect(")")
        return Function(name, args)


class ConditionParser(_Parser):
    def __init__(self, source: str) -> None:
        super().__init__(source, CONDITION_KEYWORDS)

    def parse(self) -> Condition:
        condition = self.or_condition()
        self.expect_end()
        return condition

    def or_condition(self) -> Condition:
        left = self.and_condition()
        while self.at_keyword("OR"):
            self.position += 1
            left = Condition("OR", [left, self.and_condition()])
        return left

    def and_condition(self) -> Condition:
        left = self.not_condition()
        while self.at_keyword("AND"):
            self.position += 1
            left = Condition("AND", [left, self.not_condition()])
        return left

    def not_condition(self) -> Condition:
        if self.at_keyword("NOT"):
            self.position += 1
            return Condition("NOT", [self.not_condition()])
        return self.primary()

    def follows_comparison(self) -> bool:
        token = self.token
        return (token.kind == "punct" and token.text in COMPARATORS) or token.is_word("BETWEEN", "IN")

    def primary(self) -> Condition:
        if self.at("("):
            start = self.position
            try:
                self.position += 1
                inner = self.or_condition()
                self.expect(")")
                if not self.follows_comparison():
                    inner.parens += 1
                    return inner
                grouped_failure = self.fail()
            except ExpressionSyntaxError as error:
                grouped_failure = error
            self.position = start
            try:
                return self.comparison()
            except ExpressionSyntaxError as error:
                raise max(error, grouped_failure, key=lambda failure: failure.index) from None
        return self.comparison()

    def comparison(self) -> Condition:
        left = self.operand()
        token = self.token
        if token.kind == "punct" and token.text in COMPARATORS:
            self.position += 1
            return Condition(token.text, [left, self.operand()])
        if token.is_word("BETWEEN"):
            self.position += 1
            low = self.operand()
            if not self.at_keyword("AND"):
                raise self.fail()
            self.position += 1
            return Condition("BETWEEN", [left, low, self.operand()])
        if token.is_word("IN"):
            self.position += 1
            self.expect("(")
            items = [self.operand()]
            while self.at(","):
                self.position += 1
                items.append(self.operand())
            self.expect(")")
            return Condition("IN", [left, *items])
        if isinstance(left, Function) and not left.parens:
            return Condition("function", [left])
        raise self.fail()

    def operand(self) -> Operand:
        if self.at("("):
            self.position += 1
            inner = self.operand()
            self.expect(")")
            inner.parens += 1
            return inner
        if self.token.kind == "attr_value":
            self.position += 1
            return Value(self.tokens[self.position - 1].text)
        if self.is_function_start():
            return self.function(self.operand)
        return self.path()


class ProjectionParser(_Parser):
    def __init__(self, source: str) -> None:
        super().__init__(source, ())

    def parse(self) -> list[Path]:
        paths = [self.path()]
        while self.at(","):
            self.position += 1
            paths.append(self.path())
        self.expect_end()
        return paths


class UpdateParser(_Parser):
    def __init__(self, source: str) -> None:
        super().__init__(source, UPDATE_SECTIONS)

    def parse(self) -> list[UpdateAction]:
        actions: list[UpdateAction] = []
        if self.token.kind == "eof" or not self.at_keyword(*UPDATE_SECTIONS):
            raise self.fail()
        while self.at_keyword(*UPDATE_SECTIONS):
            section = self.token.text.upper()
            self.position += 1
            actions.append(self.action(section))
            actions[-1].opens_clause = True
            while self.at(","):
                self.position += 1
                actions.append(self.action(section))
        self.expect_end()
        return actions

    def action(self, section: str) -> UpdateAction:
        path = self.path()
        if section == "REMOVE":
            return UpdateAction(section, path)
        if section in ("ADD", "DELETE"):
            if self.token.kind != "attr_value":
                raise self.fail()
            self.position += 1
            return UpdateAction(section, path, Value(self.tokens[self.position - 1].text))
        self.expect("=")
        return UpdateAction(section, path, self.set_value())

    def set_value(self) -> Operand | Arithmetic:
        if self.at("("):
            start = self.position
            self.position += 1
            try:
                inner = self.set_value()
                self.expect(")")
                if not (self.at("+") or self.at("-")):
                    inner.parens += 1
                    return inner
            except ExpressionSyntaxError:
                pass
            self.position = start
        left = self.operand()
        if self.at("+") or self.at("-"):
            op = self.token.text
            self.position += 1
            return Arithmetic(op, [left, self.operand()])
        return left

    def operand(self) -> Operand:
        if self.at("("):
            self.position += 1
            inner = self.operand()
            self.expect(")")
            inner.parens += 1
            return inner
        if self.token.kind == "attr_value":
            self.position += 1
            return Value(self.tokens[self.position - 1].text)
        if self.is_function_start():
            return self.function(self.operand)
        return self.path()


def parse_condition(source: str) -> Condition:
    return ConditionParser(source).parse()


def parse_projection(source: str) -> list[Path]:
    return ProjectionParser(source).parse()


def parse_update(source: str) -> list[UpdateAction]:
    return UpdateParser(source).parse()
