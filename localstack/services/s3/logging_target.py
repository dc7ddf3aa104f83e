"""Whether PutBucketLogging may name a target bucket. A BucketOwnerEnforced target (every new bucket) is
taken as S3 takes it: its ACLs are disabled and the logging service's permission lives in its bucket
policy, which S3 does not check here. A target with ACLs enabled needs the log-delivery group's WRITE and
READ_ACP grants or a policy statement for `logging.s3.amazonaws.com`."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.s3 import ownership, policy
from localstack.services.s3.s3_errors import S3Error

SERVICE = "logging.s3.amazonaws.com"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
NO_PERMISSION = (
    "You must either provide the necessary permissions to the logging service using a bucket policy or give "
    "the log-delivery group WRITE and READ_ACP permissions to the target bucket"
)


def check(source: Any, target: Any, prefix: str) -> None:
    if _acls_disabled(target) or _acl_allows(target) or _policy_allows(source, target, prefix):
        return
    raise S3Error("InvalidTargetBucketForLogging", NO_PERMISSION, TargetBucket=target.name)


def _names_service(principal: Any) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    services = principal.get("Service")
    return SERVICE in (services if isinstance(services, list) else [services]) or principal.get("AWS") == "*"


def _policy_allows(source: Any, target: Any, prefix: str) -> bool:
    """A statement of the target's policy lets the service put a log object under the prefix, for this
    source bucket (aws:SourceArn, aws:SourceAccount), and none denies it."""
    if not target.policy:
        return False
    context = policy.RequestContext(
        action="s3:PutObject",
        resource=f"arn:aws:s3:::{target.name}/{prefix}log-object",
        principal_account=None,
        values={"aws:sourcearn": [f"arn:aws:s3:::{source.name}"], "aws:sourceaccount": [source.account_id]},
    )
    try:
        document = json.loads(target.policy)
    except ValueError:
        return False
    found = document.get("Statement") if isinstance(document, dict) else None
    # The service is not an account: its statements are picked here, then weighed by the shared evaluator.
    statements = [
        {**statement, "Principal": "*"}
        for statement in (found if isinstance(found, list) else [found])
        if isinstance(statement, dict) and _names_service(statement.get("Principal"))
    ]
    return policy.evaluate({"Statement": statements}, context) == policy.ALLOW


def _acls_disabled(target: Any) -> bool:
    return ownership.ownership_of(target) == "BucketOwnerEnforced"


def _acl_allows(target: Any) -> bool:
    permissions: set[str] = set()
    for grant in getattr(target.acl, "grants", None) or []:
        if any(getattr(grantee, "uri", None) == LOG_DELIVERY for grantee in grant.grantees):
            permissions.update(grant.permissions)
    return "FULL_CONTROL" in permissions or {"WRITE", "READ_ACP"} <= permissions
