"""IAM and STS refusals moto skipped: DeletePolicy of an attached policy or one with other versions
(DeleteConflict), and AssumeRole beyond the role's MaxSessionDuration (ValidationError), with the
sentences AWS answers in users' logs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.error_support import client_error as _error

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
)
POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
)
TOO_LONG = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."


@pytest.fixture
def role(aws_client: Any, unique_name: Any, cleanup: Any) -> str:
    iam = aws_client("iam")
    name = unique_name("role")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, MaxSessionDuration=7200)
    cleanup.append(lambda: iam.delete_role(RoleName=name))
    return name


def test_an_attached_policy_is_not_deleted(aws_client: Any, unique_name: Any, role: str) -> None:
    iam = aws_client("iam")
    arn = iam.create_policy(PolicyName=unique_name("pol"), PolicyDocument=POLICY)["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)
    assert _error(iam.delete_policy, PolicyArn=arn) == (
        409,
        "DeleteConflict",
        "Cannot delete a policy attached to entities.",
    )
    assert [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]] == [
        arn
    ]
    iam.detach_role_policy(RoleName=role, PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)
    assert _error(iam.get_policy, PolicyArn=arn)[1] == "NoSuchEntity"


def test_a_policy_with_other_versions_is_not_deleted(aws_client: Any, unique_name: Any) -> None:
    iam = aws_client("iam")
    arn = iam.create_policy(PolicyName=unique_name("pol"), PolicyDocument=POLICY)["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY, SetAsDefault=True)
    assert _error(iam.delete_policy, PolicyArn=arn) == (
        409,
        "DeleteConflict",
        "This policy has more than one version. Before you delete a policy, you must delete the policy's "
        "versions. The default version is deleted with the policy.",
    )
    iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    iam.delete_policy(PolicyArn=arn)


def test_a_session_longer_than_the_role_allows(aws_client: Any, role: str) -> None:
    sts = aws_client("sts")
    arn = f"arn:aws:iam::000000000000:role/{role}"
    assert _error(sts.assume_role, RoleArn=arn, RoleSessionName="session", DurationSeconds=7201) == (
        400,
        "ValidationError",
        TOO_LONG,
    )
    credentials = sts.assume_role(RoleArn=arn, RoleSessionName="session", DurationSeconds=7200)["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")


def test_the_default_maximum_is_an_hour(aws_client: Any, unique_name: Any, cleanup: Any) -> None:
    iam, sts = aws_client("iam"), aws_client("sts")
    name = unique_name("role")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Path="/team/")["Role"]["Arn"]
    cleanup.append(lambda: iam.delete_role(RoleName=name))
    assert (
        _error(sts.assume_role, RoleArn=arn, RoleSessionName="session", DurationSeconds=3601)[2] == TOO_LONG
    )
    sts.assume_role(RoleArn=arn, RoleSessionName="session", DurationSeconds=3600)
    # A role of an account this emulator does not hold is assumed as before.
    sts.assume_role(
        RoleArn="arn:aws:iam::111111111111:role/elsewhere", RoleSessionName="session", DurationSeconds=43200
    )


def test_a_user_boundary_that_is_not_a_policy_arn(aws_client: Any, unique_name: Any) -> None:
    iam = aws_client("iam")
    name = unique_name("user")
    assert _error(iam.create_user, UserName=name, PermissionsBoundary="not-a-policy-arn-at-all") == (
        400,
        "InvalidParameterValue",
        "Value (not-a-policy-arn-at-all) for parameter PermissionsBoundary is invalid.",
    )
    assert _error(iam.get_user, UserName=name)[1] == "NoSuchEntity"
