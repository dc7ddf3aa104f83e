"""The order of DynamoDB's `N validation errors detected` sentences: its validator walks each structure's
members in the iteration order of a Java HashMap keyed by the member names (bucket of the name's
`String.hashCode`, then the model's order within a bucket), not alphabetically nor as sent.

Recorded (paritysuite/dynamodb-conformance, eu-west-2 and us-east-1, 2026-10-09): UpdateItem lists
`returnConsumedCapacity; tableName; returnValues; key`, PutItem `returnValues` before `tableName`,
CreateTable `writeCapacityUnits` before `readCapacityUnits` and `attributeType` before `attributeName`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from localstack.utils.aws.request_checks import service_model

_PATH = re.compile(r"^Value (?:null |'.*?' |)at '([^']*)'", re.S)
_UNKNOWN = 1 << 30


def ordered(operation: str, sentences: list[str]) -> list[str]:
    """The sentences in DynamoDB's order; one member's sentences keep theirs, a sentence naming no
    member keeps its place in front."""
    return sorted(sentences, key=lambda sentence: _sentence_key(operation, sentence))


def _sentence_key(operation: str, sentence: str) -> tuple:
    found = _PATH.match(sentence)
    return _path_key(operation, found.group(1)) if found else ()


@lru_cache(maxsize=512)
def _path_key(operation: str, path: str) -> tuple:
    model = service_model("dynamodb")
    try:
        shape: Any = model.operation_model(operation).input_shape if model is not None else None
    except Exception:  # an operation the model does not name: alphabetical
        shape = None
    key: list[tuple] = []
    for segment in path.split("."):
        type_name = getattr(shape, "type_name", None)
        if type_name == "structure":
            slots = _member_slots(shape)
            if segment in slots:
                key.append(slots[segment])
                shape = shape.members[slots[segment][2]]
                continue
        elif type_name == "list" and segment.isdigit():
            key.append((int(segment), 0, ""))
            continue
        elif type_name in ("list", "map") and segment == "member":
            shape = shape.member if type_name == "list" else shape.value
            continue
        elif type_name == "map":
            key.append((0, 0, segment))
            continue
        key.append((_UNKNOWN, 0, segment))
        shape = None
    return tuple(key)


@lru_cache(maxsize=256)
def _member_slots(shape: Any) -> dict[str, tuple[int, int, str]]:
    """Path name -> (HashMap bucket, model position, model name) of each member of a structure."""
    names = list(shape.members)
    capacity = 16
    while len(names) > capacity * 3 // 4:
        capacity *= 2
    slots = {}
    for position, name in enumerate(names):
        java_name = name[:1].lower() + name[1:]
        slots[java_name] = (_bucket(java_name, capacity), position, name)
    return slots


def _bucket(name: str, capacity: int) -> int:
    code = 0
    for char in name:  # member names are ASCII: one UTF-16 unit each
        code = (31 * code + ord(char)) & 0xFFFFFFFF
    return (code ^ (code >> 16)) & (capacity - 1)
