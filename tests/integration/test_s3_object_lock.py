"""Object Lock: retention modes and legal holds protect locked versions, governance bypass, lock headers on
uploads, bucket default retention, and the retention and legal hold reads."""

from __future__ import annotations

import datetime

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

PROTECTED = "Access Denied"
# DeleteObject of a version under retention (AWS CLI output recorded against AWS; moto's AWS-verified suite).
RETENTION = "Access Denied because object protected by object lock."


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


def _until(days: int = 1) -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)


@pytest.fixture
def locked_bucket(s3, unique_name, cleanup):
    name = unique_name("lock")
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


@pytest.fixture
def plain_bucket(s3, unique_name, cleanup):
    name = unique_name("nolock")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _error(excinfo) -> tuple[str, str, int]:
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def test_retention_read_without_configuration(s3, locked_bucket):
    s3.put_object(Bucket=locked_bucket, Key="k", Body=b"x")
    for read in (s3.get_object_retention, s3.get_object_legal_hold):
        with pytest.raises(ClientError) as excinfo:
            read(Bucket=locked_bucket, Key="k")
        assert _error(excinfo) == (
            "NoSuchObjectLockConfiguration",
            "The specified object does not have a ObjectLock configuration",
            404,
        )


def test_lock_calls_on_bucket_without_object_lock(s3, plain_bucket, cleanup):
    s3.put_object(Bucket=plain_bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.get_object_retention(Bucket=plain_bucket, Key="k")
    assert _error(excinfo) == ("InvalidRequest", "Bucket is missing Object Lock Configuration", 400)
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(
            Bucket=plain_bucket,
            Key="k2",
            Body=b"x",
            ObjectLockMode="GOVERNANCE",
            ObjectLockRetainUntilDate=_until(),
        )
    assert _error(excinfo)[0] == "InvalidRequest"


def test_governance_retention_blocks_delete_unless_bypassed(s3, locked_bucket):
    version = s3.put_object(
        Bucket=locked_bucket,
        Key="g",
        Body=b"x",
        ObjectLockMode="GOVERNANCE",
        ObjectLockRetainUntilDate=_until(),
    )["VersionId"]
    retention = s3.get_object_retention(Bucket=locked_bucket, Key="g")["Retention"]
    assert retention["Mode"] == "GOVERNANCE"
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket=locked_bucket, Key="g", VersionId=version)
    assert _error(excinfo) == ("AccessDenied", RETENTION, 403)
    s3.delete_object(Bucket=locked_bucket, Key="g", VersionId=version, BypassGovernanceRetention=True)


def test_compliance_retention_cannot_be_bypassed_or_shortened(s3, locked_bucket):
    until = _until(2)
    version = s3.put_object(
        Bucket=locked_bucket, Key="c", Body=b"x", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=until
    )["VersionId"]
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket=locked_bucket, Key="c", VersionId=version, BypassGovernanceRetention=True)
    assert _error(excinfo) == ("AccessDenied", RETENTION, 403)
    with pytest.raises(ClientError) as excinfo:
        s3.put_object_retention(
            Bucket=locked_bucket, Key="c", Retention={"Mode": "COMPLIANCE", "RetainUntilDate": _until(1)}
        )
    assert _error(excinfo) == ("AccessDenied", PROTECTED, 403)
    # Extending is allowed.
    s3.put_object_retention(
        Bucket=locked_bucket, Key="c", Retention={"Mode": "COMPLIANCE", "RetainUntilDate": _until(3)}
    )
    # COMPLIANCE versions outlive the test: the bucket stays until the server stops, as on AWS.


def test_shortening_governance_retention_needs_bypass(s3, locked_bucket):
    s3.put_object(
        Bucket=locked_bucket,
        Key="s",
        Body=b"x",
        ObjectLockMode="GOVERNANCE",
        ObjectLockRetainUntilDate=_until(2),
    )
    shorter = {"Mode": "GOVERNANCE", "RetainUntilDate": _until(1)}
    with pytest.raises(ClientError) as excinfo:
        s3.put_object_retention(Bucket=locked_bucket, Key="s", Retention=shorter)
    assert _error(excinfo) == ("AccessDenied", PROTECTED, 403)
    s3.put_object_retention(Bucket=locked_bucket, Key="s", Retention=shorter, BypassGovernanceRetention=True)


def test_legal_hold_blocks_delete(s3, locked_bucket):
    version = s3.put_object(Bucket=locked_bucket, Key="h", Body=b"x")["VersionId"]
    s3.put_object_legal_hold(Bucket=locked_bucket, Key="h", LegalHold={"Status": "ON"})
    assert s3.get_object_legal_hold(Bucket=locked_bucket, Key="h")["LegalHold"] == {"Status": "ON"}
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket=locked_bucket, Key="h", VersionId=version, BypassGovernanceRetention=True)
    assert _error(excinfo) == ("AccessDenied", PROTECTED, 403)
    s3.put_object_legal_hold(Bucket=locked_bucket, Key="h", LegalHold={"Status": "OFF"})
    s3.delete_object(Bucket=locked_bucket, Key="h", VersionId=version)


def test_lock_headers_must_come_together(s3, locked_bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=locked_bucket, Key="m", Body=b"x", ObjectLockMode="GOVERNANCE")
    assert _error(excinfo) == (
        "InvalidArgument",
        "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied",
        400,
    )


def test_retain_until_in_the_past(s3, locked_bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(
            Bucket=locked_bucket,
            Key="p",
            Body=b"x",
            ObjectLockMode="GOVERNANCE",
            ObjectLockRetainUntilDate=datetime.datetime(2020, 1, 1),
        )
    assert _error(excinfo) == ("InvalidArgument", "The retain until date must be in the future!", 400)


def test_bucket_default_retention_applies_to_new_objects(s3, locked_bucket):
    s3.put_object(Bucket=locked_bucket, Key="before", Body=b"x")  # a bucket with objects may get a rule
    s3.put_object_lock_configuration(
        Bucket=locked_bucket,
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}},
        },
    )
    s3.put_object(Bucket=locked_bucket, Key="d", Body=b"x")
    head = s3.head_object(Bucket=locked_bucket, Key="d")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    assert head["ObjectLockRetainUntilDate"] > datetime.datetime.now(datetime.timezone.utc)


def test_versioning_cannot_be_suspended_with_object_lock(s3, locked_bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_versioning(Bucket=locked_bucket, VersioningConfiguration={"Status": "Suspended"})
    assert _error(excinfo)[0] == "InvalidBucketState"
    assert _error(excinfo)[2] == 409


@pytest.mark.parametrize(
    "rule, code",
    [
        ({"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1, "Years": 1}}, "MalformedXML"),
        ({"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 0}}, "InvalidArgument"),
        ({"DefaultRetention": {"Mode": "GOVERNANCE", "Days": -1}}, "InvalidArgument"),
    ],
)
def test_invalid_default_retention(s3, locked_bucket, rule, code):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object_lock_configuration(
            Bucket=locked_bucket, ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", "Rule": rule}
        )
    assert _error(excinfo)[0] == code


def test_legal_hold_status_outside_on_and_off_is_malformed_xml(s3, locked_bucket):
    s3.put_object(Bucket=locked_bucket, Key="s", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object_legal_hold(Bucket=locked_bucket, Key="s", LegalHold={"Status": "MAYBE"})
    assert _error(excinfo) == (
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
        400,
    )
    with pytest.raises(ClientError) as excinfo:
        s3.get_object_legal_hold(Bucket=locked_bucket, Key="s")
    assert _error(excinfo)[0] == "NoSuchObjectLockConfiguration"


def test_delete_objects_reports_locked_versions_per_key(s3, locked_bucket):
    import datetime

    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    version = s3.put_object(
        Bucket=locked_bucket, Key="d", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=until
    )["VersionId"]
    answer = s3.delete_objects(Bucket=locked_bucket, Delete={"Objects": [{"Key": "d", "VersionId": version}]})
    assert [(e["Key"], e["Code"]) for e in answer["Errors"]] == [("d", "AccessDenied")]
    answer = s3.delete_objects(
        Bucket=locked_bucket,
        Delete={"Objects": [{"Key": "d", "VersionId": version}]},
        BypassGovernanceRetention=True,
    )
    assert [(d["Key"], d["VersionId"]) for d in answer["Deleted"]] == [("d", version)]


@pytest.mark.parametrize("bypass", [True, False])
def test_bypass_header_on_a_bucket_without_object_lock_is_refused(s3, plain_bucket, cleanup, bypass):
    s3.put_object(Bucket=plain_bucket, Key="k", Body=b"x")
    refusals = []
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket=plain_bucket, Key="k", BypassGovernanceRetention=bypass)
    refusals.append(excinfo)
    with pytest.raises(ClientError) as excinfo:
        s3.delete_objects(
            Bucket=plain_bucket, Delete={"Objects": [{"Key": "k"}]}, BypassGovernanceRetention=bypass
        )
    refusals.append(excinfo)
    for refused in refusals:
        assert _error(refused) == (
            "InvalidArgument",
            "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.",
            400,
        )
        assert refused.value.response["Error"]["ArgumentName"] == "x-amz-bypass-governance-retention"
    assert s3.get_object(Bucket=plain_bucket, Key="k")["Body"].read() == b"x"
