"""API Gateway's rules for a REST API's resource tree (recorded against AWS), which moto lacks:
UpdateResource (moto answered 501) moves a resource (`/parentId`) or renames it (`/pathPart`), with
replace only; and no child under a greedy `{proxy+}` resource, no two variable path parts among siblings."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError

UPDATABLE = ("/parentId", "/pathPart")


def _missing_resource() -> AWSError:
    return AWSError("NotFoundException", "Invalid Resource identifier specified", 404)


def _is_variable(path_part: str) -> bool:
    return path_part.startswith("{") and path_part.endswith("}")


def check_new_child(api: Any, parent_id: str, path_part: str, resource_id: str | None = None) -> None:
    """A resource `path_part` under `parent_id` (`resource_id`: the one being moved or renamed)."""
    parent = api.resources.get(parent_id)
    if parent is None:
        raise _missing_resource()
    if parent.path_part.endswith("+}"):
        raise AWSError(
            "BadRequestException",
            f"Cannot create a child of a resource with a greedy path variable: {parent.path_part}",
        )
    siblings = [r for r in api.resources.values() if r.parent_id == parent_id and r.id != resource_id]
    if any(sibling.path_part == path_part for sibling in siblings):
        raise AWSError(
            "ConflictException",
            f"Another resource with the same parent already has this name: {path_part}",
            409,
        )
    if _is_variable(path_part):
        variable = next((s.path_part for s in siblings if _is_variable(s.path_part)), None)
        if variable is not None:
            raise AWSError(
                "BadRequestException",
                f"A sibling ({variable}) of this resource already has a variable path part "
                "-- only one is allowed",
            )


def _is_under(api: Any, resource_id: str, ancestor_id: str) -> bool:
    current = api.resources.get(resource_id)
    while current is not None:
        if current.id == ancestor_id:
            return True
        current = api.resources.get(current.parent_id) if current.parent_id else None
    return False


def update(api: Any, resource_id: str, operations: list[Any]) -> dict[str, Any]:
    """UpdateResource: every operation checked, then applied; the resource as GetResource shows it."""
    resource = api.resources.get(resource_id)
    if resource is None:
        raise _missing_resource()
    parent_id, path_part = resource.parent_id, resource.path_part
    for operation in operations:
        op, path = operation.get("op"), operation.get("path")
        if op == "replace" and path not in UPDATABLE:
            raise AWSError(
                "BadRequestException",
                f"Invalid patch path  '{path}' specified for op 'replace'. "
                f"Must be one of: [{', '.join(UPDATABLE)}]",
            )
        if op != "replace":
            raise AWSError(
                "BadRequestException",
                f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations",
            )
        value = str(operation.get("value") or "")
        if path == "/parentId":
            if value not in api.resources:
                raise _missing_resource()
            if _is_under(api, value, resource_id):
                raise AWSError("BadRequestException", "Resources cannot be cyclical.")
            parent_id = value
        else:
            path_part = value
    check_new_child(api, parent_id, path_part, resource_id)
    resource.parent_id, resource.path_part = parent_id, path_part
    return resource.to_dict()
