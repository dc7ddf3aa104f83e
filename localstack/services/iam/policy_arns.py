"""A policy named by something that is not an ARN, refused as AWS refuses it (recorded): AttachRolePolicy
and AttachUserPolicy answer InvalidInput "ARN <value> is not valid." where moto answers NoSuchEntity."""

from __future__ import annotations

import functools
from typing import Any, Callable

# Backend methods whose first argument is the policy ARN.
_ATTACHING = ("attach_role_policy", "attach_user_policy")


def _is_arn(value: str) -> bool:
    parts = value.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and bool(parts[2]) and bool(parts[5])


def _refusing_non_arns(method: Callable[..., Any]) -> Callable[..., Any]:
    from moto.iam.exceptions import InvalidInput

    @functools.wraps(method)
    def attach(self: Any, policy_arn: str, *args: Any, **kwargs: Any) -> Any:
        if not _is_arn(policy_arn):
            raise InvalidInput(f"ARN {policy_arn} is not valid.")
        return method(self, policy_arn, *args, **kwargs)

    attach._ls_arn_checked = True  # type: ignore[attr-defined]
    return attach


def apply() -> None:
    """Wrap the attaching methods once."""
    from moto.iam.models import IAMBackend

    for name in _ATTACHING:
        method = getattr(IAMBackend, name)
        if not getattr(method, "_ls_arn_checked", False):
            setattr(IAMBackend, name, _refusing_non_arns(method))
