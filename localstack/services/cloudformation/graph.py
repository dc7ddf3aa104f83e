"""The dependency graph of a template's resources (Ref, GetAtt, Sub, DependsOn): creation order,
unresolved names and cycles refused with CloudFormation's messages."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation import intrinsics
from localstack.utils.aws.errors import AWSError


def depends_on(resource: dict[str, Any]) -> list[str]:
    value = resource.get("DependsOn")
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]


def dependencies(
    resources: dict[str, dict[str, Any]], parameters: set[str], all_resources: set[str] | None = None
) -> dict[str, set[str]]:
    """Resource -> the resources it needs first. Names that are neither resources, parameters nor
    pseudo parameters are refused as AWS refuses them."""
    known = all_resources if all_resources is not None else set(resources)
    graph: dict[str, set[str]] = {}
    unresolved: list[str] = []
    for name, resource in resources.items():
        refs = intrinsics.references(
            {key: value for key, value in resource.items() if key in ("Properties", "Metadata")}
        )
        needed = set()
        for ref in refs:
            if ref.startswith("AWS::") or ref in parameters:
                continue
            if ref not in known:
                unresolved.append(ref)
            elif ref in resources:
                needed.add(ref)
        for ref in depends_on(resource):
            if ref not in known:
                raise AWSError(
                    "ValidationError",
                    f"Template format error: Unresolved resource dependencies [{ref}] in the "
                    "Resources block of the template",
                )
            if ref in resources:
                needed.add(ref)
        graph[name] = needed
    if unresolved:
        names = ", ".join(sorted(set(unresolved)))
        raise AWSError(
            "ValidationError",
            f"Template format error: Unresolved resource dependencies [{names}] in the Resources "
            "block of the template",
        )
    return graph


def check_output_references(outputs: dict[str, Any], known: set[str], parameters: set[str]) -> None:
    unresolved = sorted(
        ref
        for ref in intrinsics.references(outputs)
        if not ref.startswith("AWS::") and ref not in known and ref not in parameters
    )
    if unresolved:
        raise AWSError(
            "ValidationError",
            f"Template format error: Unresolved resource dependencies [{', '.join(unresolved)}] in "
            "the Outputs block of the template",
        )


def levels(graph: dict[str, set[str]]) -> list[list[str]]:
    """Resources in creation order, grouped: each group needs only earlier groups. A cycle is refused."""
    remaining = {name: set(needed) for name, needed in graph.items()}
    order: list[list[str]] = []
    while remaining:
        ready = sorted(name for name, needed in remaining.items() if not needed)
        if not ready:
            raise AWSError(
                "ValidationError",
                f"Circular dependency between resources: [{', '.join(_cycle_members(remaining))}]",
            )
        order.append(ready)
        for name in ready:
            del remaining[name]
        for needed in remaining.values():
            needed.difference_update(ready)
    return order


def _cycle_members(remaining: dict[str, set[str]]) -> list[str]:
    """The resources that are part of a cycle or wait on one, as AWS lists them."""
    return sorted(remaining)


def creation_order(graph: dict[str, set[str]]) -> list[str]:
    return [name for level in levels(graph) for name in level]
