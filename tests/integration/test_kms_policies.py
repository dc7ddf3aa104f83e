"""Key policies through the edge: the default policy AWS writes, the one policy named "default" (which
may be left unnamed), policies stored as sent, and documents that are not JSON refused."""

from __future__ import annotations

import json

import pytest

from tests.integration.error_support import code_and_message as _error


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_default_policy(kms):
    key = kms.create_key()["KeyMetadata"]
    answer = kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")
    assert answer["PolicyName"] == "default"
    assert json.loads(answer["Policy"]) == {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{key['AWSAccountId']}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
    # AWS lays the default policy out over several lines with " : " separators.
    assert answer["Policy"].startswith('{\n  "Version" : "2012-10-17",\n')
    # PolicyName may be left out: "default" is the only one.
    assert kms.get_key_policy(KeyId=key["Arn"])["Policy"] == answer["Policy"]
    assert kms.list_key_policies(KeyId=key["KeyId"])["PolicyNames"] == ["default"]


def test_put_key_policy_is_stored_as_sent(kms):
    key = kms.create_key()["KeyMetadata"]
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Encrypt", "Resource": "*"}
            ],
        },
        indent=3,
    )
    kms.put_key_policy(KeyId=key["KeyId"], PolicyName="default", Policy=policy)
    assert kms.get_key_policy(KeyId=key["KeyId"])["Policy"] == policy
    kms.put_key_policy(KeyId=key["Arn"], Policy=policy.replace("Encrypt", "Decrypt"))
    assert "kms:Decrypt" in kms.get_key_policy(KeyId=key["KeyId"])["Policy"]

    created = kms.create_key(Policy=policy)["KeyMetadata"]
    assert kms.get_key_policy(KeyId=created["KeyId"])["Policy"] == policy


def test_policy_errors(kms):
    key = kms.create_key()["KeyMetadata"]
    assert (
        _error(kms.put_key_policy, KeyId=key["KeyId"], Policy="not json")[0]
        == "MalformedPolicyDocumentException"
    )
    assert _error(kms.put_key_policy, KeyId=key["KeyId"], Policy='["a list"]')[0] == (
        "MalformedPolicyDocumentException"
    )
    assert _error(kms.create_key, Policy="{nope")[0] == "MalformedPolicyDocumentException"
    assert _error(kms.get_key_policy, KeyId=key["KeyId"], PolicyName="other")[0] == "NotFoundException"
    missing = "11111111-2222-3333-4444-555555555555"
    assert _error(kms.get_key_policy, KeyId=missing) == (
        "NotFoundException",
        f"Key 'arn:aws:kms:{kms.meta.region_name}:{key['AWSAccountId']}:key/{missing}' does not exist",
    )
