"""moto's per-request access key lookups, answered without running moto's IAM until IAM is used.

`lazy_imports` defers `moto.iam.models` and serves these two in place of its functions of the same
names while it has not run. Access keys exist only in its backends (CreateAccessKey, AssumeRole and
the like run it first), so before it runs the real functions would find no key: the account is
moto's default and there is no key whose last use to note.
"""

from __future__ import annotations

import sys

from localstack.utils import lazy_imports


def _iam_models() -> object | None:
    """moto's IAM models module once it has run, else None."""
    models = sys.modules.get("moto.iam.models")
    if models is None or lazy_imports.is_pending(models):
        return None
    return models


def get_account_id_from(access_key: str) -> str:
    models = _iam_models()
    if models is None:
        from moto.core import DEFAULT_ACCOUNT_ID

        return DEFAULT_ACCOUNT_ID
    return models.get_account_id_from(access_key)  # type: ignore[attr-defined, no-any-return]


def mark_account_as_visited(account_id: str, access_key: str, service: str, region: str) -> None:
    models = _iam_models()
    if models is not None:
        models.mark_account_as_visited(  # type: ignore[attr-defined]
            account_id=account_id, access_key=access_key, service=service, region=region
        )
