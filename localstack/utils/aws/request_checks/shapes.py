"""An operation's input shape compiled once into a tree of checks: the JSON types AWS's deserializer
accepts (a wrong one is a SerializationException with AWS's sentence) and the model's constraints
(required, enum, pattern, length, range, list and map sizes), which become the sentences of
`N validation error(s) detected: ...` in AWS's wording."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import SerializationError
from localstack.utils.aws.request_checks.constraints import (
    check_base64,
    decoded_length,
    map_entry_sentences,
    quick_test,
    scalar_rules,
    size_rules,
)

# What AWS's JSON deserializer calls a JSON value it cannot convert.
_TOKEN_NAMES = {bool: "", int: "NUMBER_VALUE", float: "DECIMAL_VALUE", str: "STRING_VALUE"}
_JAVA_SCALARS = {
    "string": "java.lang.String",
    "boolean": "java.lang.Boolean",
    "integer": "java.lang.Integer",
    "long": "java.lang.Long",
    "double": "java.lang.Double",
    "float": "java.lang.Float",
    "timestamp": "java.util.Date",
    "blob": "java.nio.ByteBuffer",
}
_NOT_EXPECTED_MAP = "Start of structure or map found where not expected"
_CAST_COLLECTION = (
    "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
    "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class "
    "are in module java.base of loader 'bootstrap')"
)

Errors = list


_CONSTRAINT = "failed to satisfy constraint"
# Structures a null list member or map value of is left to the service (DynamoDB answers a null
# attribute value with "Supplied AttributeValue is empty, ..."); any other null structure, list or map
# member is `Value null at 'path.member' ...: Member must not be null`, never a backend's crash.
_NULLABLE_MEMBERS = frozenset(("AttributeValue",))


# Where a value sits, built cheaply while walking and spelled only for an error: (parent, segment),
# a segment being a member name, a list index (int) or a map key (1-tuple); None is the body itself.
Path = Any


def spell(path: Path) -> str:
    """A path as AWS writes it: `keySchema.1.member.keyType`, `requestItems.t.member.keys`."""
    parts = []
    while path is not None:
        path, segment = path
        if type(segment) is int:
            parts.append(f"{segment}.member")
        elif type(segment) is tuple:
            parts.append(f"{segment[0]}.member")
        else:
            parts.append(segment)
    return ".".join(reversed(parts))


def failed(rendered: str | None, path: Path, sentence: str) -> str:
    """One sentence of a validation message; a sensitive member's value (None) is not quoted."""
    if rendered is None:
        return f"Value at '{spell(path)}' {_CONSTRAINT}: {sentence}"
    return f"Value '{rendered}' at '{spell(path)}' {_CONSTRAINT}: {sentence}"


def token_name(value: Any) -> str:
    if value is True:
        return "TRUE_VALUE"
    if value is False:
        return "FALSE_VALUE"
    return _TOKEN_NAMES.get(type(value), "VALUE")


def lower_first(name: str) -> str:
    """The member name as AWS's validation messages spell it (`TableName` -> `tableName`)."""
    return name[:1].lower() + name[1:]


class Node:
    """The check of one shape. `check` raises SerializationError for a wrong JSON type and appends
    constraint sentences (`Value '...' at 'path' failed to satisfy constraint: ...`) to `errors`."""

    __slots__ = ("name", "type_name", "java_name")

    def __init__(self, name: str, type_name: str, java_name: str) -> None:
        self.name = name
        self.type_name = type_name
        self.java_name = java_name

    def check(self, value: Any, path: Path, errors: Errors, as_value: bool) -> None:
        raise NotImplementedError

    def render(self, value: Any) -> str:
        """The value as AWS's Java stack prints it inside `Value '...'`."""
        if value is None:
            return "null"
        if value is True or value is False:
            return "true" if value else "false"
        return str(value)

    def is_collection(self) -> bool:
        return False


def reads_as_timestamp(value: str) -> bool:
    """ISO 8601 (as SDKs send it) or any form botocore itself reads, within years 1 to 9999."""
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True
    except ValueError:
        pass
    from botocore.utils import parse_timestamp

    try:
        parse_timestamp(value)
        return True
    except (ValueError, OverflowError, OSError, TypeError, RuntimeError):  # RuntimeError: no timezone
        return False


# Epoch seconds of 0001-01-01 and 9999-12-31T23:59:59, the dates a timestamp can hold.
_EPOCH_RANGE = (-62135596800, 253402300799)


def _is_timestamp(value: Any) -> bool:
    if isinstance(value, str):
        return reads_as_timestamp(value)
    return _EPOCH_RANGE[0] <= value <= _EPOCH_RANGE[1]


class ScalarNode(Node):
    """Strings, numbers, booleans, timestamps and blobs, with their constraints."""

    __slots__ = ("accepts", "rules", "convert_name", "is_blob", "is_timestamp", "ok", "metadata")

    def __init__(self, shape: Any, java_name: str, enum_order: tuple[str, ...] | None = None) -> None:
        super().__init__(shape.name, shape.type_name, java_name)
        self.convert_name = java_name.rsplit(".", 1)[1]
        type_name = shape.type_name
        if type_name in ("string", "blob"):
            self.accepts: tuple[type, ...] = (str,)
        elif type_name == "boolean":
            self.accepts = (bool,)
        elif type_name == "timestamp":
            self.accepts = (int, float, str)
        else:
            self.accepts = (int, float)
        self.rules = scalar_rules(shape, enum_order)
        # The constraints as numbers and sets, for the compiled fast path (fast.py) to inline.
        self.metadata = shape.metadata
        self.is_blob = type_name == "blob"
        self.is_timestamp = type_name == "timestamp"
        # One cheap test of every constraint; the sentences are made only when it fails.
        self.ok = quick_test(shape) if self.rules else None

    def check(self, value: Any, path: Path, errors: Errors, as_value: bool) -> None:
        if type(value) not in self.accepts:
            self._wrong_type(value)
        if self.is_timestamp and not _is_timestamp(value):
            # A date the service cannot read (a word, or past the years 1 to 9999) fails to deserialize.
            raise SerializationError(f"{token_name(value)} cannot be converted to {self.convert_name}")
        if self.is_blob:
            check_base64(value)
        if self.ok is None or self.ok(value):
            return
        for rule in self.rules:
            sentence = rule(value)
            if sentence is not None:
                # AWS leaves out the value of a member its model marks sensitive (KMS's Plaintext, recorded).
                shown = None if self.metadata.get("sensitive") else self.render(value)
                errors.append(failed(shown, path, sentence))

    def failures(self, value: Any) -> list[str]:
        """The constraint sentences a value breaks (for map keys and list members)."""
        if self.ok is None or self.ok(value):
            return []
        return [sentence for rule in self.rules if (sentence := rule(value)) is not None]

    def _wrong_type(self, value: Any) -> None:
        if isinstance(value, dict):
            raise SerializationError(_NOT_EXPECTED_MAP)
        if isinstance(value, list):
            raise SerializationError(f"Unrecognized collection type class {self.java_name}")
        if self.type_name == "blob":
            raise SerializationError("only base-64-encoded strings are convertible to bytes")
        if self.type_name == "boolean" and isinstance(value, str):
            raise SerializationError("Unexpected token received from parser")
        raise SerializationError(f"{token_name(value)} cannot be converted to {self.convert_name}")

    def render(self, value: Any) -> str:
        if self.type_name == "blob" and isinstance(value, str):
            size = decoded_length(value)
            return f"java.nio.HeapByteBuffer[pos=0 lim={size} cap={size}]"
        return super().render(value)


class ListNode(Node):
    __slots__ = ("member", "rules", "plain", "refuse_null", "metadata")

    def __init__(self, shape: Any, java_name: str, member: Node) -> None:
        super().__init__(shape.name, "list", java_name)
        self.member = member
        self.rules = size_rules(shape)
        self.metadata = shape.metadata
        self.plain = _plain(member)
        self.refuse_null = False

    def is_collection(self) -> bool:
        return True

    def check(self, value: Any, path: Path, errors: Errors, as_value: bool) -> None:
        if type(value) is not list:
            if isinstance(value, dict):
                raise SerializationError(_NOT_EXPECTED_MAP)
            if self.member.is_collection():
                raise SerializationError(_CAST_COLLECTION)
            raise SerializationError("Unexpected field type")
        member = self.member
        plain = self.plain
        if plain is not None:
            for item in value:
                if type(item) not in plain and item is not None:
                    member.check(item, path, _DISCARD, True)  # raises the type's error
        elif isinstance(member, ScalarNode):
            broken: list[str] = []
            for item in value:
                if item is None:
                    continue
                member.check(item, path, _DISCARD, True)
                if member.rules and not broken:
                    broken = member.failures(item)
            if broken:
                errors.append(
                    failed(self.render(value), path, f"Member must satisfy constraint: [{', '.join(broken)}]")
                )
        else:
            for index, item in enumerate(value, 1):
                if item is not None:
                    member.check(item, (path, index), errors, True)
                elif self.refuse_null:
                    errors.append(_null_member((path, index)))
        for rule in self.rules:
            sentence = rule(value)
            if sentence is not None:
                errors.append(failed(self.render(value), path, sentence))

    def render(self, value: Any) -> str:
        if not isinstance(value, list):
            return super().render(value)
        return "[" + ", ".join(self.member.render(item) for item in value) + "]"


class MapNode(Node):
    __slots__ = (
        "key",
        "value",
        "rules",
        "refuse_null",
        "metadata",
        "value_sizes",
        "value_sentence",
        "key_sentence",
    )

    def __init__(self, shape: Any, java_name: str, key: ScalarNode, value: Node) -> None:
        super().__init__(shape.name, "map", java_name)
        self.key = key
        self.value = value
        self.rules = size_rules(shape)
        self.metadata = shape.metadata
        self.refuse_null = False
        # (min, max) of list values, checked here: AWS names a list value of the wrong size at the
        # map, with all of the list's size rules (`Map value must satisfy constraint: [...]`).
        self.value_sizes: tuple[float, float] | None = None
        self.value_sentence = ""
        # All of a key's rules, named when it breaks any (map_entry_sentences); "" names the broken ones.
        self.key_sentence = ""

    def is_collection(self) -> bool:
        return True

    def check(self, value: Any, path: Path, errors: Errors, as_value: bool) -> None:
        if type(value) is not dict:
            if isinstance(value, list):
                raise SerializationError(f"Unrecognized collection type {self.java_name}")
            if self.value.is_collection():
                raise SerializationError(_CAST_COLLECTION)
            raise SerializationError("Unexpected field type")
        key_node, value_node = self.key, self.value
        bad_keys: list[str] = []
        bad_values: list[str] = []
        key_ok = key_node.ok
        if key_ok is not None:
            for key in value:
                if not key_ok(key):
                    bad_keys = key_node.failures(key)
                    if bad_keys and self.key_sentence:
                        bad_keys = [self.key_sentence]
                    break
        if isinstance(value_node, ScalarNode):
            for item in value.values():
                if item is not None:
                    value_node.check(item, path, _DISCARD, True)
                    if not bad_values and value_node.rules:
                        bad_values = value_node.failures(item)
                        if bad_values and self.value_sentence:
                            bad_values = [self.value_sentence]
        elif isinstance(value_node, StructureNode):
            # Item maps of attribute values are most of a DynamoDB body: the structure's loop inline.
            by_wire, required = value_node.by_wire, value_node.required
            for key, item in value.items():
                if type(item) is not dict:
                    if item is not None:
                        value_node.check(item, (path, (key,)), errors, True)
                    elif self.refuse_null:
                        errors.append(_null_member((path, (key,))))
                    continue
                for wire_name, sub in item.items():
                    entry = by_wire.get(wire_name)
                    if entry is not None and sub is not None:
                        plain = entry[2]
                        if plain is None or type(sub) not in plain:
                            entry[1].check(sub, ((path, (key,)), entry[0]), errors, False)
                if required:
                    value_node.check_required(item, (path, (key,)), errors)
        else:
            check = value_node.check
            for key, item in value.items():
                if item is not None:
                    check(item, (path, (key,)), errors, True)
                elif self.refuse_null:
                    errors.append(_null_member((path, (key,))))
        if self.value_sizes is not None:
            low, high = self.value_sizes
            if any(type(item) is list and not low <= len(item) <= high for item in value.values()):
                bad_values = bad_values or [self.value_sentence]
        for sentence, broken in (("Map keys must satisfy", bad_keys), ("Map value must satisfy", bad_values)):
            if broken:
                errors.append(
                    failed(self.render(value), path, f"{sentence} constraint: [{', '.join(broken)}]")
                )
        for rule in self.rules:
            sentence = rule(value)
            if sentence is not None:
                errors.append(failed(self.render(value), path, sentence))

    def render(self, value: Any) -> str:
        if not isinstance(value, dict):
            return super().render(value)
        return "{" + ", ".join(f"{key}={self.value.render(item)}" for key, item in value.items()) + "}"


class StructureNode(Node):
    __slots__ = ("members", "by_wire", "required", "unsent")

    def __init__(self, shape: Any, java_name: str) -> None:
        super().__init__(shape.name, "structure", java_name)
        # (wire name, path name, node): filled in after construction, so recursive shapes resolve.
        self.members: list[tuple[str, str, Node]] = []
        # wire name -> (path name, node, the JSON types that need no further check, if any)
        self.by_wire: dict[str, tuple[str, Node, tuple[type, ...] | None]] = {}
        self.required: tuple[tuple[str, str], ...] = ()
        # Members of AWS's own model that botocore's lacks: no client sends them, AWS prints them null.
        self.unsent: tuple[str, ...] = ()

    def check(self, value: Any, path: Path, errors: Errors, as_value: bool) -> None:
        if type(value) is not dict:
            if isinstance(value, list):
                raise SerializationError(f"Unrecognized collection type class {self.java_name}")
            message = "Unexpected value type in payload" if as_value else "Unexpected field type"
            raise SerializationError(message)
        by_wire = self.by_wire
        # Walk what was sent (an AttributeValue sends 1 of its 10 members), then what is missing.
        for wire_name, item in value.items():
            entry = by_wire.get(wire_name)
            if entry is not None and item is not None:
                plain = entry[2]
                if plain is None or type(item) not in plain:
                    entry[1].check(item, (path, entry[0]), errors, False)
        if self.required:
            self.check_required(value, path, errors)

    def check_required(self, value: dict, path: Path, errors: Errors) -> None:
        for wire_name, path_name in self.required:
            if value.get(wire_name) is None:
                where = spell((path, path_name))
                errors.append(f"Value null at '{where}' {_CONSTRAINT}: Member must not be null")

    def render(self, value: Any) -> str:
        if not isinstance(value, dict):
            return super().render(value)
        fields = [f"{name}={node.render(value.get(wire))}" for wire, name, node in self.members]
        fields += [f"{name}=null" for name in self.unsent]
        return f"{self.name}({', '.join(fields)})"


class AnyNode(Node):
    """A free-form document: any JSON is accepted."""

    __slots__ = ()

    def check(self, value: Any, path: Path, errors: Errors, as_value: bool) -> None:
        return None


def _null_member(path: Path) -> str:
    return f"Value null at '{spell(path)}' {_CONSTRAINT}: Member must not be null"


class _Discard(list):
    """An error list that keeps nothing: scalar members of lists and maps are reported as a whole."""

    def append(self, item: Any) -> None:
        pass


_DISCARD = _Discard()


def compile_shape(
    shape: Any,
    namespace: str,
    members_located: bool = False,
    constraints: bool = True,
    unchecked: frozenset[str] = frozenset(),
    required: dict[str, frozenset[str]] | None = None,
    enum_orders: dict[str, tuple[str, ...]] | None = None,
    unsent: dict[str, tuple[str, ...]] | None = None,
) -> Node:
    """The check tree of an input shape. `members_located`: keep members bound to the URI, query
    or headers (rest protocols check those separately); JSON bodies never carry them. `unchecked`:
    scalar shapes whose constraints the service checks in its own words (their types still are, but
    such a boolean also takes a string, which the service reads itself).
    `required`: members (by structure shape name) the service requires though its model does not.
    `enum_orders`: enum values (by shape name) in the order the service's sentence lists them."""
    compiler = _Compiler(namespace, constraints, unchecked, required or {})
    compiler.enum_orders = enum_orders or {}
    compiler.unsent = unsent or {}
    return compiler.compile(shape, top=not members_located)


class _Compiler:
    def __init__(
        self,
        namespace: str,
        constraints: bool,
        unchecked: frozenset[str] = frozenset(),
        required: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.namespace = namespace
        self.constraints = constraints
        self.unchecked = unchecked
        self.required = required or {}
        self.enum_orders: dict[str, tuple[str, ...]] = {}
        self.unsent: dict[str, tuple[str, ...]] = {}
        self.done: dict[str, Node] = {}

    def compile(self, shape: Any, top: bool = False) -> Node:
        if shape.name in self.done:
            return self.done[shape.name]
        type_name = shape.type_name
        if shape.metadata.get("document"):
            node: Node = AnyNode(shape.name, "document", "java.lang.Object")
            self.done[shape.name] = node
            return node
        if type_name == "structure":
            node = StructureNode(shape, f"{self.namespace}.{shape.name}")
            self.done[shape.name] = node
            members = []
            for name, member in shape.members.items():
                if top and member.serialization.get("location"):
                    continue
                wire = member.serialization.get("name", name)
                members.append((wire, lower_first(name), self.compile(member)))
            node.members = members
            node.unsent = self.unsent.get(shape.name, ())
            node.by_wire = {wire: (path_name, member, _plain(member)) for wire, path_name, member in members}
            also = self.required.get(shape.name, frozenset())
            node.required = tuple(
                (wire, path_name)
                for wire, path_name, _ in members
                if (name := _member_name(shape, wire)) in shape.required_members
                and not shape.members[name].metadata.get("idempotencyToken")
                or wire in also
            )
            return node
        if type_name == "list":
            member = self.compile(shape.member)
            node = ListNode(shape, f"java.util.List<{member.java_name}>", member)
            node.refuse_null = self._refuses_null(member)
        elif type_name == "map":
            key = self.compile(shape.key)
            value = self.compile(shape.value)
            assert isinstance(key, ScalarNode)
            node = MapNode(shape, f"java.util.Map<java.lang.String, {value.java_name}>", key, value)
            node.refuse_null = self._refuses_null(value)
            if isinstance(value, ListNode) and value.rules and self.constraints:
                meta = value.metadata
                node.value_sizes = (meta.get("min", 0), meta.get("max", 2**63))
                node.value_sentence = ", ".join(
                    [f"Member must have length less than or equal to {meta['max']}"] * ("max" in meta)
                    + [f"Member must have length greater than or equal to {meta['min']}"] * ("min" in meta)
                )
                node.value = _without_sizes(value)
            elif isinstance(value, ScalarNode) and value.rules and self.constraints:
                node.value_sentence = ", ".join(map_entry_sentences(shape.value))
            if key.rules and self.constraints:
                node.key_sentence = ", ".join(map_entry_sentences(shape.key))
        else:
            java_name = _JAVA_SCALARS.get(type_name, "java.lang.String")
            node = ScalarNode(shape, java_name, self.enum_orders.get(shape.name))
            if not self.constraints or shape.name in self.unchecked:
                node.ok = None
                node.rules = []
            if type_name == "boolean" and shape.name in self.unchecked:
                # The service reads a string given for this boolean itself (DynamoDB's `NULL: "no"`).
                node.accepts = (bool, str)
        if not self.constraints:
            node.rules = []
        self.done[shape.name] = node
        return node

    def _refuses_null(self, member: Node) -> bool:
        return (
            self.constraints
            and not isinstance(member, (ScalarNode, AnyNode))
            and (member.name not in _NULLABLE_MEMBERS)
        )


def _without_sizes(node: ListNode) -> ListNode:
    """The list's check without its size rules (its map checks them)."""
    copy = ListNode.__new__(ListNode)
    for slot in ("name", "type_name", "java_name", "member", "plain", "refuse_null", "metadata"):
        setattr(copy, slot, getattr(node, slot))
    copy.rules = []
    return copy


def _plain(node: Node) -> tuple[type, ...] | None:
    """The accepted JSON types of a scalar without constraints: a type test is its whole check."""
    if isinstance(node, ScalarNode) and node.ok is None and not node.is_blob and not node.is_timestamp:
        return node.accepts
    return None


def _member_name(shape: Any, wire: str) -> str:
    for name, member in shape.members.items():
        if member.serialization.get("name", name) == wire:
            return name
    return wire
