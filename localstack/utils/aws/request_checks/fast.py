"""An operation's check tree (shapes.py) compiled into one Python function that answers only "is
this body fine?", with every type test and constraint inlined: the path nearly every call takes.
A body it refuses is checked again by the tree, which finds AWS's exact error; so this function may
refuse too much (never too little) and never has to spell a message."""

from __future__ import annotations

import binascii
from typing import Any, Callable

from localstack.utils.aws.request_checks.constraints import _compile_pattern
from localstack.utils.aws.request_checks.shapes import (
    AnyNode,
    ListNode,
    MapNode,
    Node,
    ScalarNode,
    StructureNode,
    _is_timestamp,
    _plain,
)

FastCheck = Callable[[Any], bool]

# Containers nested deeper than this inside one function are checked by a call to their own function.
_INLINE_DEPTH = 8
# A shape tree whose source would pass this many lines is left to the tree's own walk.
_MAX_LINES = 4000
# Structures with at most this many members look each one up; larger ones walk what was sent.
_LOOKUP_MEMBERS = 4


class _TooLarge(Exception):
    pass


def _base64_ok(value: str) -> bool:
    if len(value) % 4:
        return False
    try:
        binascii.a2b_base64(value, strict_mode=True)
    except (binascii.Error, ValueError):
        return False
    return True


def compile_fast(node: Node) -> FastCheck | None:
    """The node's check as one function of the value: True when the tree's walk would find nothing
    wrong. None where the shape is too large to be worth it (the tree's walk is then the only check)."""
    generator = _Generator()
    try:
        name = generator.function_for(node)
        generator.drain()
    except _TooLarge:
        return None
    namespace = dict(generator.constants)
    exec(compile("\n".join(generator.lines), f"<request check {node.name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]


class _Generator:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {
            "_base64_ok": _base64_ok,
            "_is_timestamp": _is_timestamp,
        }
        self.functions: dict[int, str] = {}
        self.pending: list[tuple[str, Node]] = []
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def constant(self, value: Any, prefix: str = "c") -> str:
        name = self.fresh(f"_{prefix}")
        self.constants[name] = value
        return name

    def function_for(self, node: Node) -> str:
        name = self.functions.get(id(node))
        if name is None:
            name = self.functions[id(node)] = self.fresh("check_")
            self.pending.append((name, node))
        return name

    def drain(self) -> None:
        while self.pending:
            name, node = self.pending.pop()
            self.emit(f"def {name}(v):", 0)
            self.check(node, "v", 1, (id(node),), False)
            self.emit("return True", 1)

    def emit(self, line: str, indent: int) -> None:
        self.lines.append("    " * indent + line)
        if len(self.lines) > _MAX_LINES:
            raise _TooLarge()

    def check(self, node: Node, var: str, indent: int, stack: tuple[int, ...], none_ok: bool) -> None:
        """Lines that `return False` unless `var` passes the node's check; a None `var` passes when
        `none_ok` (a member not sent, a null the tree's walk skips) and fails otherwise."""
        if isinstance(node, AnyNode):
            if not none_ok:
                self.emit(f"if {var} is None: return False", indent)
            return
        if not isinstance(node, ScalarNode) and (len(stack) > _INLINE_DEPTH or id(node) in stack[1:]):
            call = f"{self.function_for(node)}({var})"
            if none_ok:
                self.emit(f"if {var} is not None and not {call}: return False", indent)
            else:
                self.emit(f"if {var} is None or not {call}: return False", indent)
            return
        if isinstance(node, ScalarNode):
            accepts = node.accepts
        else:
            accepts = (dict,) if isinstance(node, (StructureNode, MapNode)) else (list,)
        if len(accepts) == 1:
            self.emit(f"if type({var}) is {accepts[0].__name__}:", indent)
        else:
            self.emit(f"if type({var}) in {self.constant(accepts, 'types')}:", indent)
        before = len(self.lines)
        if isinstance(node, ScalarNode):
            self.scalar(node, var, indent + 1)
        elif isinstance(node, StructureNode):
            self.structure(node, var, indent + 1, stack + (id(node),))
        elif isinstance(node, ListNode):
            self.list(node, var, indent + 1, stack + (id(node),))
        elif isinstance(node, MapNode):
            self.map(node, var, indent + 1, stack + (id(node),))
        if len(self.lines) == before:
            self.emit("pass", indent + 1)
        if none_ok:
            self.emit(f"elif {var} is not None: return False", indent)
        else:
            self.emit("else: return False", indent)

    def scalar(self, node: ScalarNode, var: str, indent: int) -> None:
        """The checks of a scalar whose type is right."""
        if node.is_timestamp:
            self.emit(f"if not _is_timestamp({var}): return False", indent)
        if node.is_blob:
            self.emit(f"if not _base64_ok({var}): return False", indent)
        if node.ok is None:
            return
        meta = node.metadata
        low, high = meta.get("min"), meta.get("max")
        if node.type_name == "string":
            self.bounds(f"len({var})", low, high, indent)
            if meta.get("enum"):
                enum = self.constant(frozenset(meta["enum"]), "enum")
                self.emit(f"if {var} not in {enum}: return False", indent)
            pattern = _compile_pattern(meta.get("pattern"))
            if pattern is not None:
                matcher = self.constant(pattern.fullmatch, "pattern")
                self.emit(f"if {matcher}({var}) is None: return False", indent)
        elif node.type_name in ("integer", "long", "double", "float"):
            self.bounds(var, low, high, indent)
        else:
            self.emit(f"if not {self.constant(node.ok, 'ok')}({var}): return False", indent)

    def bounds(self, measure: str, low: Any, high: Any, indent: int) -> None:
        if low is not None and high is not None:
            self.emit(f"if not {low!r} <= {measure} <= {high!r}: return False", indent)
        elif low is not None:
            self.emit(f"if {measure} < {low!r}: return False", indent)
        elif high is not None:
            self.emit(f"if {measure} > {high!r}: return False", indent)

    def sizes(self, node: ListNode | MapNode, var: str, indent: int) -> None:
        if node.rules:
            self.bounds(f"len({var})", node.metadata.get("min"), node.metadata.get("max"), indent)

    def list(self, node: ListNode, var: str, indent: int, stack: tuple[int, ...]) -> None:
        self.sizes(node, var, indent)
        item = self.fresh("x")
        self.emit(f"for {item} in {var}:", indent)
        self.check(node.member, item, indent + 1, stack, not node.refuse_null)

    def map(self, node: MapNode, var: str, indent: int, stack: tuple[int, ...]) -> None:
        self.sizes(node, var, indent)
        if node.value_sizes is not None:
            low, high = node.value_sizes
            values = self.fresh("x")
            self.emit(f"for {values} in {var}.values():", indent)
            self.emit(
                f"if type({values}) is list and not {low!r} <= len({values}) <= {high!r}: return False",
                indent + 1,
            )
        # JSON object keys are always strings: only the key's constraints are left to check.
        if node.key.ok is not None:
            key, item = self.fresh("k"), self.fresh("x")
            self.emit(f"for {key}, {item} in {var}.items():", indent)
            self.scalar(node.key, key, indent + 1)
        else:
            item = self.fresh("x")
            self.emit(f"for {item} in {var}.values():", indent)
        self.check(node.value, item, indent + 1, stack, not node.refuse_null)

    def structure(self, node: StructureNode, var: str, indent: int, stack: tuple[int, ...]) -> None:
        required = {wire for wire, _ in node.required}
        members = [(wire, member) for wire, _, member in node.members]
        if len(members) <= _LOOKUP_MEMBERS or required:
            for wire, member in members:
                if isinstance(member, AnyNode) and wire not in required:
                    continue
                item = self.fresh("x")
                self.emit(f"{item} = {var}.get({wire!r})", indent)
                self.check(member, item, indent, stack, wire not in required)
            return
        # Walk what was sent (an AttributeValue sends 1 of its 10 members); members whose whole check
        # is one type test are dispatched by a set of names per type.
        plain: dict[tuple[type, ...], list[str]] = {}
        others = []
        for wire, member in members:
            if isinstance(member, AnyNode):
                continue
            accepts = _plain(member)
            if accepts is not None:
                plain.setdefault(accepts, []).append(wire)
            else:
                others.append((wire, member))
        key, item = self.fresh("k"), self.fresh("x")
        self.emit(f"for {key}, {item} in {var}.items():", indent)
        keyword = "if"
        for accepts, wires in plain.items():
            names = self.constant(frozenset(wires), "names")
            self.emit(f"{keyword} {key} in {names}:", indent + 1)
            if len(accepts) == 1:
                test = f"type({item}) is not {accepts[0].__name__}"
            else:
                test = f"type({item}) not in {self.constant(accepts, 'types')}"
            self.emit(f"if {test} and {item} is not None: return False", indent + 2)
            keyword = "elif"
        for wire, member in others:
            self.emit(f"{keyword} {key} == {wire!r}:", indent + 1)
            self.check(member, item, indent + 2, stack, True)
            keyword = "elif"
