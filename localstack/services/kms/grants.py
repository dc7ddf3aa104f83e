"""CreateGrant and ListGrants as AWS answers them: 64-hex grant ids and long opaque tokens (moto made
8-character ones), a retried CreateGrant with the same Name and parameters answering the existing
grant's id (API reference), and ListGrants entries naming the key by ARN with CreationDate and
IssuingAccount (moto gave the bare key id and neither field)."""

from __future__ import annotations

import base64
import os
import time
from typing import Any

from localstack.services.kms import validation


def _same_request(grant: Any, params: dict[str, Any]) -> bool:
    return (
        grant.name == params.get("Name")
        and grant.grantee_principal == params.get("GranteePrincipal")
        and sorted(grant.operations or []) == sorted(params.get("Operations") or [])
        and (grant.constraints or None) == (params.get("Constraints") or None)
        and grant.retiring_principal == params.get("RetiringPrincipal")
    )


def create_grant(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    validation.refuse_pending_deletion(key)
    if params.get("Name"):
        for grant in key.grants.values():
            if _same_request(grant, params):
                return {"GrantId": grant.id, "GrantToken": grant.token}
    grant = key.add_grant(
        params.get("Name"),
        params.get("GranteePrincipal"),
        params.get("Operations") or [],
        constraints=params.get("Constraints"),
        retiring_principal=params.get("RetiringPrincipal"),
    )
    del key.grants[grant.id]
    # os.urandom: the persistence layer seeds it per request, so a replayed grant keeps its id and token.
    grant.id = os.urandom(32).hex()
    grant.token = base64.urlsafe_b64encode(os.urandom(160)).decode().rstrip("=")
    grant.creation_date = time.time()
    key.grants[grant.id] = grant
    return {"GrantId": grant.id, "GrantToken": grant.token}


def _entry(backend: Any, key: Any, grant: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "KeyId": key.arn,
        "GrantId": grant.id,
        "CreationDate": getattr(grant, "creation_date", None) or time.time(),
        "GranteePrincipal": grant.grantee_principal,
        "IssuingAccount": f"arn:aws:iam::{backend.account_id}:root",
        "Operations": grant.operations,
    }
    if grant.name:
        entry["Name"] = grant.name
    if grant.retiring_principal:
        entry["RetiringPrincipal"] = grant.retiring_principal
    if grant.constraints:
        entry["Constraints"] = grant.constraints
    return entry


def list_grants(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    grants = [
        grant
        for grant in key.grants.values()
        if params.get("GrantId") in (None, grant.id)
        and params.get("GranteePrincipal") in (None, grant.grantee_principal)
    ]
    return {"Grants": [_entry(backend, key, grant) for grant in grants], "Truncated": False}


HANDLERS = {"CreateGrant": create_grant, "ListGrants": list_grants}
