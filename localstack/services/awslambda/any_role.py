"""Lambda accepts any well-formed execution role ARN, as LocalStack users expect.

moto refuses CreateFunction unless the role already exists in its IAM backend; scripts written for
LocalStack pass a made-up role (`arn:aws:iam::000000000000:role/lambda-role`) and never create it.
The role ARN's format and account are still checked by moto.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_applied = False


class _AnyRoleIam:
    """Stands for moto's `iam_backends` inside its Lambda models: every role lookup succeeds."""

    def __getitem__(self, key: str) -> _AnyRoleIam:
        return self

    def get_role_by_arn(self, arn: str) -> Any:
        return None


def apply() -> None:
    """Idempotent; imports moto, so call it only once a Lambda request is being served."""
    global _applied
    if _applied:
        return
    with _lock:
        if _applied:
            return
        from moto.awslambda import models

        # The only use of this name in moto's Lambda models is the role existence check.
        models.iam_backends = _AnyRoleIam()  # type: ignore[assignment]
        _applied = True
