"""DynamoDB's refusal of a PartiQL SELECT whose OR branches read the same part of one item collection
twice: the WHERE clause as a disjunction of conjunctions, each branch an item collection (a partition
key equality or IN choice) and a range of sort keys (its comparisons on the sort key; any other
condition narrows nothing), and two branches of one collection whose ranges meet are refused with
"Overlapping conditions with range keys are not supported in where clause". A branch without the
partition key makes the statement a Scan, and a NOT anywhere or `<>` on the sort key lets it run as
written; both are never refused (recorded against live DynamoDB, eu-west-2 and us-east-1, 2026-10,
paritysuite/dynamodb-conformance: whereOverlap, partiqlGrammar)."""

from __future__ import annotations

import base64
from decimal import Decimal, InvalidOperation
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_parser import Parser, Unreadable

OVERLAPPING = "Overlapping conditions with range keys are not supported in where clause"

_MAX_BRANCHES = 100  # beyond this the clause is left to run as written
_COMPARISONS = ("=", "<", "<=", ">", ">=")

# An atom: ("cmp", name, op, value), ("between", name, low, high), ("other",); a branch is a list of atoms.
Atom = tuple
Branches = list[list[Atom]]


class _Exempt(Exception):
    """The statement is never refused for overlap (a NOT, `<>` on a key, or a shape not modelled)."""


def check(statement: Any, parameters: Any, key_names: list[str]) -> None:
    """Raises RequestInvalid where two OR branches of a SELECT read overlapping sort-key ranges."""
    if not isinstance(statement, str) or not key_names:
        return
    try:
        parser = Parser(statement, parameters)
        if not _skip_to_where(parser):
            return
        branches = _Where(parser, key_names).disjunction()
        if parser.peek()[0] != "end" and not (
            parser.peek()[0] == "name" and parser.peek()[1].upper() == "ORDER"
        ):
            return
    except (Unreadable, _Exempt, RequestInvalid):
        return
    if len(branches) < 2:
        return
    try:
        if _overlapping(branches, key_names):
            raise RequestInvalid(OVERLAPPING)
    except _Exempt:
        return


def _overlapping(branches: Branches, key_names: list[str]) -> bool:
    ranges = [_branch_range(branch, key_names) for branch in branches]
    if any(entry is None for entry in ranges):
        return False  # a branch without the partition key: the statement is a Scan
    read = [entry for entry in ranges if entry is not _EMPTY and not _empty(entry[1])]
    for i, first in enumerate(read):
        for second in read[i + 1 :]:
            if first[0] == second[0] and _meet(first[1], second[1]):
                return True
    return False


def _skip_to_where(parser: Parser) -> bool:
    depth = 0
    while parser.peek()[0] != "end":
        kind, text = parser.peek()
        if kind == "op" and text in ("(", "[", "{"):
            depth += 1
        elif kind == "op" and text in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and kind == "name" and text.upper() == "WHERE":
            parser.position += 1
            return True
        parser.position += 1
    return False


class _Where:
    def __init__(self, parser: Parser, key_names: list[str]) -> None:
        self.parser = parser
        self.keys = set(key_names)

    def disjunction(self) -> Branches:
        branches = self.conjunction()
        while self.parser.keyword("OR"):
            branches = branches + self.conjunction()
            _bounded(branches)
        return branches

    def conjunction(self) -> Branches:
        branches = self.term()
        while self.parser.keyword("AND"):
            right = self.term()
            branches = [left + more for left in branches for more in right]
            _bounded(branches)
        return branches

    def term(self) -> Branches:
        parser = self.parser
        if parser.keyword("NOT"):
            raise _Exempt()
        if parser.op("("):
            inner = self.disjunction()
            parser.expect_op(")")
            return inner
        kind, _ = parser.peek()
        following = parser.peek(1)
        if kind in ("name", "quoted") and (
            (following[0] == "op" and following[1] != "(")
            or (following[0] == "name" and following[1].upper() in ("IN", "BETWEEN"))
        ):
            start = parser.position
            parts = parser.path()[1]
            if len(parts) == 1 and parts[0] in self.keys:
                return self.key_predicate(parts[0])
            parser.position = start
        self.skip_predicate()
        return [[("other",)]]

    def key_predicate(self, name: str) -> Branches:
        parser = self.parser
        comparator = parser.op("=", "<", "<=", ">", ">=", "<>", "!=")
        if comparator in ("<>", "!="):
            raise _Exempt()
        if comparator is not None:
            value = parser.literal()
            if value is None:
                raise _Exempt()
            return [[("cmp", name, comparator, value)]]
        if parser.keyword("BETWEEN"):
            low = parser.literal()
            parser.expect_keyword("AND")
            high = parser.literal()
            if low is None or high is None:
                raise _Exempt()
            return [[("between", name, low, high)]]
        if parser.keyword("IN"):
            closing = "]" if parser.op("[") else ")" if parser.op("(") else None
            if closing is None:
                raise _Exempt()
            return [[("cmp", name, "=", value)] for value in parser.values_until(closing)]
        raise _Exempt()

    def skip_predicate(self) -> None:
        """Past a predicate on other attributes, to the next AND, OR or closing parenthesis."""
        parser = self.parser
        depth = 0
        moved = False
        while True:
            kind, text = parser.peek()
            if kind == "end":
                break
            if kind == "op" and text in ("(", "[", "{", "<<"):
                depth += 1
            elif kind == "op" and text in (")", "]", "}", ">>"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and kind == "name" and text.upper() in ("AND", "OR", "ORDER"):
                if text.upper() != "AND" or not _between_pending(parser):
                    break
            elif kind == "name" and text.upper() == "NOT":
                raise _Exempt()
            elif kind in ("name", "quoted") and text.strip('"') in self.keys:
                raise _Exempt()  # a key inside a function or on the right: a range not modelled
            parser.position += 1
            moved = True
        if not moved:
            raise Unreadable()


def _between_pending(parser: Parser) -> bool:
    """Whether the AND at the cursor is a BETWEEN's (`x BETWEEN a AND b`), not a conjunction."""
    back = parser.position - 1
    while back >= 0:
        kind, text = parser.tokens[back]
        if kind == "name" and text.upper() == "BETWEEN":
            return True
        if kind == "name" and text.upper() in ("AND", "OR", "WHERE"):
            return False
        back -= 1
    return False


def _bounded(branches: Branches) -> None:
    if len(branches) > _MAX_BRANCHES:
        raise _Exempt()


_EMPTY: Any = ("", ())


def _branch_range(branch: list[Atom], key_names: list[str]) -> tuple[str, tuple] | None:
    """(the branch's partition, its sort-key range as (low, low_in, high, high_in)), None if unkeyed."""
    partition = None
    low: Any = None
    low_in = True
    high: Any = None
    high_in = True
    for atom in branch:
        if atom[0] == "other":
            continue
        name = atom[1]
        if name == key_names[0]:
            if atom[0] != "cmp" or atom[2] != "=":
                raise _Exempt()
            value = _ordered(atom[3])
            if partition is not None and partition != value:
                return _EMPTY  # two partitions in one branch: it reads nothing
            partition = value
            continue
        if len(key_names) < 2 or name != key_names[1]:
            continue
        bounds = [(">=", atom[2]), ("<=", atom[3])] if atom[0] == "between" else [(atom[2], atom[3])]
        for comparator, raw in bounds:
            value = _ordered(raw)
            if comparator in ("=", ">", ">="):
                inclusive = comparator != ">"
                if low is None or value > low or (value == low and not inclusive):
                    low, low_in = value, inclusive
            if comparator in ("=", "<", "<="):
                inclusive = comparator != "<"
                if high is None or value < high or (value == high and not inclusive):
                    high, high_in = value, inclusive
    if partition is None:
        return None
    return (repr(partition), (low, low_in, high, high_in))


def _ordered(value: Any) -> Any:
    """A key value as something Python orders as DynamoDB orders it."""
    if not isinstance(value, dict) or len(value) != 1:
        raise _Exempt()
    kind, raw = next(iter(value.items()))
    try:
        if kind == "S" and isinstance(raw, str):
            return ("S", raw.encode("utf-8"))
        if kind == "N" and isinstance(raw, str):
            return ("N", Decimal(raw))
        if kind == "B" and isinstance(raw, str):
            return ("B", base64.b64decode(raw))
    except (InvalidOperation, ValueError):
        pass
    raise _Exempt()


def _empty(bounds: tuple) -> bool:
    low, low_in, high, high_in = bounds
    if low is None or high is None:
        return False
    if low[0] != high[0]:
        raise _Exempt()
    return low > high or (low == high and not (low_in and high_in))


def _meet(first: tuple, second: tuple) -> bool:
    """Whether two non-empty sort-key ranges share a key."""
    for lower, upper in ((first, second), (second, first)):
        low, low_in = lower[0], lower[1]
        high, high_in = upper[2], upper[3]
        if low is None or high is None:
            continue
        if low[0] != high[0]:
            raise _Exempt()
        if low > high or (low == high and not (low_in and high_in)):
            return False
    return True
