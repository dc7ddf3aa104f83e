"""The semantic rules of parsed expressions (names, values, functions, operand types, paths), each
failure with AWS's sentence, reported in the order DynamoDB reports them."""

from __future__ import annotations

import functools
from decimal import Decimal
from importlib import resources
from typing import Any

from localstack.services.dynamodb.attribute_values import value_type
from localstack.services.dynamodb.expressions.parser import (
    Arithmetic,
    Condition,
    Function,
    Path,
    UpdateAction,
    Value,
)

CONDITION_FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
    "size": 1,
}
UPDATE_FUNCTIONS = {"if_not_exists": 2, "list_append": 2}
TYPE_NAMES = {
    "S": "STRING",
    "N": "NUMBER",
    "B": "BINARY",
    "NULL": "NULL",
    "BOOL": "BOOLEAN",
    "L": "LIST",
    "M": "MAP",
}


@functools.cache
def reserved_words() -> frozenset[str]:
    # DynamoDB's published list of reserved words, as moto ships it.
    text = resources.files("moto.dynamodb.parsing").joinpath("reserved_keywords.txt").read_text()
    return frozenset(word.strip().upper() for word in text.splitlines() if word.strip())


class ExpressionError(Exception):
    """A semantic rule broken by an expression; the message is AWS's, without the `Invalid X:` prefix."""


class Context:
    """ExpressionAttributeNames/Values of one request, and which of them the expressions used."""

    def __init__(self, names: dict[str, str] | None, values: dict[str, Any] | None) -> None:
        self.names = names or {}
        self.values = values or {}
        self.unused_names = dict.fromkeys(self.names)
        self.unused_values = dict.fromkeys(self.values)

    def name(self, placeholder: str) -> str | None:
        if placeholder not in self.names:
            return None
        self.unused_names.pop(placeholder, None)
        return self.names[placeholder]

    def value(self, placeholder: str) -> Any:
        if placeholder not in self.values:
            return None
        self.unused_values.pop(placeholder, None)
        return self.values[placeholder]


def path_text(path: list[str | int]) -> str:
    return "[" + ", ".join(f"[{part}]" if isinstance(part, int) else part for part in path) + "]"


class _Checker:
    def __init__(self, context: Context, order: tuple[str, ...]) -> None:
        self.context = context
        self.order = order
        self.errors: dict[str, str] = {}

    def note(self, kind: str, message: str) -> None:
        self.errors.setdefault(kind, message)

    def raise_first(self) -> None:
        for kind in self.order:
            if kind in self.errors:
                raise ExpressionError(self.errors[kind])

    def resolve_path(self, path: Path, local: dict[str, str]) -> list[str | int] | None:
        if path.parens > 1:
            self.note("parens", "The expression has redundant parentheses;")
        resolved: list[str | int] = []
        for element in path.elements:
            if isinstance(element, str) and element.startswith("#"):
                name = self.context.name(element)
                if name is None:
                    local.setdefault(
                        "names",
                        "An expression attribute name used in the document path is not defined; "
                        f"attribute name: {element}",
                    )
                    return None
                resolved.append(name)
            else:
                if isinstance(element, str) and element.upper() in reserved_words():
                    self.note(
                        "reserved", f"Attribute name is a reserved keyword; reserved keyword: {element}"
                    )
                resolved.append(element)
        return resolved

    def resolve_value(self, value: Value, local: dict[str, str]) -> Any:
        if value.parens > 1:
            self.note("parens", "The expression has redundant parentheses;")
        resolved = self.context.value(value.name)
        if resolved is None:
            local.setdefault(
                "names",
                f"An expression attribute value used in expression is not defined; attribute value: "
                f"{value.name}",
            )
        return resolved


class ConditionChecker(_Checker):
    """Checks a condition tree; `resolve` returns it with names and values substituted."""

    def __init__(self, context: Context) -> None:
        super().__init__(context, ("parens", "function_name", "misused", "reserved", "condition"))

    def check(self, condition: Condition) -> Any:
        if isinstance(condition, Condition) and condition.op == "function":
            function = condition.args[0]
            if function.name == "size":
                self.note(
                    "misused",
                    "The function is not allowed to be used this way in an expression; function: size",
                )
        resolved = self.condition(condition)
        self.raise_first()
        return resolved

    def condition(self, condition: Condition) -> Any:
        if condition.parens > 1:
            self.note("parens", "The expression has redundant parentheses;")
        if condition.op in ("AND", "OR", "NOT"):
            for child in condition.args:
                if isinstance(child, Condition) and child.op == "function" and child.args[0].name == "size":
                    self.note(
                        "misused",
                        "The function is not allowed to be used this way in an expression; function: size",
                    )
            return (condition.op, [self.condition(child) for child in condition.args])
        local: dict[str, str] = {}
        if condition.op == "function":
            resolved = self.operand(condition.args[0], local)
            self._finish_leaf(local)
            return ("function", [resolved])
        self.misused(condition.args)
        args = [self.operand(arg, local) for arg in condition.args]
        if condition.op in ("<", "<=", ">", ">=", "BETWEEN"):
            self.orderable(condition.op, args, local)
        if condition.op in ("=", "<>", "<", "<=", ">", ">="):
            self.distinct(condition.op, args, local)
        if condition.op == "BETWEEN":
            self.between(args[1], args[2], local)
        self._finish_leaf(local)
        return (condition.op, args)

    def _finish_leaf(self, local: dict[str, str]) -> None:
        for kind in ("names", "operands", "distinct", "function"):
            if kind in local:
                self.note("condition", local[kind])
                return

    def misused(self, args: list) -> None:
        for arg in args:
            if isinstance(arg, Function) and arg.name != "size":
                self.note(
                    "misused",
                    f"The function is not allowed to be used this way in an expression; function: {arg.name}",
                )
                return

    def orderable(self, operator: str, args: list, local: dict[str, str]) -> None:
        """An ordering comparison's literal operands must be strings, numbers or binaries; a document
        path of another type only makes the comparison false (verified against AWS by ExtendDB's
        dual-target suite)."""
        for arg in args:
            kind = value_type(arg[1]) if arg[0] == "value" and arg[1] is not None else None
            if kind is not None and kind not in _ORDERED:
                local.setdefault("operands", _operand_type_error(operator, kind))
                return

    def distinct(self, operator: str, args: list, local: dict[str, str]) -> None:
        first, second = args[0], args[1]
        if first[0] == "path" and second[0] == "path" and first[1] == second[1] and first[1] is not None:
            local.setdefault(
                "distinct",
                "The first operand must be distinct from the remaining operands for this operator or "
                "function; "
                f"operator: {operator}, first operand: {path_text(first[1])}",
            )

    def between(self, low: tuple, high: tuple, local: dict[str, str]) -> None:
        if low[0] != "value" or high[0] != "value" or low[1] is None or high[1] is None:
            return
        low_type, high_type = value_type(low[1]), value_type(high[1])
        bounds = (
            f"lower bound operand: AttributeValue: {{{low_type}:{low[1][low_type]}}}, "
            f"upper bound operand: AttributeValue: {{{high_type}:{high[1][high_type]}}}"
        )
        if low_type != high_type:
            local.setdefault(
                "function",
                f"The BETWEEN operator requires same data type for lower and upper bounds; {bounds}",
            )
        elif compare_values(low[1], high[1]) > 0:
            local.setdefault(
                "function",
                f"The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                f"{bounds}",
            )

    def operand(self, operand: Any, local: dict[str, str]) -> tuple:
        """('path', resolved list) | ('value', attribute value) | ('function', name, args, result type)."""
        if isinstance(operand, Path):
            return ("path", self.resolve_path(operand, local))
        if isinstance(operand, Value):
            return ("value", self.resolve_value(operand, local))
        if operand.parens > 1:
            self.note("parens", "The expression has redundant parentheses;")
        self.misused(operand.args)
        args = [self.operand(arg, local) for arg in operand.args]
        return ("function", operand.name, args, self.function(operand.name, args, local))

    def function(self, name: str, args: list[tuple], local: dict[str, str]) -> str | None:
        count = CONDITION_FUNCTIONS.get(name)
        if count is None:
            self.note("function_name", f"Invalid function name; function: {name}")
            return None
        if count != len(args):
            local.setdefault(
                "operands",
                "Incorrect number of operands for operator or function; "
                f"operator or function: {name}, number of operands: {len(args)}",
            )
            return None
        if count == 2 and args[0][0] == "path" and args[1][0] == "path" and args[0][1] == args[1][1]:
            local.setdefault(
                "distinct",
                "The first operand must be distinct from the remaining operands for this operator or "
                "function; "
                f"operator: {name}, first operand: {path_text(args[0][1] or [])}",
            )
        if name in ("attribute_exists", "attribute_not_exists"):
            if args[0][0] != "path":
                local.setdefault(
                    "function", f"Operator or function requires a document path; operator or function: {name}"
                )
            return "BOOL"
        if name == "begins_with":
            for arg in args:
                kind = operand_type(arg)
                if kind and kind not in ("S", "B"):
                    local.setdefault("function", _operand_type_error(name, kind))
                    break
            return "BOOL"
        if name == "attribute_type":
            kind = operand_type(args[1])
            if kind != "S":
                local.setdefault(
                    "function", _operand_type_error(name, kind or "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
                )
            elif args[1][1]["S"] not in ("S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"):
                local.setdefault(
                    "function",
                    f"Invalid attribute type name found; type: {args[1][1]['S']}, "
                    "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
                )
            return "BOOL"
        if name == "size":
            kind = operand_type(args[0])
            if kind in ("N", "BOOL", "NULL"):
                local.setdefault("function", _operand_type_error(name, kind))
            return "N"
        return "BOOL"


_ORDERED = frozenset(("S", "N", "B"))


def _operand_type_error(name: str, kind: str) -> str:
    return (
        f"Incorrect operand type for operator or function; operator or function: {name}, operand type: {kind}"
    )


def operand_type(operand: tuple) -> str | None:
    if operand[0] == "value":
        return value_type(operand[1]) if operand[1] is not None else None
    if operand[0] == "function":
        return operand[3]
    return None


def compare_values(left: dict, right: dict) -> int:
    kind = value_type(left)
    a, b = left[kind], right[kind]
    if kind == "N":
        a, b = Decimal(a), Decimal(b)
    elif kind == "B":
        import base64

        a, b = base64.b64decode(a), base64.b64decode(b)
    return (a > b) - (a < b)


class UpdateChecker(_Checker):
    def __init__(self, context: Context) -> None:
        super().__init__(
            context,
            (
                "reserved",
                "function_name",
                "section",
                "names",
                "values",
                "overlap",
                "conflict",
                "operand",
                "function",
            ),
        )

    def check(self, actions: list[UpdateAction]) -> list[tuple]:
        seen_sections: list[str] = []
        paths: list[list[str | int]] = []
        resolved_actions = []
        for action in actions:
            if action.opens_clause:
                if action.section in seen_sections:
                    self.note(
                        "section",
                        f'The "{action.section}" section can only be used once in an update expression;',
                    )
                seen_sections.append(action.section)
            local: dict[str, str] = {}
            path = self.resolve_path(action.path, local)
            value = None
            if action.value is not None:
                value = self.set_value(action.value, local)
                if action.section in ("ADD", "DELETE"):
                    self.check_operator(action.section, value)
            for _kind, message in local.items():
                self.note(
                    "names" if message.startswith("An expression attribute name") else "values", message
                )
            if path is not None:
                self.check_path(paths, path)
                paths.append(path)
            resolved_actions.append((action.section, path, value))
        self.raise_first()
        return resolved_actions

    def check_path(self, paths: list[list[str | int]], path: list[str | int]) -> None:
        for other in paths:
            for mine, theirs in zip(other, path, strict=False):
                if isinstance(mine, int) != isinstance(theirs, int):
                    self.note(
                        "conflict",
                        "Two document paths conflict with each other; must remove or rewrite one of "
                        "these paths; "
                        f"path one: {path_text(other)}, path two: {path_text(path)}",
                    )
                    break
                if mine != theirs:
                    break
            else:
                self.note(
                    "overlap",
                    "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                    f"path one: {path_text(other)}, path two: {path_text(path)}",
                )

    def check_operator(self, section: str, value: tuple) -> None:
        kind = operand_type(value) if value[0] == "value" else None
        if kind in TYPE_NAMES and not (section == "ADD" and kind == "N"):
            self.note(
                "operand",
                f"Incorrect operand type for operator or function; operator: {section}, operand type: "
                f"{TYPE_NAMES[kind]}",
            )

    def set_value(self, value: Any, local: dict[str, str]) -> tuple:
        if isinstance(value, Arithmetic):
            args = [self.set_value(arg, local) for arg in value.args]
            self.update_function(value.op, args)
            return ("function", value.op, args, "N")
        if isinstance(value, Path):
            return ("path", self.resolve_path(value, local))
        if isinstance(value, Value):
            return ("value", self.resolve_value(value, local))
        args = [self.set_value(arg, local) for arg in value.args]
        return ("function", value.name, args, self.update_function(value.name, args))

    def update_function(self, name: str, args: list[tuple]) -> str | None:
        count = 2 if name in ("+", "-") else UPDATE_FUNCTIONS.get(name)
        if count is None:
            self.note("function_name", f"Invalid function name; function: {name}")
            return None
        if count != len(args):
            self.note(
                "function",
                "Incorrect number of operands for operator or function; "
                f"operator or function: {name}, number of operands: {len(args)}",
            )
            return None
        if name == "if_not_exists":
            if args[0][0] != "path":
                self.note(
                    "function", f"Operator or function requires a document path; operator or function: {name}"
                )
            return operand_type(args[1])
        wanted = "L" if name == "list_append" else "N"
        for arg in args:
            kind = value_type(arg[1]) if arg[0] == "value" and arg[1] is not None else None
            if kind and kind != wanted:
                self.note("function", _operand_type_error(name, kind))
                break
        return wanted


def check_projection(paths: list[Path], context: Context) -> list[list[str | int]]:
    checker = _Checker(context, ("parens", "reserved", "names", "overlap", "conflict"))
    resolved: list[list[str | int]] = []
    for path in paths:
        local: dict[str, str] = {}
        result = checker.resolve_path(path, local)
        if "names" in local:
            checker.note("names", local["names"])
        if result is not None:
            for other in resolved:
                for mine, theirs in zip(other, result, strict=False):
                    if isinstance(mine, int) != isinstance(theirs, int):
                        checker.note(
                            "conflict",
                            "Two document paths conflict with each other; must remove or rewrite one of "
                            "these "
                            f"paths; path one: {path_text(other)}, path two: {path_text(result)}",
                        )
                        break
                    if mine != theirs:
                        break
                else:
                    checker.note(
                        "overlap",
                        "Two document paths overlap with each other; must remove or rewrite one of these "
                        "paths; "
                        f"path one: {path_text(other)}, path two: {path_text(result)}",
                    )
            resolved.append(result)
    checker.raise_first()
    return resolved
