"""A managed policy's PermissionsBoundaryUsageCount (CreatePolicy, GetPolicy, ListPolicies answer it, as
recorded from AWS): the users and roles whose permissions boundary it is. moto leaves the field out."""

from __future__ import annotations

from typing import Any


def _boundary_usage_count(policy: Any) -> int:
    backend = policy.backend
    owners = [*backend.roles.values(), *backend.users.values()]
    return sum(1 for owner in owners if owner.__dict__.get("permissions_boundary_arn") == policy.arn)


def apply() -> None:
    """Give moto's managed policies the count, once."""
    from moto.iam.models import ManagedPolicy

    if not isinstance(getattr(ManagedPolicy, "permissions_boundary_usage_count", None), property):
        ManagedPolicy.permissions_boundary_usage_count = property(_boundary_usage_count)  # type: ignore[attr-defined]
