"""S3 requests signed with keys IAM or STS issued are decided by the principal's identity-based policies
(inline, managed, its groups', an assumed role's and its session policy) together with the bucket policy, as
IAM's evaluation logic says: an explicit Deny anywhere wins; in the bucket's own account an Allow in either
policy is enough; with none, 403 AccessDenied with S3's message naming the reason. The default test keys
act as the account's root user and stay allowed."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

ACCOUNT = "000000000000"


def _policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action, resource) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def _deny(action, resource) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource}


@pytest.fixture
def iam(aws_client):
    return aws_client("iam")


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("idp")
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="k", Body=b"data")

    def remove_policy_and_bucket():
        s3.delete_bucket_policy(Bucket=name)
        remove_bucket(s3, name)

    cleanup.append(remove_policy_and_bucket)
    return name


@pytest.fixture
def user(iam, aws_client, unique_name, cleanup):
    """(user name, an S3 client signed with the user's own key)."""
    name = unique_name("idp-user")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]

    def remove():
        for policy_name in iam.list_user_policies(UserName=name)["PolicyNames"]:
            iam.delete_user_policy(UserName=name, PolicyName=policy_name)
        for attached in iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]:
            iam.detach_user_policy(UserName=name, PolicyArn=attached["PolicyArn"])
        for group in iam.list_groups_for_user(UserName=name)["Groups"]:
            iam.remove_user_from_group(GroupName=group["GroupName"], UserName=name)
        iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
        iam.delete_user(UserName=name)

    cleanup.append(remove)
    client = aws_client(
        "s3",
        credentials={
            "aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"],
        },
    )
    return name, client


def _refused(call, **kwargs) -> dict:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return excinfo.value.response["Error"]


def test_user_without_policies_is_denied_with_the_reason(user, bucket):
    name, client = user
    error = _refused(client.get_object, Bucket=bucket, Key="k")
    assert error["Code"] == "AccessDenied"
    assert error["Message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/{name} is not authorized to perform: s3:GetObject on resource: "
        f'"arn:aws:s3:::{bucket}/k" because no identity-based policy allows the s3:GetObject action'
    )
    error = _refused(client.list_buckets)
    assert error["Code"] == "AccessDenied"
    assert "because no identity-based policy allows the s3:ListAllMyBuckets action" in error["Message"]


def test_inline_policy_allows_only_what_it_names(iam, user, bucket):
    name, client = user
    iam.put_user_policy(
        UserName=name,
        PolicyName="read",
        PolicyDocument=_policy(_allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*")),
    )
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    assert client.head_object(Bucket=bucket, Key="k")["ContentLength"] == 4
    error = _refused(client.put_object, Bucket=bucket, Key="new", Body=b"x")
    assert error["Message"].endswith("because no identity-based policy allows the s3:PutObject action")
    error = _refused(client.list_objects_v2, Bucket=bucket)
    assert error["Message"].endswith("because no identity-based policy allows the s3:ListBucket action")


def test_managed_and_group_policies_apply(iam, user, bucket, unique_name, cleanup):
    name, client = user
    policy_arn = iam.create_policy(
        PolicyName=unique_name("idp-list"),
        PolicyDocument=_policy(_allow("s3:ListBucket", f"arn:aws:s3:::{bucket}")),
    )["Policy"]["Arn"]
    cleanup.append(lambda: iam.delete_policy(PolicyArn=policy_arn))
    iam.attach_user_policy(UserName=name, PolicyArn=policy_arn)
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 1
    group = unique_name("idp-group")
    iam.create_group(GroupName=group)
    cleanup.append(lambda: iam.delete_group(GroupName=group))
    cleanup.append(lambda: iam.delete_group_policy(GroupName=group, PolicyName="write"))
    iam.put_group_policy(
        GroupName=group, PolicyName="write", PolicyDocument=_policy(_allow("s3:PutObject", "*"))
    )
    _refused(client.put_object, Bucket=bucket, Key="w", Body=b"x")
    iam.add_user_to_group(GroupName=group, UserName=name)
    client.put_object(Bucket=bucket, Key="w", Body=b"x")


def test_aws_managed_read_only_policy(iam, user, bucket):
    name, client = user
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    assert bucket in [b["Name"] for b in client.list_buckets()["Buckets"]]
    _refused(client.delete_object, Bucket=bucket, Key="k")


def test_explicit_deny_in_an_identity_policy_wins(iam, user, bucket):
    name, client = user
    iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=_policy(_allow("s3:*", "*")))
    iam.put_user_policy(
        UserName=name,
        PolicyName="no-get",
        PolicyDocument=_policy(_deny("s3:GetObject", f"arn:aws:s3:::{bucket}/*")),
    )
    error = _refused(client.get_object, Bucket=bucket, Key="k")
    assert error["Message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/{name} is not authorized to perform: s3:GetObject on resource: "
        f'"arn:aws:s3:::{bucket}/k" with an explicit deny in an identity-based policy'
    )
    client.put_object(Bucket=bucket, Key="other", Body=b"x")


def test_bucket_policy_naming_the_user_allows_within_the_account(s3, user, bucket):
    name, client = user
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/{name}"},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=_policy(statement))
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    # Naming another user of the account allows nothing to this one.
    statement["Principal"] = {"AWS": f"arn:aws:iam::{ACCOUNT}:user/someone-else"}
    s3.put_bucket_policy(Bucket=bucket, Policy=_policy(statement))
    _refused(client.get_object, Bucket=bucket, Key="k")


def test_bucket_policy_deny_wins_over_an_identity_allow(s3, iam, user, bucket):
    name, client = user
    iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=_policy(_allow("s3:*", "*")))
    statement = {
        "Effect": "Deny",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/{name}"},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=_policy(statement))
    error = _refused(client.get_object, Bucket=bucket, Key="k")
    assert error["Message"].endswith("with an explicit deny in a resource-based policy")
    # The root user (the default test keys) is not that principal.
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"


def test_assumed_role_policies_and_session_policy(aws_client, iam, bucket, unique_name, cleanup):
    role = unique_name("idp-role")
    trust = _policy({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})
    role_arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    cleanup.append(lambda: iam.delete_role(RoleName=role))
    cleanup.append(lambda: iam.delete_role_policy(RoleName=role, PolicyName="s3"))
    iam.put_role_policy(RoleName=role, PolicyName="s3", PolicyDocument=_policy(_allow("s3:*", "*")))
    sts = aws_client("sts")

    def client_of(**kwargs):
        credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="sess", **kwargs)["Credentials"]
        return aws_client(
            "s3",
            credentials={
                "aws_access_key_id": credentials["AccessKeyId"],
                "aws_secret_access_key": credentials["SecretAccessKey"],
                "aws_session_token": credentials["SessionToken"],
            },
        )

    client = client_of()
    client.put_object(Bucket=bucket, Key="by-role", Body=b"x")
    narrowed = client_of(Policy=_policy(_allow("s3:GetObject", "*")))
    assert narrowed.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    error = _refused(narrowed.put_object, Bucket=bucket, Key="nope", Body=b"x")
    assert error["Message"].startswith(f"User: arn:aws:sts::{ACCOUNT}:assumed-role/{role}/sess ")


def test_identity_policy_conditions_see_the_user(iam, user, bucket):
    name, client = user
    statement = _allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*")
    statement["Condition"] = {"StringEquals": {"aws:PrincipalType": "User", "aws:username": name}}
    iam.put_user_policy(UserName=name, PolicyName="mine", PolicyDocument=_policy(statement))
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    statement["Condition"] = {"StringEquals": {"aws:username": "someone-else"}}
    iam.put_user_policy(UserName=name, PolicyName="mine", PolicyDocument=_policy(statement))
    _refused(client.get_object, Bucket=bucket, Key="k")


def test_identity_policy_conditions_see_the_resource_account(iam, user, bucket):
    """CDK's bootstrap roles allow their S3 actions only where aws:ResourceAccount is their own account."""
    name, client = user
    statement = _allow(["s3:GetObject*", "s3:List*"], [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"])
    statement["Condition"] = {"StringEquals": {"aws:ResourceAccount": [ACCOUNT]}}
    iam.put_user_policy(UserName=name, PolicyName="own", PolicyDocument=_policy(statement))
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    assert [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]] == ["k"]
    statement["Condition"] = {"StringEquals": {"aws:ResourceAccount": ["111122223333"]}}
    iam.put_user_policy(UserName=name, PolicyName="own", PolicyDocument=_policy(statement))
    _refused(client.get_object, Bucket=bucket, Key="k")


def test_list_buckets_allowed_on_every_bucket_arn(iam, user, bucket):
    name, client = user
    statement = _allow("s3:ListAllMyBuckets", "arn:aws:s3:::*")
    iam.put_user_policy(UserName=name, PolicyName="list", PolicyDocument=_policy(statement))
    assert bucket in [b["Name"] for b in client.list_buckets()["Buckets"]]


def test_default_test_keys_stay_allowed(s3, bucket):
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    s3.put_object(Bucket=bucket, Key="root", Body=b"x")
    assert bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_across_accounts_both_sides_must_allow(aws_client, unique_name, cleanup):
    owner_account, caller_account = "111111111111", "222222222222"
    owner = aws_client("s3", credentials={"aws_access_key_id": owner_account, "aws_secret_access_key": "x"})
    iam_b = aws_client("iam", credentials={"aws_access_key_id": caller_account, "aws_secret_access_key": "x"})
    name = unique_name("idp-x")
    owner.create_bucket(Bucket=name)
    owner.put_object(Bucket=name, Key="k", Body=b"data")
    cleanup.append(lambda: remove_bucket(owner, name))
    cleanup.append(lambda: owner.delete_bucket_policy(Bucket=name))
    user = unique_name("idp-xuser")
    iam_b.create_user(UserName=user)
    key = iam_b.create_access_key(UserName=user)["AccessKey"]
    cleanup.append(lambda: iam_b.delete_user(UserName=user))
    cleanup.append(lambda: iam_b.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"]))
    cleanup.append(lambda: iam_b.delete_user_policy(UserName=user, PolicyName="s3"))
    client = aws_client(
        "s3",
        credentials={
            "aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"],
        },
    )
    iam_b.put_user_policy(UserName=user, PolicyName="s3", PolicyDocument=_policy(_allow("s3:GetObject", "*")))
    # The caller's account allows it, the bucket's does not.
    error = _refused(client.get_object, Bucket=name, Key="k")
    assert (error["Code"], error["Message"]) == ("AccessDenied", "Access Denied")
    grant = {
        "Effect": "Allow",
        "Principal": {"AWS": caller_account},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{name}/*",
    }
    owner.put_bucket_policy(Bucket=name, Policy=_policy(grant))
    assert client.get_object(Bucket=name, Key="k")["Body"].read() == b"data"
    # The bucket's account allows it, the caller's does not.
    iam_b.put_user_policy(UserName=user, PolicyName="s3", PolicyDocument=_policy(_allow("s3:PutObject", "*")))
    _refused(client.get_object, Bucket=name, Key="k")


def _role_client(aws_client, iam, unique_name, cleanup, boundary_arn):
    """An S3 client of an assumed role allowed s3:* by its own policy, with `boundary_arn` as its boundary."""
    role = unique_name("idp-bounded")
    trust = _policy({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})
    role_arn = iam.create_role(
        RoleName=role, AssumeRolePolicyDocument=trust, PermissionsBoundary=boundary_arn
    )["Role"]["Arn"]
    cleanup.append(lambda: iam.delete_role(RoleName=role))
    cleanup.append(lambda: iam.delete_role_policy(RoleName=role, PolicyName="s3"))
    iam.put_role_policy(RoleName=role, PolicyName="s3", PolicyDocument=_policy(_allow("s3:*", "*")))
    credentials = aws_client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess")["Credentials"]
    client = aws_client(
        "s3",
        credentials={
            "aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"],
        },
    )
    return role, client


def test_permissions_boundary_limits_a_role(aws_client, iam, s3, bucket, unique_name, cleanup):
    """A boundary caps the role's own s3:* policy: what it does not allow is refused (implicitly), what it
    denies is refused explicitly, and a bucket policy naming the role does not reach past it."""
    boundary = iam.create_policy(
        PolicyName=unique_name("idp-boundary"),
        PolicyDocument=_policy(_allow(["s3:GetObject", "s3:ListBucket"], "*"), _deny("s3:DeleteObject", "*")),
    )["Policy"]["Arn"]
    cleanup.append(lambda: iam.delete_policy(PolicyArn=boundary))
    role, client = _role_client(aws_client, iam, unique_name, cleanup, boundary)
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    session = f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/sess"
    error = _refused(client.put_object, Bucket=bucket, Key="new", Body=b"x")
    assert error["Code"] == "AccessDenied"
    assert error["Message"] == (
        f"User: {session} is not authorized to perform: s3:PutObject on resource: "
        f'"arn:aws:s3:::{bucket}/new" because no permissions boundary allows the s3:PutObject action'
    )
    error = _refused(client.delete_object, Bucket=bucket, Key="k")
    assert error["Message"] == (
        f"User: {session} is not authorized to perform: s3:DeleteObject on resource: "
        f'"arn:aws:s3:::{bucket}/k" with an explicit deny in a permissions boundary'
    )
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=_policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/{role}"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ),
    )
    assert (
        "no permissions boundary allows"
        in _refused(client.put_object, Bucket=bucket, Key="n", Body=b"x")["Message"]
    )
    error = _refused(client.list_buckets)
    assert error["Message"].endswith("because no permissions boundary allows the s3:ListAllMyBuckets action")


@pytest.fixture
def member_account(aws_client, unique_name, cleanup):
    """(account id, S3 client of its root user) of a member account of an organization with SCPs enabled."""
    org = aws_client("organizations")
    try:
        org.create_organization(FeatureSet="ALL")
        # Runs last (in reverse order): the organization goes once its member account has left.
        cleanup.append(org.delete_organization)
    except ClientError as error:
        if error.response["Error"]["Code"] != "AlreadyInOrganizationException":
            raise
    root = org.list_roots()["Roots"][0]
    if not any(kind["Type"] == "SERVICE_CONTROL_POLICY" for kind in root.get("PolicyTypes", [])):
        org.enable_policy_type(RootId=root["Id"], PolicyType="SERVICE_CONTROL_POLICY")
    name = unique_name("scp")
    status = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
    account_id = status["AccountId"]
    cleanup.append(lambda: org.remove_account_from_organization(AccountId=account_id))
    client = aws_client("s3", credentials={"aws_access_key_id": account_id, "aws_secret_access_key": "x"})
    return account_id, client


def test_service_control_policies_limit_member_accounts(aws_client, member_account, unique_name, cleanup):
    """An SCP's Deny refuses even the member account's root user; without FullAWSAccess at the account's
    level, what no SCP there allows is refused too. The management account is not limited."""
    org = aws_client("organizations")
    account_id, client = member_account
    bucket = unique_name("scp-bucket")
    client.create_bucket(Bucket=bucket)
    client.put_object(Bucket=bucket, Key="k", Body=b"data")

    deny = org.create_policy(
        Name=unique_name("scp-deny"),
        Description="no deletes",
        Type="SERVICE_CONTROL_POLICY",
        Content=_policy(_deny(["s3:DeleteObject", "s3:CreateBucket"], "*")),
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=deny, TargetId=account_id)
    error = _refused(client.delete_object, Bucket=bucket, Key="k")
    assert error["Code"] == "AccessDenied"
    assert error["Message"] == (
        f"User: arn:aws:iam::{account_id}:root is not authorized to perform: s3:DeleteObject on resource: "
        f'"arn:aws:s3:::{bucket}/k" with an explicit deny in a service control policy'
    )
    denied_bucket = unique_name("scp-denied")
    error = _refused(client.create_bucket, Bucket=denied_bucket)
    assert error["Message"] == (
        f"User: arn:aws:iam::{account_id}:root is not authorized to perform: s3:CreateBucket on resource: "
        f'"arn:aws:s3:::{denied_bucket}" with an explicit deny in a service control policy'
    )
    org.detach_policy(PolicyId=deny, TargetId=account_id)
    org.delete_policy(PolicyId=deny)

    read_only = org.create_policy(
        Name=unique_name("scp-read"),
        Description="reads only",
        Type="SERVICE_CONTROL_POLICY",
        Content=_policy(_allow(["s3:Get*", "s3:List*"], "*")),
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=read_only, TargetId=account_id)
    org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=account_id)
    try:
        assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
        error = _refused(client.put_object, Bucket=bucket, Key="new", Body=b"x")
        assert error["Message"].endswith("because no service control policy allows the s3:PutObject action")
        assert aws_client("s3").list_buckets()["Buckets"] is not None  # the management account
    finally:
        org.attach_policy(PolicyId="p-FullAWSAccess", TargetId=account_id)
        org.detach_policy(PolicyId=read_only, TargetId=account_id)
        org.delete_policy(PolicyId=read_only)
        remove_bucket(client, bucket)


def test_resource_control_policies_limit_a_member_accounts_buckets(
    aws_client, member_account, unique_name, cleanup
):
    """An RCP's Deny refuses requests on the member account's buckets, from its own root user as from
    another account a bucket policy lets in; buckets of the management account are not limited."""
    org = aws_client("organizations")
    root = org.list_roots()["Roots"][0]
    if not any(kind["Type"] == "RESOURCE_CONTROL_POLICY" for kind in root.get("PolicyTypes", [])):
        org.enable_policy_type(RootId=root["Id"], PolicyType="RESOURCE_CONTROL_POLICY")
    account_id, client = member_account
    bucket = unique_name("rcp-bucket")
    client.create_bucket(Bucket=bucket)
    client.put_object(Bucket=bucket, Key="k", Body=b"data")
    outsider = aws_client("s3")
    grant = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    client.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )
    client.put_bucket_policy(Bucket=bucket, Policy=_policy(grant))
    assert outsider.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    deny = org.create_policy(
        Name=unique_name("rcp-deny"),
        Description="no reads",
        Type="RESOURCE_CONTROL_POLICY",
        Content=_policy({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}),
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=deny, TargetId=account_id)
    try:
        error = _refused(client.get_object, Bucket=bucket, Key="k")
        assert error["Message"] == (
            f"User: arn:aws:iam::{account_id}:root is not authorized to perform: s3:GetObject on resource: "
            f'"arn:aws:s3:::{bucket}/k" with an explicit deny in a resource control policy'
        )
        assert _refused(outsider.get_object, Bucket=bucket, Key="k")["Message"] == "Access Denied"
        client.put_object(Bucket=bucket, Key="k2", Body=b"other actions pass")
        own = unique_name("rcp-management")
        outsider.create_bucket(Bucket=own)
        outsider.put_object(Bucket=own, Key="k", Body=b"x")
        assert outsider.get_object(Bucket=own, Key="k")["Body"].read() == b"x"
        outsider.delete_object(Bucket=own, Key="k")
        outsider.delete_bucket(Bucket=own)
    finally:
        org.detach_policy(PolicyId=deny, TargetId=account_id)
        org.delete_policy(PolicyId=deny)
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


def test_aws_managed_policy_as_permissions_boundary(aws_client, iam, bucket, unique_name, cleanup):
    boundary = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    _, client = _role_client(aws_client, iam, unique_name, cleanup, boundary)
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    error = _refused(client.put_object, Bucket=bucket, Key="new", Body=b"x")
    assert error["Message"].endswith("because no permissions boundary allows the s3:PutObject action")


def test_permissions_boundary_limits_a_user(iam, s3, user, bucket):
    """A user's boundary caps its own policies, but a bucket policy naming the user reaches past it (IAM's
    evaluation logic: a resource-based grant to an IAM user ARN is not limited by the boundary)."""
    name, client = user
    iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=_policy(_allow("s3:*", "*")))
    boundary = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=boundary)
    assert iam.get_user(UserName=name)["User"]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": boundary,
    }
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    error = _refused(client.put_object, Bucket=bucket, Key="new", Body=b"x")
    assert error["Message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/{name} is not authorized to perform: s3:PutObject on resource: "
        f'"arn:aws:s3:::{bucket}/new" because no permissions boundary allows the s3:PutObject action'
    )
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=_policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/{name}"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ),
    )
    client.put_object(Bucket=bucket, Key="new", Body=b"x")
    iam.delete_user_permissions_boundary(UserName=name)
    assert "PermissionsBoundary" not in iam.get_user(UserName=name)["User"]
    client.delete_object(Bucket=bucket, Key="new")
