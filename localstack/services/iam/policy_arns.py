"""A policy named by something that is not an ARN, refused as AWS refuses it (recorded): "ARN <value> is not
valid." (400), where moto answers NoSuchEntity. AttachRolePolicy answers it as ValidationError (recorded
2026), AttachUserPolicy as InvalidInput (recorded 2023, no later recording found)."""

from __future__ import annotations

import functools
from typing import Any, Callable

# Backend methods whose first argument is the policy ARN, and the error code of their refusal.
_ATTACHING = {"attach_role_policy": "ValidationError", "attach_user_policy": "InvalidInput"}


def _is_arn(value: str) -> bool:
    parts = value.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and bool(parts[2]) and bool(parts[5])


def _refusing_non_arns(method: Callable[..., Any], code: str) -> Callable[..., Any]:
    from moto.iam.exceptions import InvalidInput, ValidationError

    refusal = ValidationError if code == "ValidationError" else InvalidInput

    @functools.wraps(method)
    def attach(self: Any, policy_arn: str, *args: Any, **kwargs: Any) -> Any:
        if not _is_arn(policy_arn):
            raise refusal(f"ARN {policy_arn} is not valid.")
        return method(self, policy_arn, *args, **kwargs)

    attach._ls_arn_checked = True  # type: ignore[attr-defined]
    return attach


def apply() -> None:
    """Wrap the attaching methods once."""
    from moto.iam.models import IAMBackend

    for name, code in _ATTACHING.items():
        method = getattr(IAMBackend, name)
        if not getattr(method, "_ls_arn_checked", False):
            setattr(IAMBackend, name, _refusing_non_arns(method, code))
