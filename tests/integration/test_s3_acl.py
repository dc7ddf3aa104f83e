"""ACLs where Object Ownership allows them: canned ACLs answer AWS's grant lists, with the owner's id and
display name, one grant per grantee and permission."""

from __future__ import annotations

import pytest

from tests.integration.s3_support import remove_bucket

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("acl")
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    s3.delete_public_access_block(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _grants(acl: dict) -> list[tuple[str, str]]:
    return [
        (grant["Grantee"].get("URI") or grant["Grantee"]["Type"], grant["Permission"])
        for grant in acl["Grants"]
    ]


@pytest.mark.parametrize(
    "canned, expected",
    [
        ("private", [("CanonicalUser", "FULL_CONTROL")]),
        ("public-read", [("CanonicalUser", "FULL_CONTROL"), (ALL_USERS, "READ")]),
        ("public-read-write", [("CanonicalUser", "FULL_CONTROL"), (ALL_USERS, "READ"), (ALL_USERS, "WRITE")]),
        ("authenticated-read", [("CanonicalUser", "FULL_CONTROL"), (AUTHENTICATED, "READ")]),
        (
            "log-delivery-write",
            [("CanonicalUser", "FULL_CONTROL"), (LOG_DELIVERY, "WRITE"), (LOG_DELIVERY, "READ_ACP")],
        ),
    ],
)
def test_canned_bucket_acls(s3, bucket, canned, expected):
    s3.put_bucket_acl(Bucket=bucket, ACL=canned)
    acl = s3.get_bucket_acl(Bucket=bucket)
    assert _grants(acl) == expected
    owner = acl["Owner"]
    # S3 stopped answering DisplayName on November 21, 2025.
    assert owner["ID"] and "DisplayName" not in owner
    assert acl["Grants"][0]["Grantee"]["ID"] == owner["ID"]
    assert "DisplayName" not in acl["Grants"][0]["Grantee"]


def test_object_acl_from_grant_header(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", GrantRead=f'uri="{ALL_USERS}"')
    assert _grants(s3.get_object_acl(Bucket=bucket, Key="k")) == [(ALL_USERS, "READ")]


def test_enforced_bucket_acl_is_owner_full_control(s3, unique_name, cleanup):
    name = unique_name("enforced")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    assert _grants(s3.get_bucket_acl(Bucket=name)) == [("CanonicalUser", "FULL_CONTROL")]


def test_grant_to_another_accounts_canonical_id(aws_client, unique_name, cleanup):
    owner = aws_client("s3", credentials={"aws_access_key_id": "111111111111"})
    other = aws_client("s3", credentials={"aws_access_key_id": "222222222222"})
    other_id = other.list_buckets()["Owner"]["ID"]
    name = unique_name("grant")
    owner.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    cleanup.append(lambda: remove_bucket(owner, name))
    owner.put_object(Bucket=name, Key="k", Body=b"shared")
    owner_id = owner.get_bucket_acl(Bucket=name)["Owner"]["ID"]
    assert owner_id != other_id
    assert owner.list_buckets()["Owner"]["ID"] == owner_id
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError):
        other.get_object(Bucket=name, Key="k")
    owner.put_object_acl(
        Bucket=name, Key="k", GrantRead=f'id="{other_id}"', GrantFullControl=f'id="{owner_id}"'
    )
    assert other.get_object(Bucket=name, Key="k")["Body"].read() == b"shared"
    grants = owner.get_object_acl(Bucket=name, Key="k")["Grants"]
    assert {(g["Grantee"].get("ID"), g["Permission"]) for g in grants} == {
        (other_id, "READ"),
        (owner_id, "FULL_CONTROL"),
    }


def _error(excinfo) -> dict:
    return excinfo.value.response["Error"]


def test_unknown_canned_acl_is_invalid_argument(s3, bucket):
    from botocore.exceptions import ClientError

    for call in (
        lambda: s3.put_bucket_acl(Bucket=bucket, ACL="nope"),
        lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="nope"),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        error = _error(excinfo)
        assert error["Code"] == "InvalidArgument"
        assert error["ArgumentName"] == "x-amz-acl"
        assert error["ArgumentValue"] == "nope"


@pytest.mark.parametrize(
    "grant,message,name,value",
    [
        ('uri="http://acs.amazonaws.com/groups/global/Nobody"', "Invalid group uri", "uri",
         "http://acs.amazonaws.com/groups/global/Nobody"),
        ('id="abc"', "Invalid id", "id", "abc"),
        ('user="abc"', "Argument format not recognized", "x-amz-grant-read", 'user="abc"'),
    ],
)  # fmt: skip
def test_malformed_grant_header_is_invalid_argument(s3, bucket, grant, message, name, value):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_acl(Bucket=bucket, GrantRead=grant)
    error = _error(excinfo)
    assert (error["Code"], error["Message"], error["ArgumentName"], error["ArgumentValue"]) == (
        "InvalidArgument",
        message,
        name,
        value,
    )


def test_access_control_policy_body_is_validated(s3, bucket):
    from botocore.exceptions import ClientError

    owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]

    def put(grants, policy_owner=owner):
        return s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy={"Owner": policy_owner, "Grants": grants})

    with pytest.raises(ClientError) as excinfo:
        put([{"Grantee": {"Type": "Group", "URI": "http://example.com/group"}, "Permission": "READ"}])
    assert (_error(excinfo)["Message"], _error(excinfo)["ArgumentName"]) == ("Invalid group uri", "Group/URI")
    with pytest.raises(ClientError) as excinfo:
        put([{"Grantee": {"Type": "CanonicalUser", "ID": "short"}, "Permission": "READ"}])
    assert (_error(excinfo)["Message"], _error(excinfo)["ArgumentName"]) == ("Invalid id", "CanonicalUser/ID")
    with pytest.raises(ClientError) as excinfo:
        put([], {"ID": "not-an-id"})
    assert _error(excinfo)["ArgumentValue"] == "not-an-id"
    put([{"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "WRITE"}])
    assert (LOG_DELIVERY, "WRITE") in _grants(s3.get_bucket_acl(Bucket=bucket))


def test_email_address_grantees_are_no_longer_taken(s3, bucket):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_acl(Bucket=bucket, GrantRead='emailAddress="someone@example.com"')
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
    assert _error(excinfo)["Code"] == "MethodNotAllowed"
    owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]
    policy = {
        "Owner": owner,
        "Grants": [
            {
                "Grantee": {"Type": "AmazonCustomerByEmail", "EmailAddress": "someone@example.com"},
                "Permission": "READ",
            }
        ],
    }
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy=policy)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
