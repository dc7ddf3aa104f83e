"""A query or EC2 protocol request's flattened parameters (`Tags.member.1.Key`, `Attributes.entry.1.key`,
`Filter.1.Value.1`) read back into the tree of members a JSON request sends, keyed as the JSON check
tree (shapes.py) keys them, with scalars as their model types: one reader per operation, compiled once.

The flattening is botocore's serializer's, reversed: a list is `Name.member.N` (the member's
locationName for `member`), or `Name.N` when flattened (the member's locationName for `Name`) and always
on EC2; a map is `Name.entry.N.key` / `.value` (`Name.N.key` when flattened; key and value names from
their locationNames); EC2 names members by queryName or by locationName capitalized. Parameters the
model does not know (Action, Version, signatures) are left out."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.request_checks.shapes import reads_as_timestamp

# Java's Integer and Long: a number past them does not read as the member's type.
_INT_BOUNDS = {"integer": 2**31, "long": 2**63}
ABSENT = object()


class MalformedValue(Exception):
    """A number, boolean or timestamp parameter that does not read as one."""

    def __init__(self, key: str, value: str, type_name: str) -> None:
        super().__init__(key)
        self.key, self.value, self.type_name = key, value, type_name


# A path of flattened segments, built as (parent, segment) and joined only for an error.
Where = Any


def _joined(where: Where) -> str:
    parts = []
    while where is not None:
        where, segment = where
        parts.append(segment)
    return ".".join(reversed(parts))


class Reader:
    __slots__ = ()

    def read(self, node: dict, where: Where) -> Any:
        raise NotImplementedError


class ScalarReader(Reader):
    __slots__ = ("type_name",)

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def read(self, node: dict, where: Where) -> Any:
        value = node.get(None)
        if value is None:
            return ABSENT  # a scalar sent as a structure (`Name.x=1`): the backend's to judge
        return self.convert(value, where)

    def convert(self, value: str, where: Where) -> Any:
        type_name = self.type_name
        if type_name == "string" or type_name == "blob":
            return value
        if type_name == "timestamp":
            if not reads_as_timestamp(value):
                raise MalformedValue(_joined(where), value, type_name)
            return value
        try:
            if type_name in ("integer", "long"):
                number = int(value)
                if not -_INT_BOUNDS[type_name] <= number < _INT_BOUNDS[type_name]:
                    raise ValueError(value)
                return number
            if type_name in ("double", "float"):
                return float(value)
        except ValueError:
            raise MalformedValue(_joined(where), value, type_name) from None
        if type_name == "boolean" and value in ("true", "false"):
            return value == "true"
        if type_name == "boolean":
            raise MalformedValue(_joined(where), value, type_name)
        return value


class StructureReader(Reader):
    __slots__ = ("members",)

    def __init__(self) -> None:
        # flattened name -> (the JSON tree's key, reader); filled after construction (recursive shapes)
        self.members: dict[str, tuple[str, Reader]] = {}

    def read(self, node: dict, where: Where) -> Any:
        if len(node) == 1 and None in node:
            return ABSENT  # `Name=x` where a structure belongs: the backend's to judge
        result = {}
        members = self.members
        for segment, child in node.items():
            entry = members.get(segment)
            if entry is not None:
                value = entry[1].read(child, (where, segment))
                if value is not ABSENT:
                    result[entry[0]] = value
        return result


def _items(node: dict, where: Where) -> list[tuple[Where, dict]]:
    """The numbered children of a node, in their numbers' order."""
    numbered = [(int(segment), child) for segment, child in node.items() if segment and segment.isdigit()]
    numbered.sort(key=lambda pair: pair[0])
    return [((where, str(number)), child) for number, child in numbered]


class ListReader(Reader):
    __slots__ = ("member_name", "member")

    def __init__(self, member_name: str | None, member: Reader) -> None:
        self.member_name = member_name  # None: the numbers follow the list's own name
        self.member = member

    def read(self, node: dict, where: Where) -> Any:
        if self.member_name is not None:
            inner = node.get(self.member_name)
            if inner is None:
                return [] if node.get(None) == "" else ABSENT  # `Tags=`: an empty list
            node, where = inner, (where, self.member_name)
        elif len(node) == 1 and node.get(None) == "":
            return []
        items = _items(node, where)
        if not items:
            return ABSENT
        result = []
        for item_where, child in items:
            value = self.member.read(child, item_where)
            result.append(None if value is ABSENT else value)
        return result


class MapReader(Reader):
    __slots__ = ("entry", "key_name", "value_name", "key", "value")

    def __init__(self, entry: str | None, key_name: str, value_name: str, key: Reader, value: Reader) -> None:
        self.entry, self.key_name, self.value_name = entry, key_name, value_name
        self.key, self.value = key, value

    def read(self, node: dict, where: Where) -> Any:
        if self.entry is not None:
            inner = node.get(self.entry)
            if inner is None:
                return {} if node.get(None) == "" else ABSENT
            node, where = inner, (where, self.entry)
        result = {}
        for item_where, child in _items(node, where):
            key = child.get(self.key_name, {}).get(None)
            if key is None:
                continue  # an entry without a key cannot be placed: the backend's to judge
            sent = child.get(self.value_name)
            value = self.value.read(sent, (item_where, self.value_name)) if sent is not None else None
            result[key] = None if value is ABSENT else value
        return result


def parse_tree(params: dict[str, str]) -> dict:
    """`{"Tags.member.1.Key": "k"}` as `{"Tags": {"member": {"1": {"Key": {None: "k"}}}}}`."""
    root: dict = {}
    for key, value in params.items():
        if "." not in key:
            root.setdefault(key, {})[None] = value
            continue
        node = root
        for segment in key.split("."):
            node = node.setdefault(segment, {})
        node[None] = value
    return root


def read_params(reader: StructureReader, params: dict[str, str]) -> dict:
    """The request's members as the JSON tree (raises MalformedValue). Top-level scalars, most of
    most requests, are read directly; only dotted keys are nested first."""
    result: dict[str, Any] = {}
    nested: dict[str, str] | None = None
    members = reader.members
    for key, value in params.items():
        if "." in key:
            if nested is None:
                nested = {}
            nested[key] = value
            continue
        entry = members.get(key)
        if entry is None:
            continue
        member = entry[1]
        if type(member) is ScalarReader:
            result[entry[0]] = member.convert(value, (None, key))
        elif value == "" and type(member) is ListReader:
            result[entry[0]] = []  # `Tags=`: an empty list
        elif value == "" and type(member) is MapReader:
            result[entry[0]] = {}
    if nested is not None:
        for segment, child in parse_tree(nested).items():
            entry = members.get(segment)
            if entry is not None:
                value = entry[1].read(child, (None, segment))
                if value is not ABSENT:
                    result[entry[0]] = value
    return result


def compile_reader(shape: Any, ec2: bool) -> StructureReader:
    return _ReaderCompiler(ec2).compile(shape)  # type: ignore[return-value]


class _ReaderCompiler:
    def __init__(self, ec2: bool) -> None:
        self.ec2 = ec2
        self.done: dict[str, Reader] = {}

    def name(self, shape: Any, default: str) -> str:
        serialization = shape.serialization
        if not self.ec2:
            return serialization.get("name", default)
        if "queryName" in serialization:
            return serialization["queryName"]
        if "name" in serialization:
            name = serialization["name"]
            return name[:1].upper() + name[1:]
        return default

    def compile(self, shape: Any) -> Reader:
        done = self.done.get(shape.name)
        if done is not None:
            return done
        type_name = shape.type_name
        if type_name == "structure":
            reader = StructureReader()
            self.done[shape.name] = reader
            for name, member in shape.members.items():
                if member.serialization.get("location"):
                    continue
                tree_key = member.serialization.get("name", name)
                compiled = (tree_key, self.compile(member))
                reader.members[self.name(member, name)] = compiled
                if (
                    not self.ec2
                    and member.type_name == "list"
                    and member.serialization.get("flattened")
                    and member.member.serialization.get("name")
                ):
                    # A flattened list whose members are named: `MemberName.N` stands for the list.
                    reader.members.setdefault(member.member.serialization["name"], compiled)
            return reader
        if type_name == "list":
            flattened = self.ec2 or shape.serialization.get("flattened")
            member_name = None if flattened else shape.member.serialization.get("name", "member")
            list_reader = ListReader(member_name, ScalarReader("string"))
            self.done[shape.name] = list_reader
            list_reader.member = self.compile(shape.member)
            return list_reader
        if type_name == "map":
            entry = None if shape.serialization.get("flattened") else "entry"
            map_reader = MapReader(
                entry,
                self.name_plain(shape.key, "key"),
                self.name_plain(shape.value, "value"),
                ScalarReader("string"),
                ScalarReader("string"),
            )
            self.done[shape.name] = map_reader
            map_reader.key = self.compile(shape.key)
            map_reader.value = self.compile(shape.value)
            return map_reader
        reader_scalar = ScalarReader(type_name)
        self.done[shape.name] = reader_scalar
        return reader_scalar

    def name_plain(self, shape: Any, default: str) -> str:
        # botocore's query serializer names a map's key and value by their locationName as given.
        return shape.serialization.get("name", default)
