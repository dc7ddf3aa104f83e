"""ListAliases as AWS answers it: each customer alias carries its CreationDate and LastUpdatedDate (moto
left both out, a TODO in its code; patches.py stamps them), a KeyId filter names a key that must exist,
and the aliases AWS reserves for its managed keys (alias/aws/...) are listed as moto lists them."""

from __future__ import annotations

import time
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError


def _entry(alias: Any) -> dict[str, Any]:
    created = getattr(alias, "creation_date", None) or time.time()
    return {
        "AliasName": alias.alias_name,
        "AliasArn": alias.alias_arn,
        "TargetKeyId": alias.target_key_id,
        "CreationDate": created,
        "LastUpdatedDate": getattr(alias, "last_updated_date", None) or created,
    }


def list_aliases(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    from moto.kms.utils import RESERVED_ALIASE_TARGET_KEY_IDS

    key_id = validation.find_key(backend, params["KeyId"]).id if params.get("KeyId") else None
    entries = [_entry(alias) for alias in backend.list_aliases(key_id=key_id)]
    listed = {entry["AliasName"] for entry in entries}
    prefix = f"arn:aws:kms:{backend.region_name}:{backend.account_id}:"
    for name, target in RESERVED_ALIASE_TARGET_KEY_IDS.items():
        if name not in listed and (key_id is None or key_id == target):
            entries.append({"AliasName": name, "AliasArn": prefix + name, "TargetKeyId": target})
    return {"Aliases": entries, "Truncated": False}


def _kind(key: Any) -> tuple[str, str]:
    spec = key.key_spec or "SYMMETRIC_DEFAULT"
    kind = (
        "SYMMETRIC" if spec == "SYMMETRIC_DEFAULT" else "HMAC" if spec.startswith("HMAC_") else "ASYMMETRIC"
    )
    return kind, validation.key_usage(key)


def check_same_kind(backend: Any, alias_name: str, target_key_id: str) -> None:
    """UpdateAlias: the new key must be of the current key's type (symmetric, asymmetric or HMAC) and
    usage (API reference). The code is AWS's for a bad request; the words are ours (no recording found)."""
    current_id = backend.get_key_id_from_alias(alias_name)
    current = backend.keys.get(current_id) if current_id else None
    if current is None:
        return  # the alias's own refusal comes from the update
    target = validation.find_key(backend, target_key_id)
    if _kind(current) != _kind(target):
        kind, usage = _kind(current)
        raise AWSError(
            "ValidationException",
            f"Alias {alias_name} must target a {kind} key with key usage {usage}; "
            f"{target.arn} is a {_kind(target)[0]} key with key usage {_kind(target)[1]}.",
        )


def stamp_alias(init: Any) -> Any:
    """Alias.__init__ recording when the alias was made (the clock is the record's on replay)."""

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.creation_date = self.last_updated_date = time.time()

    return wrapper


def stamp_update(update_alias: Any) -> Any:
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        alias = update_alias(self, *args, **kwargs)
        alias.last_updated_date = time.time()
        return alias

    return wrapper


HANDLERS = {"ListAliases": list_aliases}
