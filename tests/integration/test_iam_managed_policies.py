"""AWS managed policies: every account has them; the server loads the one a request names."""

import json

import pytest
from botocore.exceptions import ClientError

POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def test_an_aws_managed_policy_attaches_and_reads_back(server, aws_client, unique_name, cleanup) -> None:  # type: ignore[no-untyped-def]
    # An S3 call first: moto's S3 imports moto.iam, which lets go of the policies' text at import.
    aws_client("s3").list_buckets()
    iam = aws_client("iam")
    role = unique_name("role")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(TRUST))
    cleanup.append(lambda: iam.delete_role(RoleName=role))
    iam.attach_role_policy(RoleName=role, PolicyArn=POLICY_ARN)
    cleanup.append(lambda: iam.detach_role_policy(RoleName=role, PolicyArn=POLICY_ARN))

    policy = iam.get_policy(PolicyArn=POLICY_ARN)["Policy"]
    assert policy["PolicyName"] == "ReadOnlyAccess"
    assert policy["Arn"] == POLICY_ARN
    version = iam.get_policy_version(PolicyArn=POLICY_ARN, VersionId=policy["DefaultVersionId"])
    assert version["PolicyVersion"]["Document"]["Statement"]
    attached = iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    assert {"PolicyName": "ReadOnlyAccess", "PolicyArn": POLICY_ARN} in attached


def test_an_unknown_aws_managed_policy_is_not_found(server, aws_client) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ClientError) as error:
        aws_client("iam").get_policy(PolicyArn="arn:aws:iam::aws:policy/NoSuchPolicyAnywhere")
    assert error.value.response["Error"]["Code"] == "NoSuchEntity"


def test_users_in_use_and_malformed_trust_policies_are_refused(aws_client, unique_name):
    """IAM's DeleteConflict for a user with access keys or a login profile, and MalformedPolicyDocument
    for a trust policy that is not JSON (the sentences users' Terraform runs show)."""
    from botocore.exceptions import ClientError

    iam = aws_client("iam")
    user = unique_name("user")
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]["AccessKeyId"]
    iam.create_login_profile(UserName=user, Password="Passw0rd!Passw0rd")
    for expected in ("must delete access keys first.", "must delete login profile first."):
        with pytest.raises(ClientError) as info:
            iam.delete_user(UserName=user)
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
        assert info.value.response["Error"]["Code"] == "DeleteConflict"
        assert info.value.response["Error"]["Message"] == f"Cannot delete entity, {expected}"
        if "access keys" in expected:
            iam.delete_access_key(UserName=user, AccessKeyId=key)
    iam.delete_login_profile(UserName=user)
    iam.delete_user(UserName=user)

    role = unique_name("role")
    with pytest.raises(ClientError) as info:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument="{not json")
    assert info.value.response["Error"]["Code"] == "MalformedPolicyDocument"
    assert info.value.response["Error"]["Message"] == "This policy contains invalid Json"
    with pytest.raises(ClientError):
        iam.get_role(RoleName=role)  # nothing stored
