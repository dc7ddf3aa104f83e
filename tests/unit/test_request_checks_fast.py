"""The generated fast check (request_checks/fast.py) agrees with the check tree it is compiled from:
on bodies built from every operation's model and on those bodies with one value broken, it passes
exactly the bodies in which the tree's walk finds nothing wrong."""

from __future__ import annotations

import random
from typing import Any

import pytest

from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.request_checks import compiled_input, service_model
from localstack.utils.aws.request_checks.fast import compile_fast
from localstack.utils.aws.request_checks.models import operation_names
from localstack.utils.aws.request_checks.shapes import (
    AnyNode,
    ListNode,
    MapNode,
    Node,
    ScalarNode,
    StructureNode,
)

SERVICES = ["dynamodb", "kinesis", "kms", "logs", "events", "stepfunctions", "secretsmanager", "ssm", "sqs"]
# Values a broken body carries in place of one of its values.
WRONG = [None, 0, -1, 2**40, 1.5, True, "", "x", "x" * 3000, "not base64!", [], [None], {}, {"a": None}]


def tree_passes(node: Node, body: Any) -> bool:
    sentences: list[str] = []
    try:
        node.check(body, None, sentences, False)
    except (AWSError, RecursionError):
        return False
    return not sentences


def sample(node: Node, rng: random.Random, depth: int = 0) -> Any:
    """A body of the node's shape, mostly within its constraints."""
    if isinstance(node, ScalarNode):
        meta = node.metadata
        if node.type_name == "boolean":
            return rng.random() < 0.5
        if node.type_name in ("integer", "long", "double", "float"):
            return meta.get("min", 0) if rng.random() < 0.5 else meta.get("max", 7)
        if node.is_timestamp:
            return rng.choice([1700000000, "2024-01-01T00:00:00Z"])
        if node.is_blob:
            return "aGVsbG8="
        if meta.get("enum"):
            return rng.choice(meta["enum"])
        return "a" * max(meta.get("min", 0), min(meta.get("max", 5), 5))
    if depth > 5 or isinstance(node, AnyNode):
        return {}
    if isinstance(node, StructureNode):
        return {
            wire: sample(member, rng, depth + 1)
            for wire, _, member in node.members
            if (wire, _) in node.required or rng.random() < 0.5
        }
    if isinstance(node, ListNode):
        return [sample(node.member, rng, depth + 1) for _ in range(rng.randint(1, 2))]
    if isinstance(node, MapNode):
        return {f"k{index}": sample(node.value, rng, depth + 1) for index in range(rng.randint(1, 2))}
    return None


def containers(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of a body, the places one value can be broken at."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found += containers(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found += containers(item)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_fast_check_passes_what_the_tree_passes(service: str) -> None:
    rng = random.Random(service)
    model = service_model(service)
    compared = refused = 0
    for operation in sorted(operation_names(model)):
        node = compiled_input(service, operation)
        if node is None:
            continue
        fast = compile_fast(node)
        assert fast is not None, operation
        for _ in range(4):
            body = sample(node, rng)
            assert fast(body) == tree_passes(node, body), (operation, body)
            places = containers(body)
            for _ in range(4):
                if not places:
                    break
                container, key = rng.choice(places)
                kept = container[key]
                container[key] = rng.choice(WRONG)
                expected = tree_passes(node, body)
                refused += not expected
                assert fast(body) == expected, (operation, body)
                compared += 1
                container[key] = kept
    assert compared > 100 and refused > 10


def test_fast_check_refuses_nesting_beyond_the_recursion_limit_without_crashing() -> None:
    node = compiled_input("dynamodb", "PutItem")
    fast = compile_fast(node)
    value: dict = {"S": "x"}
    for _ in range(5000):
        value = {"L": [value]}
    with pytest.raises(RecursionError):
        fast({"TableName": "t", "Item": {"a": value}})
