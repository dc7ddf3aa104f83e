"""IAM answers and refusals as recorded against AWS (LocalStack's tests/aws/services/iam snapshots)."""

from __future__ import annotations

import json

import pytest

from tests.integration.error_support import client_error

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}],
}


@pytest.fixture
def role(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    name = unique_name("rec-role")
    iam.create_role(RoleName=name, Path="/rec/", AssumeRolePolicyDocument=json.dumps(TRUST))
    cleanup.append(lambda: iam.delete_role(RoleName=name))
    return iam, name


@pytest.fixture
def policy(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    created = iam.create_policy(
        PolicyName=unique_name("rec-policy-recorded"), PolicyDocument=json.dumps(POLICY)
    )
    arn = created["Policy"]["Arn"]
    cleanup.append(lambda: iam.delete_policy(PolicyArn=arn))
    return created["Policy"]


def test_role_with_invalid_json_trust_policy_is_malformed(aws_client, unique_name):
    iam = aws_client("iam")
    assert client_error(
        iam.create_role, RoleName=unique_name("rec-bad"), AssumeRolePolicyDocument="{not json"
    ) == (400, "MalformedPolicyDocument", "This policy contains invalid Json")


def test_get_role_answers_session_duration_and_last_used(role):
    iam, name = role
    got = iam.get_role(RoleName=name)["Role"]
    assert got["MaxSessionDuration"] == 3600
    assert got["RoleLastUsed"] == {}
    assert got["Path"] == "/rec/"
    listed = [r for r in iam.list_roles(PathPrefix="/rec/")["Roles"] if r["RoleName"] == name]
    assert listed[0]["MaxSessionDuration"] == 3600
    assert "RoleLastUsed" not in listed[0]


def test_created_policy_answers_counts(policy):
    assert policy["AttachmentCount"] == 0
    assert policy["PermissionsBoundaryUsageCount"] == 0
    assert policy["IsAttachable"] is True
    assert policy["DefaultVersionId"] == "v1"


@pytest.mark.parametrize("target", ["role", "user"])
def test_attach_policy_refuses_a_name_or_a_missing_arn(aws_client, unique_name, cleanup, policy, target):
    iam = aws_client("iam")
    name = unique_name("rec-att")
    if target == "role":
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))
        cleanup.append(lambda: iam.delete_role(RoleName=name))
        attach, kwargs, code = iam.attach_role_policy, {"RoleName": name}, "ValidationError"
    else:
        iam.create_user(UserName=name)
        cleanup.append(lambda: iam.delete_user(UserName=name))
        attach, kwargs, code = iam.attach_user_policy, {"UserName": name}, "InvalidInput"
    assert client_error(attach, PolicyArn="longpolicynamebutnoarn", **kwargs) == (
        400,
        code,
        "ARN longpolicynamebutnoarn is not valid.",
    )
    assert client_error(attach, PolicyArn=policy["PolicyName"], **kwargs) == (
        400,
        code,
        f"ARN {policy['PolicyName']} is not valid.",
    )
    missing = policy["Arn"] + "123"
    assert client_error(attach, PolicyArn=missing, **kwargs) == (
        404,
        "NoSuchEntity",
        f"Policy {missing} does not exist or is not attachable.",
    )


def test_boundary_usage_count_counts_the_roles_it_bounds(aws_client, unique_name, cleanup, policy):
    iam = aws_client("iam")
    name = unique_name("rec-bounded")
    iam.create_role(
        RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST), PermissionsBoundary=policy["Arn"]
    )
    cleanup.append(lambda: iam.delete_role(RoleName=name))
    got = iam.get_policy(PolicyArn=policy["Arn"])["Policy"]
    assert got["PermissionsBoundaryUsageCount"] == 1
    assert got["AttachmentCount"] == 0


def test_missing_role_and_taken_role_name_in_aws_words(role):
    iam, name = role
    missing = "test-nonexistent-role"
    sentence = (404, "NoSuchEntity", f"The role with name {missing} cannot be found.")
    assert client_error(iam.get_role, RoleName=missing) == sentence
    assert client_error(iam.update_role, RoleName=missing, Description="x") == sentence
    assert client_error(iam.delete_role, RoleName=missing) == sentence
    assert client_error(iam.create_role, RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST)) == (
        409,
        "EntityAlreadyExists",
        f"Role with name {name} already exists.",
    )


def test_deleting_a_role_with_policies_is_a_conflict(role, policy):
    iam, name = role
    iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=json.dumps(POLICY))
    assert client_error(iam.delete_role, RoleName=name) == (
        409,
        "DeleteConflict",
        "Cannot delete entity, must delete policies first.",
    )
    iam.delete_role_policy(RoleName=name, PolicyName="inline")
    iam.attach_role_policy(RoleName=name, PolicyArn=policy["Arn"])
    assert client_error(iam.delete_role, RoleName=name) == (
        409,
        "DeleteConflict",
        "Cannot delete entity, must detach all policies first.",
    )
    iam.detach_role_policy(RoleName=name, PolicyArn=policy["Arn"])


def test_update_assume_role_policy_refusals(role):
    iam, name = role
    statement = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}}
    bad_action = {"Version": "2012-10-17", "Statement": [{**statement, "Action": "s3:GetObject"}]}
    with_resource = {
        "Version": "2012-10-17",
        "Statement": [{**statement, "Action": "sts:AssumeRole", "Resource": "*"}],
    }
    update = iam.update_assume_role_policy
    assert client_error(update, RoleName=name, PolicyDocument="{not json") == (
        400,
        "MalformedPolicyDocument",
        "This policy contains invalid Json",
    )
    assert client_error(update, RoleName=name, PolicyDocument=json.dumps(bad_action)) == (
        400,
        "MalformedPolicyDocument",
        "AssumeRole policy may only specify STS AssumeRole actions.",
    )
    assert client_error(update, RoleName=name, PolicyDocument=json.dumps(with_resource)) == (
        400,
        "MalformedPolicyDocument",
        "Has prohibited field Resource",
    )


def test_detaching_a_policy_not_attached_is_not_found(role, policy):
    iam, name = role
    assert client_error(iam.detach_role_policy, RoleName=name, PolicyArn=policy["Arn"]) == (
        404,
        "NoSuchEntity",
        f"Policy {policy['Arn']} was not found.",
    )


def test_role_tag_refusals(role):
    iam, name = role
    missing = "test-nonexistent-role"
    sentence = (404, "NoSuchEntity", f"The role with name {missing} cannot be found.")
    assert client_error(iam.tag_role, RoleName=missing, Tags=[{"Key": "k", "Value": "v"}]) == sentence
    assert client_error(iam.untag_role, RoleName=missing, TagKeys=["k"]) == sentence
    assert client_error(iam.list_role_tags, RoleName=missing) == sentence
    duplicate = [{"Key": "k", "Value": "a"}, {"Key": "K", "Value": "b"}]
    assert client_error(iam.tag_role, RoleName=name, Tags=duplicate) == (
        400,
        "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    )


def test_role_boundary_is_answered_by_create_and_get(aws_client, unique_name, cleanup, policy):
    iam = aws_client("iam")
    name = unique_name("rec-bound")
    created = iam.create_role(
        RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST), PermissionsBoundary=policy["Arn"]
    )["Role"]
    cleanup.append(lambda: iam.delete_role(RoleName=name))
    got = iam.get_role(RoleName=name)["Role"]
    assert created["PermissionsBoundary"]["PermissionsBoundaryArn"] == policy["Arn"]
    assert got["PermissionsBoundary"]["PermissionsBoundaryArn"] == policy["Arn"]
