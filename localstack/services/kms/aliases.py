"""ListAliases as AWS answers it: each customer alias carries its CreationDate and LastUpdatedDate (moto
left both out, a TODO in its code; patches.py stamps them), a KeyId filter names a key that must exist,
and the aliases AWS reserves for its managed keys (alias/aws/...) are listed as moto lists them."""

from __future__ import annotations

import time
from typing import Any

from localstack.services.kms import validation


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
