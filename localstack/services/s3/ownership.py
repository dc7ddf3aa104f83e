"""Object Ownership and Block Public Access as they limit ACLs: with BucketOwnerEnforced (the default for
new buckets) ACLs other than the owner's full control are refused, and BlockPublicAcls refuses public ones."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Any

from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, access_denied

ENFORCED = "BucketOwnerEnforced"
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)
PUBLIC_CANNED = ("public-read", "public-read-write", "authenticated-read")
PRIVATE_CANNED = ("private", "bucket-owner-full-control")
_GRANT_HEADERS = (
    "x-amz-grant-read",
    "x-amz-grant-write",
    "x-amz-grant-read-acp",
    "x-amz-grant-write-acp",
    "x-amz-grant-full-control",
)
_ACL_OPERATIONS = ("PutObject", "CopyObject", "CreateMultipartUpload", "PutObjectAcl", "PutBucketAcl")


def ownership_of(bucket: Any) -> str:
    rule = getattr(bucket, "ownership_rule", None)
    return rule if isinstance(rule, str) and rule else "ObjectWriter"


def _grant_headers(call: S3Call) -> dict[str, str]:
    return {name: call.header(name) for name in _GRANT_HEADERS if call.header(name)}  # type: ignore[misc]


def _body_grants(data: bytes) -> list[tuple[str, str]]:
    """(grantee uri or id, permission) of an AccessControlPolicy document."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []
    grants = []
    for element in root.iter():
        if element.tag.rpartition("}")[2] != "Grant":
            continue
        grantee, permission = "", ""
        for child in element.iter():
            name = child.tag.rpartition("}")[2]
            if name in ("URI", "ID", "EmailAddress"):
                grantee = (child.text or "").strip()
            elif name == "Permission":
                permission = (child.text or "").strip()
        grants.append((grantee, permission))
    return grants


def _is_public(canned: str | None, grants: dict[str, str], body_grants: list[tuple[str, str]]) -> bool:
    if canned in PUBLIC_CANNED:
        return True
    if any(group in value for value in grants.values() for group in PUBLIC_GROUPS):
        return True
    return any(grantee in PUBLIC_GROUPS for grantee, _ in body_grants)


def _acl_grants_others(bucket: Any) -> bool:
    """Whether the bucket's ACL grants anyone but its owner (a group, another account)."""
    from localstack.services.s3 import listing

    owners = {listing.OWNER_ID, listing.canonical_id(bucket.account_id)}
    acl = getattr(bucket, "acl", None)
    for grant in getattr(acl, "grants", None) or []:
        for grantee in grant.grantees:
            if getattr(grantee, "uri", "") or getattr(grantee, "id", "") not in owners:
                return True
    return False


def check(call: S3Call, bucket: Any, data: bytes) -> None:
    op = call.operation
    if op == "PutBucketOwnershipControls":
        # ACLs can be disabled only once the bucket's ACL grants its owner alone.
        if bucket is not None and data and ENFORCED.encode() in data and _acl_grants_others(bucket):
            raise S3Error(
                "InvalidBucketAclWithObjectOwnership",
                "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
            )
        return
    if op == "CreateBucket":
        ownership = call.header("x-amz-object-ownership") or ENFORCED
        canned = call.header("x-amz-acl")
        if ownership == ENFORCED and ((canned and canned not in PRIVATE_CANNED) or _grant_headers(call)):
            raise S3Error(
                "InvalidBucketAclWithObjectOwnership",
                "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
            )
        return
    if op not in _ACL_OPERATIONS or bucket is None:
        return
    canned = call.header("x-amz-acl")
    grants = _grant_headers(call)
    body_grants = _body_grants(data) if op in ("PutObjectAcl", "PutBucketAcl") and data else []
    if ownership_of(bucket) == ENFORCED:
        only_owner = (
            all(permission == "FULL_CONTROL" for _, permission in body_grants) and len(body_grants) <= 1
        )
        if (canned and canned not in PRIVATE_CANNED) or grants or not only_owner:
            raise S3Error("AccessControlListNotSupported", "The bucket does not allow ACLs")
        return
    block = getattr(bucket, "public_access_block", None)
    if block is not None and block.block_public_acls and _is_public(canned, grants, body_grants):
        raise access_denied()
