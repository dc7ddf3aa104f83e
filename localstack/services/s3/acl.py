"""Access control lists as S3 answers them: one grant per grantee and permission (moto kept only the
first permission of each grant), owners with their display name."""

from __future__ import annotations

from typing import Any

from localstack.services.s3.listing import OWNER_ID, OWNER_NAME

_ORDER = {"FULL_CONTROL": 0, "READ": 1, "WRITE": 2, "READ_ACP": 3, "WRITE_ACP": 4}


def acl_to_dict(acl: Any) -> dict[str, Any]:
    grants = []
    for grant in acl.grants:
        for grantee in grant.grantees:
            shape: dict[str, Any] = {"Type": grantee.type}
            if grantee.uri:
                shape["URI"] = grantee.uri
            if grantee.id:
                shape["ID"] = grantee.id
                shape["DisplayName"] = grantee.display_name or OWNER_NAME
            for permission in sorted(grant.permissions, key=lambda name: _ORDER.get(name, 9)):
                grants.append({"Grantee": dict(shape), "Permission": permission})
    return {"Owner": {"ID": OWNER_ID, "DisplayName": OWNER_NAME}, "Grants": grants}
