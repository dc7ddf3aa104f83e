"""Answers AWS gives that we did not: a protected log group survives DeleteLogGroup (CloudWatch Logs user
guide, "Protecting log groups from deletion"), DeleteObject of a version under retention names the lock
(AWS CLI output recorded against AWS; moto's AWS-verified suite), and Lambda's function-concurrency calls
on a missing function name its `$LATEST` ARN (LocalStack's AWS-validated test_lambda_api recording)."""

from __future__ import annotations

import datetime
from typing import Any

from tests.integration.error_support import client_error
from tests.integration.s3_support import remove_bucket

PROTECTED_GROUP = (
    "Cannot delete log group with deletion protection enabled. Disable deletion protection first."
)
RETENTION = "Access Denied because object protected by object lock."


def _protection(logs: Any, name: str) -> bool:
    groups = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    return next(group for group in groups if group["logGroupName"] == name)["deletionProtectionEnabled"]


def test_a_log_group_with_deletion_protection_is_not_deleted(aws_client: Any, unique_name: Any) -> None:
    logs = aws_client("logs")
    name = unique_name("protected")
    logs.create_log_group(logGroupName=name, deletionProtectionEnabled=True)
    assert _protection(logs, name) is True
    assert client_error(logs.delete_log_group, logGroupName=name) == (
        400,
        "ValidationException",
        PROTECTED_GROUP,
    )
    assert _protection(logs, name) is True
    logs.put_log_group_deletion_protection(logGroupIdentifier=name, deletionProtectionEnabled=False)
    assert _protection(logs, name) is False
    logs.delete_log_group(logGroupName=name)
    assert not logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]


def test_deletion_protection_can_be_turned_on_later_by_arn(aws_client: Any, unique_name: Any) -> None:
    logs = aws_client("logs")
    name = unique_name("later")
    logs.create_log_group(logGroupName=name)
    assert _protection(logs, name) is False
    arn = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["arn"].removesuffix(":*")
    logs.put_log_group_deletion_protection(logGroupIdentifier=arn, deletionProtectionEnabled=True)
    refused = client_error(logs.delete_log_group, logGroupName=name)
    assert refused == (400, "ValidationException", PROTECTED_GROUP)
    logs.put_log_group_deletion_protection(logGroupIdentifier=name, deletionProtectionEnabled=False)
    logs.delete_log_group(logGroupName=name)


def test_deletion_protection_of_a_missing_group(aws_client: Any, unique_name: Any) -> None:
    logs = aws_client("logs")
    assert client_error(
        logs.put_log_group_deletion_protection,
        logGroupIdentifier=unique_name("missing"),
        deletionProtectionEnabled=True,
    ) == (400, "ResourceNotFoundException", "The specified log group does not exist.")


def test_delete_object_of_a_version_under_retention_names_the_lock(
    aws_client: Any, unique_name: Any, cleanup: Any
) -> None:
    s3 = aws_client("s3")
    bucket = unique_name("lockmsg")
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    cleanup.append(lambda: remove_bucket(s3, bucket))
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    version = s3.put_object(
        Bucket=bucket, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=until
    )["VersionId"]
    assert client_error(s3.delete_object, Bucket=bucket, Key="k", VersionId=version) == (
        403,
        "AccessDenied",
        RETENTION,
    )
    assert [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]] == [version]
    s3.delete_object(Bucket=bucket, Key="k", VersionId=version, BypassGovernanceRetention=True)


def test_function_concurrency_of_a_missing_function_names_its_latest_arn(
    aws_client: Any, unique_name: Any
) -> None:
    client = aws_client("lambda")
    name = unique_name("nofn")
    arn = f"arn:aws:lambda:{client.meta.region_name}:000000000000:function:{name}:$LATEST"
    expected = (404, "ResourceNotFoundException", f"Function not found: {arn}")
    put = client_error(client.put_function_concurrency, FunctionName=name, ReservedConcurrentExecutions=1)
    assert put == expected
    assert client_error(client.get_function_concurrency, FunctionName=name) == expected
    assert client_error(client.delete_function_concurrency, FunctionName=name) == expected
