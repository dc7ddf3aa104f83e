"""The one access decision for every S3 request: bucket policy (with its conditions), ACL grants, Block
Public Access and Object Ownership, for the identity the request carries (anonymous, presigned, signed)."""

from __future__ import annotations

import datetime
import sys
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.wrappers import Response

from localstack.services.s3 import directory_buckets, listing, models, ownership
from localstack.services.s3.identity import Identity
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, access_denied

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"

# IAM action names where they differ from "s3:" + the operation name.
_ACTIONS = {
    # A directory bucket's session is granted by the S3 Express namespace's own action.
    "CreateSession": "s3express:CreateSession",
    "HeadObject": "s3:GetObject",
    "ListObjects": "s3:ListBucket",
    "ListObjectsV2": "s3:ListBucket",
    "HeadBucket": "s3:ListBucket",
    "ListObjectVersions": "s3:ListBucketVersions",
    "ListMultipartUploads": "s3:ListBucketMultipartUploads",
    "ListParts": "s3:ListMultipartUploadParts",
    "CopyObject": "s3:PutObject",
    "PostObject": "s3:PutObject",
    "CreateMultipartUpload": "s3:PutObject",
    "UploadPart": "s3:PutObject",
    "UploadPartCopy": "s3:PutObject",
    "CompleteMultipartUpload": "s3:PutObject",
    "AbortMultipartUpload": "s3:AbortMultipartUpload",
    "DeleteObjects": "s3:DeleteObject",
    "GetBucketCors": "s3:GetBucketCORS",
    "PutBucketCors": "s3:PutBucketCORS",
    "DeleteBucketCors": "s3:PutBucketCORS",
    "GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "PutBucketEncryption": "s3:PutEncryptionConfiguration",
    "DeleteBucketEncryption": "s3:PutEncryptionConfiguration",
    "GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
    "DeleteBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
    "GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "PutBucketNotificationConfiguration": "s3:PutBucketNotification",
    "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "GetObjectAttributes": "s3:GetObject",
    "DeleteBucketTagging": "s3:PutBucketTagging",
    "DeleteBucketWebsite": "s3:DeleteBucketWebsite",
    "GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    "PutObjectLockConfiguration": "s3:PutBucketObjectLockConfiguration",
    "SelectObjectContent": "s3:GetObject",
    "GetBucketReplication": "s3:GetReplicationConfiguration",
    "PutBucketReplication": "s3:PutReplicationConfiguration",
    "DeleteBucketReplication": "s3:PutReplicationConfiguration",
    "GetBucketAccelerateConfiguration": "s3:GetAccelerateConfiguration",
    "PutBucketAccelerateConfiguration": "s3:PutAccelerateConfiguration",
    "GetBucketAnalyticsConfiguration": "s3:GetAnalyticsConfiguration",
    "PutBucketAnalyticsConfiguration": "s3:PutAnalyticsConfiguration",
    "DeleteBucketAnalyticsConfiguration": "s3:PutAnalyticsConfiguration",
    "ListBucketAnalyticsConfigurations": "s3:GetAnalyticsConfiguration",
    "GetBucketInventoryConfiguration": "s3:GetInventoryConfiguration",
    "PutBucketInventoryConfiguration": "s3:PutInventoryConfiguration",
    "DeleteBucketInventoryConfiguration": "s3:PutInventoryConfiguration",
    "ListBucketInventoryConfigurations": "s3:GetInventoryConfiguration",
    "GetBucketMetricsConfiguration": "s3:GetMetricsConfiguration",
    "PutBucketMetricsConfiguration": "s3:PutMetricsConfiguration",
    "DeleteBucketMetricsConfiguration": "s3:PutMetricsConfiguration",
    "ListBucketMetricsConfigurations": "s3:GetMetricsConfiguration",
    "GetBucketIntelligentTieringConfiguration": "s3:GetIntelligentTieringConfiguration",
    "PutBucketIntelligentTieringConfiguration": "s3:PutIntelligentTieringConfiguration",
    "DeleteBucketIntelligentTieringConfiguration": "s3:PutIntelligentTieringConfiguration",
    "ListBucketIntelligentTieringConfigurations": "s3:GetIntelligentTieringConfiguration",
    "PutBucketLifecycle": "s3:PutLifecycleConfiguration",
    "GetBucketLifecycle": "s3:GetLifecycleConfiguration",
    "PutBucketNotification": "s3:PutBucketNotification",
    "GetBucketNotification": "s3:GetBucketNotification",
}
_VERSIONED_ACTIONS = {
    "s3:GetObject": "s3:GetObjectVersion",
    "s3:DeleteObject": "s3:DeleteObjectVersion",
    "s3:GetObjectAcl": "s3:GetObjectVersionAcl",
    "s3:PutObjectAcl": "s3:PutObjectVersionAcl",
    "s3:GetObjectTagging": "s3:GetObjectVersionTagging",
    "s3:PutObjectTagging": "s3:PutObjectVersionTagging",
    "s3:DeleteObjectTagging": "s3:DeleteObjectVersionTagging",
}
# The ACL permission each operation needs: (on the bucket or the object, permission).
_ACL_NEEDS = {
    "ListObjects": ("bucket", "READ"),
    "ListObjectsV2": ("bucket", "READ"),
    "HeadBucket": ("bucket", "READ"),
    "ListObjectVersions": ("bucket", "READ"),
    "ListMultipartUploads": ("bucket", "READ"),
    "PutObject": ("bucket", "WRITE"),
    "PostObject": ("bucket", "WRITE"),
    "CopyObject": ("bucket", "WRITE"),
    "CreateMultipartUpload": ("bucket", "WRITE"),
    "UploadPart": ("bucket", "WRITE"),
    "UploadPartCopy": ("bucket", "WRITE"),
    "CompleteMultipartUpload": ("bucket", "WRITE"),
    "AbortMultipartUpload": ("bucket", "WRITE"),
    "ListParts": ("bucket", "WRITE"),
    "DeleteObject": ("bucket", "WRITE"),
    "DeleteObjects": ("bucket", "WRITE"),
    "GetBucketAcl": ("bucket", "READ_ACP"),
    "PutBucketAcl": ("bucket", "WRITE_ACP"),
    "GetObject": ("object", "READ"),
    "HeadObject": ("object", "READ"),
    "GetObjectAcl": ("object", "READ_ACP"),
    "PutObjectAcl": ("object", "WRITE_ACP"),
}


def action_of(call: S3Call) -> str:
    operation = call.operation
    action = _ACTIONS.get(operation, f"s3:{operation}")
    if call.query.get("versionId"):
        action = _VERSIONED_ACTIONS.get(action, action)
    return action


def resource_of(call: S3Call) -> str:
    return f"arn:aws:s3:::{call.bucket}/{call.key}" if call.key else f"arn:aws:s3:::{call.bucket}"


def _organization_in_use() -> bool:
    """`guardrails.organization_in_use`, without importing the policy modules before moto's organizations
    module exists (no organization can be created before it is)."""
    if "moto.organizations.models" not in sys.modules:
        return False
    from localstack.services.s3 import guardrails

    return guardrails.organization_in_use()


def check(call: S3Call, who: Identity, bucket: Any, source_ip: str) -> None:
    """Raise AccessDenied unless the caller may make this request."""
    operation = call.operation
    if not call.bucket or operation == "CreateBucket":
        if who.anonymous:
            raise access_denied()
        _check_identity_only(call, who, source_ip)
        return
    if bucket is None:
        return  # moto answers NoSuchBucket, as S3 does to anyone
    expected_owner = call.header("x-amz-expected-bucket-owner")
    if expected_owner and expected_owner != bucket.account_id:
        raise access_denied()
    document = bucket.policy.decode("utf-8", "replace") if bucket.policy else None
    principal = who.principal if not who.anonymous else None
    organized = _organization_in_use()
    if not (document or principal is not None or organized):
        # No policy of any kind can apply: the account's own caller, or a grant in the ACLs (the same
        # outcome as the evaluation below with every decision and limit None, without its modules).
        if who.account_id == bucket.account_id:
            return
        if _acl_allows(call, who, bucket, getattr(bucket, "public_access_block", None)):
            return
        raise access_denied()
    from localstack.services.s3 import guardrails, identity_policies, policy

    decision = identity_decision = None
    scp = boundary = rcp = None
    member = not who.anonymous and bool(who.account_id) and organized
    if document or principal is not None or organized:
        values = condition_values(call, who, source_ip)
        if call.key and document and "existingobjecttag" in document.lower():
            values.update(_existing_tags(call))
        context = policy.RequestContext(
            action_of(call), resource_of(call), who.account_id, values, principal.arn if principal else None
        )
        decision = policy.evaluate(document, context) if document else None
        if principal is not None:
            identity_decision = identity_policies.evaluate(principal, context)
            boundary = guardrails.boundary_limit(principal.boundary, context)
        if member:
            scp = guardrails.scp_limit(who.account_id, context)
        if organized:
            rcp = guardrails.rcp_limit(bucket.account_id, context)
    if decision == policy.DENY:
        raise _denied(call, who, "with an explicit deny in a resource-based policy")
    if identity_decision == policy.DENY:
        raise _denied(call, who, "with an explicit deny in an identity-based policy")
    for limit in (scp, rcp, boundary):
        if limit is not None and limit.explicit:
            raise _denied(call, who, limit.reason(action_of(call)))
    if scp is not None:
        # SCPs bound every principal of a member account, whatever a bucket policy grants it.
        raise _denied(call, who, scp.reason(action_of(call)))
    if rcp is not None:
        # RCPs bound every request on a member account's resources, whatever any other policy grants.
        raise _denied(call, who, rcp.reason(action_of(call)))
    if boundary is not None and (decision != policy.ALLOW or principal.is_role):
        # A bucket policy's Allow reaches past a boundary only for an IAM user (IAM's evaluation logic);
        # for a role it is limited like the role's own policies.
        raise _denied(call, who, boundary.reason(action_of(call)))
    if who.account_id == bucket.account_id:
        # IAM's evaluation within one account: an Allow in either the identity's or the bucket's policy.
        if principal is None or identity_decision == policy.ALLOW or decision == policy.ALLOW:
            return
        if _acl_allows(call, who, bucket, getattr(bucket, "public_access_block", None)):
            return
        action = action_of(call)
        raise _denied(call, who, f"because no identity-based policy allows the {action} action")
    if principal is not None and identity_decision != policy.ALLOW:
        # Across accounts the caller's own account must allow the request too.
        raise access_denied()
    block = getattr(bucket, "public_access_block", None)
    if decision == policy.ALLOW:
        restricted = block is not None and block.restrict_public_buckets and policy.is_public(document)
        if not restricted:
            return
    if _acl_allows(call, who, bucket, block):
        return
    raise access_denied()


def _check_identity_only(call: S3Call, who: Identity, source_ip: str) -> None:
    """Requests on no bucket yet (ListBuckets, CreateBucket): an IAM principal's own policies decide."""
    principal = who.principal
    action = action_of(call)
    if not call.bucket:
        listing_directories = directory_buckets.is_directory_listing(call)
        action = "s3express:ListAllMyDirectoryBuckets" if listing_directories else "s3:ListAllMyBuckets"
    resource = "arn:aws:s3:::*" if not call.bucket else resource_of(call)
    if principal is None:
        # An account's root user: only its organization's SCPs can refuse it.
        if not who.anonymous and who.account_id and _organization_in_use():
            from localstack.services.s3 import guardrails, policy

            values = condition_values(call, who, source_ip)
            context = policy.RequestContext(action, resource, who.account_id, values, None)
            limit = guardrails.scp_limit(who.account_id, context)
            if limit is not None:
                raise access_denied(
                    f'User: {who.arn} is not authorized to perform: {action} on resource: "{resource}" '
                    + limit.reason(action)
                )
        return
    from localstack.services.s3 import guardrails, identity_policies, policy

    context = policy.RequestContext(
        action, resource, who.account_id, condition_values(call, who, source_ip), principal.arn
    )
    decision = identity_policies.evaluate(principal, context)
    refusal = f'User: {principal.arn} is not authorized to perform: {action} on resource: "{resource}" '
    if decision == policy.DENY:
        raise access_denied(f"{refusal}with an explicit deny in an identity-based policy")
    limits = [
        guardrails.scp_limit(who.account_id, context) if _organization_in_use() else None,
        guardrails.boundary_limit(principal.boundary, context),
    ]
    found = sorted((limit for limit in limits if limit is not None), key=lambda limit: not limit.explicit)
    if found:
        raise access_denied(refusal + found[0].reason(action))
    if decision != policy.ALLOW:
        raise access_denied(f"{refusal}because no identity-based policy allows the {action} action")


def _denied(call: S3Call, who: Identity, reason: str) -> S3Error:
    """AccessDenied as S3 words it for a caller of the bucket's own account; others get the plain one."""
    bucket = models.find_bucket(call.bucket)
    if who.anonymous or bucket is None or who.account_id != bucket.account_id:
        return access_denied()
    return access_denied(
        f'User: {who.arn} is not authorized to perform: {action_of(call)} on resource: "{resource_of(call)}" '
        f"{reason}"
    )


def _acl_allows(call: S3Call, who: Identity, bucket: Any, block: Any) -> bool:
    needs = _ACL_NEEDS.get(call.operation)
    if needs is None or ownership.ownership_of(bucket) == ownership.ENFORCED:
        return False
    target, permission = needs
    acl = bucket.acl
    if target == "object":
        key = models.find_key(bucket, call.key, call.query.get("versionId"))
        acl = key.acl if key is not None else None
    if acl is None:
        return False
    ignore_public = block is not None and block.ignore_public_acls
    for grant in acl.grants:
        if permission not in grant.permissions and "FULL_CONTROL" not in grant.permissions:
            continue
        for grantee in grant.grantees:
            uri = getattr(grantee, "uri", "")
            if uri == ALL_USERS or (uri == AUTHENTICATED_USERS and not who.anonymous):
                if not ignore_public:
                    return True
            grantee_id = getattr(grantee, "id", "")
            # moto writes the owner's grant with its one fixed id: that grant is the bucket owner's alone.
            if not grantee_id or grantee_id == listing.OWNER_ID or who.anonymous:
                continue
            if grantee_id == listing.canonical_id(who.account_id):
                return True
    return False


def condition_values(call: S3Call, who: Identity, source_ip: str) -> dict[str, list[str]]:
    """The condition keys of this request (lower case), as IAM's request context names them."""
    now = datetime.datetime.now(datetime.timezone.utc)
    values: dict[str, list[str]] = {
        "aws:sourceip": [source_ip],
        # Every SDK and tool reaches AWS's S3 over TLS; our plain-HTTP endpoint stands in for that one, so a
        # TLS-only policy (CDK bootstrap's staging bucket, Serverless' deployment bucket) must not lock
        # them out.
        "aws:securetransport": ["true"],
        "aws:currenttime": [now.strftime("%Y-%m-%dT%H:%M:%SZ")],
        "aws:epochtime": [str(int(now.timestamp()))],
    }
    # The account owning the bucket (the caller's own for a bucket being created): CDK's bootstrap roles
    # allow their S3 actions only under `StringEquals aws:ResourceAccount`.
    bucket = models.find_bucket(call.bucket) if call.bucket else None
    resource_account = getattr(bucket, "account_id", None) or who.account_id
    if resource_account:
        values["aws:resourceaccount"] = [resource_account]
    headers = call.headers
    for header, key in (("Referer", "aws:referer"), ("User-Agent", "aws:useragent")):
        if headers.get(header):
            values[key] = [headers.get(header)]
    if not who.anonymous:
        values["aws:principalaccount"] = [who.account_id or ""]
        values["aws:principalarn"] = [who.arn or ""]
        principal = who.principal
        if principal is None:
            values["aws:principaltype"] = ["Account"]
        elif ":assumed-role/" in principal.arn:
            values["aws:principaltype"] = ["AssumedRole"]
        else:
            values["aws:principaltype"] = ["User"]
            values["aws:username"] = [principal.arn.rpartition("/")[2]]
        values["s3:authtype"] = [who.auth_type or ""]
        values["s3:signatureversion"] = [who.signature_version or ""]
    for name, value in headers.items():
        lower = name.lower()
        if lower.startswith("x-amz-") and not lower.startswith("x-amz-meta-"):
            values[f"s3:{lower}"] = [value]
        elif lower in ("if-match", "if-none-match"):
            values[f"s3:{lower}"] = [value]
    for param in ("prefix", "delimiter", "max-keys"):
        if param in call.query:
            values[f"s3:{param}"] = [call.query[param]]
    if call.query.get("versionId"):
        values["s3:versionid"] = [call.query["versionId"]]
    tagging = headers.get("x-amz-tagging")
    if tagging:
        pairs = parse_qsl(tagging, keep_blank_values=True)
        values["s3:requestobjecttagkeys"] = [k for k, _ in pairs]
        for k, v in pairs:
            values[f"s3:requestobjecttag/{k.lower()}"] = [v]
    return values


def _existing_tags(call: S3Call) -> dict[str, list[str]]:
    key = models.find_key(models.find_bucket(call.bucket), call.key, call.query.get("versionId"))
    if key is None or not hasattr(key, "account_id") or "moto.s3.models" not in sys.modules:
        return {}
    from moto.s3.models import s3_backends

    backend = s3_backends[key.account_id][key.partition]
    tags = backend.tagger.list_tags_for_resource(key.arn).get("Tags", [])
    return {f"s3:existingobjecttag/{tag['Key'].lower()}": [tag["Value"]] for tag in tags}


def check_policy_change(call: S3Call, who: Identity, bucket: Any, document: bytes) -> None:
    """PutBucketPolicy with a public policy while BlockPublicPolicy is on."""
    block = getattr(bucket, "public_access_block", None)
    if bucket is None or block is None or not block.block_public_policy:
        return
    from localstack.services.s3 import policy

    if policy.is_public(document.decode("utf-8", "replace")):
        raise access_denied(
            f"User: {who.arn or 'anonymous'} is not authorized to perform: s3:PutBucketPolicy on resource: "
            f'"arn:aws:s3:::{call.bucket}" because public policies are blocked by the BlockPublicPolicy '
            "block public access setting."
        )


def policy_status(bucket: Any) -> Response | None:
    """GetBucketPolicyStatus as Block Public Access judges the policy; None: moto says NoSuchBucketPolicy."""
    if bucket is None or not bucket.policy:
        return None
    from localstack.services.s3 import policy

    public = policy.is_public(bucket.policy.decode("utf-8", "replace"))
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        f"<IsPublic>{'true' if public else 'false'}</IsPublic></PolicyStatus>"
    )
    return Response(body, status=200, mimetype="application/xml")
