"""What PutBucketPolicy refuses in a statement's actions, principals and action/resource pairs, with S3's
MalformedPolicy messages ("Policy has invalid action", "Invalid principal in policy", "Action does not apply
to any resource(s) in statement")."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from localstack.services.s3.s3_errors import S3Error

# Every S3 action IAM knows (the service authorization reference). API operation names that are not
# actions (HeadObject, CompleteMultipartUpload, ListObjectsV2, PutObjectLockConfiguration...) are refused.
_IAM_ACTIONS = """
AbortMultipartUpload AssociateAccessGrantsIdentityCenter BypassGovernanceRetention CreateAccessGrant
CreateAccessGrantsInstance CreateAccessGrantsLocation CreateAccessPoint CreateAccessPointForObjectLambda
CreateBucket CreateBucketMetadataConfiguration CreateBucketMetadataTableConfiguration CreateJob
CreateMultiRegionAccessPoint CreateStorageLensGroup DeleteAccessGrant DeleteAccessGrantsInstance
DeleteAccessGrantsInstanceResourcePolicy DeleteAccessGrantsLocation DeleteAccessPoint
DeleteAccessPointForObjectLambda DeleteAccessPointPolicy DeleteAccessPointPolicyForObjectLambda DeleteBucket
DeleteBucketMetadataConfiguration DeleteBucketMetadataTableConfiguration DeleteBucketOwnershipControls
DeleteBucketPolicy DeleteBucketWebsite DeleteJobTagging DeleteMultiRegionAccessPoint DeleteObject
DeleteObjectTagging DeleteObjectVersion DeleteObjectVersionTagging DeleteStorageLensConfiguration
DeleteStorageLensConfigurationTagging DeleteStorageLensGroup DescribeJob
DescribeMultiRegionAccessPointOperation DissociateAccessGrantsIdentityCenter GetAccelerateConfiguration
GetAccessGrant GetAccessGrantsInstance GetAccessGrantsInstanceForPrefix
GetAccessGrantsInstanceResourcePolicy GetAccessGrantsLocation GetAccessPoint
GetAccessPointConfigurationForObjectLambda GetAccessPointForObjectLambda GetAccessPointPolicy
GetAccessPointPolicyForObjectLambda GetAccessPointPolicyStatus GetAccessPointPolicyStatusForObjectLambda
GetAccountPublicAccessBlock GetAnalyticsConfiguration GetBucketAcl GetBucketCORS GetBucketLocation
GetBucketLogging GetBucketMetadataConfiguration GetBucketMetadataTableConfiguration GetBucketNotification
GetBucketObjectLockConfiguration GetBucketOwnershipControls GetBucketPolicy GetBucketPolicyStatus
GetBucketPublicAccessBlock GetBucketRequestPayment GetBucketTagging GetBucketVersioning GetBucketWebsite
GetDataAccess GetEncryptionConfiguration GetIntelligentTieringConfiguration GetInventoryConfiguration
GetJobTagging GetLifecycleConfiguration GetMetricsConfiguration GetMultiRegionAccessPoint
GetMultiRegionAccessPointPolicy GetMultiRegionAccessPointPolicyStatus GetMultiRegionAccessPointRoutes
GetObject GetObjectAcl GetObjectAttributes GetObjectLegalHold GetObjectRetention GetObjectTagging
GetObjectTorrent GetObjectVersion GetObjectVersionAcl GetObjectVersionAttributes
GetObjectVersionForReplication GetObjectVersionTagging GetObjectVersionTorrent GetReplicationConfiguration
GetStorageLensConfiguration GetStorageLensConfigurationTagging GetStorageLensDashboard GetStorageLensGroup
InitiateReplication ListAccessGrants ListAccessGrantsInstances ListAccessGrantsLocations ListAccessPoints
ListAccessPointsForObjectLambda ListAllMyBuckets ListBucket ListBucketMultipartUploads ListBucketVersions
ListCallerAccessGrants ListJobs ListMultiRegionAccessPoints ListMultipartUploadParts
ListStorageLensConfigurations ListStorageLensGroups ListTagsForResource ObjectOwnerOverrideToBucketOwner
PauseReplication PutAccelerateConfiguration PutAccessGrantsInstanceResourcePolicy
PutAccessPointConfigurationForObjectLambda PutAccessPointPolicy PutAccessPointPolicyForObjectLambda
PutAccessPointPublicAccessBlock PutAccountPublicAccessBlock PutAnalyticsConfiguration PutBucketAcl
PutBucketCORS PutBucketLogging PutBucketNotification PutBucketObjectLockConfiguration
PutBucketOwnershipControls PutBucketPolicy PutBucketPublicAccessBlock PutBucketRequestPayment
PutBucketTagging PutBucketVersioning PutBucketWebsite PutEncryptionConfiguration
PutIntelligentTieringConfiguration PutInventoryConfiguration PutJobTagging PutLifecycleConfiguration
PutMetricsConfiguration PutMultiRegionAccessPointPolicy PutObject PutObjectAcl PutObjectLegalHold
PutObjectRetention PutObjectTagging PutObjectVersionAcl PutObjectVersionTagging PutReplicationConfiguration
PutStorageLensConfiguration PutStorageLensConfigurationTagging ReplicateDelete ReplicateObject ReplicateTags
RestoreObject SubmitMultiRegionAccessPointRoutes TagResource UntagResource UpdateAccessGrantsLocation
UpdateBucketMetadataInventoryTableConfiguration UpdateBucketMetadataJournalTableConfiguration
UpdateJobPriority UpdateJobStatus UpdateStorageLensGroup
""".split()
# Actions on objects; every other S3 action is on a bucket (or on the account or its access points).
_OBJECT_ACTIONS = re.compile(
    r"(abortmultipartupload|bypassgovernanceretention|deleteobject.*|getobject.*|putobject.*|"
    r"initiatereplication|listmultipartuploadparts|objectowneroverridetobucketowner|replicate.*|"
    r"restoreobject)"
)
_ACCOUNT_ARN = re.compile(r"arn:aws[a-z-]*:(iam|sts)::(\d{12}|cloudfront):.+")
_ACCOUNT_ID = re.compile(r"\d{12}")
_PRINCIPAL_KINDS = ("AWS", "Service", "CanonicalUser", "Federated")


def _malformed(message: str) -> S3Error:
    return S3Error("MalformedPolicy", message)


@lru_cache(maxsize=1)
def known_actions() -> frozenset[str]:
    """Every S3 action IAM knows, lower case without the prefix."""
    return frozenset(name.lower() for name in _IAM_ACTIONS)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_statement(statement: dict[str, Any]) -> None:
    """Raise MalformedPolicy for a statement's unknown action or malformed principal."""
    actions = statement.get("Action", statement.get("NotAction"))
    if actions is None:
        raise _malformed("Missing required field Action")
    for action in _as_list(actions):
        if not _is_action(action):
            raise _malformed("Policy has invalid action")
    for name in ("Principal", "NotPrincipal"):
        if name in statement and not _is_principal(statement[name]):
            raise _malformed("Invalid principal in policy")
    if "Action" in statement and "Resource" in statement:
        _check_applies(_as_list(statement["Action"]), _as_list(statement["Resource"]))


def _is_action(action: Any) -> bool:
    if not isinstance(action, str) or not action:
        return False
    if action == "*":
        return True
    service, _, name = action.partition(":")
    if service.lower() != "s3" or not name:
        return False
    name = name.lower()
    if "*" in name or "?" in name:
        return any(fnmatchcase(known, name) for known in known_actions())
    return name in known_actions()


def _is_principal(principal: Any) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict) or not principal:
        return False
    for kind, values in principal.items():
        if kind not in _PRINCIPAL_KINDS:
            return False
        for value in _as_list(values):
            if not isinstance(value, str) or not value:
                return False
            if kind == "AWS" and not (
                value == "*" or _ACCOUNT_ID.fullmatch(value) or _ACCOUNT_ARN.fullmatch(value)
            ):
                return False
    return True


def _check_applies(actions: list[Any], resources: list[Any]) -> None:
    """An action named without wildcards needs a resource of its kind (object or bucket) in the statement."""
    kinds = set()
    for resource in resources:
        if not isinstance(resource, str) or resource == "*" or "*" in resource.partition("/")[0]:
            return  # a wildcard resource may be of either kind
        kinds.add("object" if "/" in resource else "bucket")
    for action in actions:
        if not isinstance(action, str) or "*" in action or "?" in action:
            continue
        name = action.partition(":")[2].lower()
        kind = "object" if _OBJECT_ACTIONS.fullmatch(name) else "bucket"
        if kind not in kinds:
            raise _malformed("Action does not apply to any resource(s) in statement")
