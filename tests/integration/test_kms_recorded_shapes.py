"""KMS answers in the shapes recorded against AWS: sentence-less refusals carry no `message` member,
ReplicateKey without tags has no ReplicaTags, and RotateKeyOnDemand honours the key's state and the
on-demand rotation quota."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from localstack.services.kms.key_rotation import ON_DEMAND_ROTATION_QUOTA


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def _refusal(call, **kwargs) -> dict:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response


def test_sentence_less_refusals_have_no_message_member(kms):
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"m", EncryptionContext={"a": "b"})["CiphertextBlob"]
    answer = _refusal(kms.decrypt, CiphertextBlob=blob)
    assert answer["Error"] == {"Code": "InvalidCiphertextException", "Message": ""}
    assert "message" not in answer

    signer = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    signature = kms.sign(KeyId=signer, Message=b"hello", SigningAlgorithm="RSASSA_PSS_SHA_256")["Signature"]
    answer = _refusal(
        kms.verify, KeyId=signer, Message=b"other", Signature=signature, SigningAlgorithm="RSASSA_PSS_SHA_256"
    )
    assert answer["Error"] == {"Code": "KMSInvalidSignatureException", "Message": ""}
    assert "message" not in answer

    hmac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    mac = kms.generate_mac(KeyId=hmac, Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    answer = _refusal(kms.verify_mac, KeyId=hmac, Message=b"n", Mac=mac, MacAlgorithm="HMAC_SHA_256")
    assert answer["Error"] == {"Code": "KMSInvalidMacException", "Message": ""}
    assert "message" not in answer


def test_a_refusal_with_a_sentence_keeps_its_message_member(kms):
    key = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=key["KeyId"])
    answer = _refusal(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"m")
    assert answer["Error"]["Message"] == answer["message"] == f"{key['Arn']} is disabled."


def test_replicate_key_without_tags_answers_no_replica_tags(kms, aws_client):
    primary = kms.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    answer = kms.replicate_key(KeyId=primary, ReplicaRegion="ap-southeast-1")
    assert "ReplicaTags" not in answer
    assert answer["ReplicaKeyMetadata"]["KeyState"] == "Creating"
    assert answer["ReplicaKeyMetadata"]["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA"

    tagged = kms.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    tags = [{"TagKey": "team", "TagValue": "payments"}]
    answer = kms.replicate_key(KeyId=tagged, ReplicaRegion="ap-southeast-1", Tags=tags)
    assert answer["ReplicaTags"] == tags


def test_rotate_key_on_demand_refuses_keys_that_are_not_enabled(kms):
    key = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=key["KeyId"])
    answer = _refusal(kms.rotate_key_on_demand, KeyId=key["KeyId"])
    assert answer["Error"] == {"Code": "DisabledException", "Message": f"{key['Arn']} is disabled."}

    external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    answer = _refusal(kms.rotate_key_on_demand, KeyId=external["KeyId"])
    assert answer["Error"] == {
        "Code": "KMSInvalidStateException",
        "Message": f"{external['Arn']} is pending import.",
    }

    doomed = kms.create_key()["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=doomed["KeyId"], PendingWindowInDays=7)
    answer = _refusal(kms.rotate_key_on_demand, KeyId=doomed["KeyId"])
    assert answer["Error"] == {
        "Code": "KMSInvalidStateException",
        "Message": f"{doomed['Arn']} is pending deletion.",
    }


def test_rotate_key_on_demand_stops_at_the_quota(kms):
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    for _ in range(ON_DEMAND_ROTATION_QUOTA):
        kms.rotate_key_on_demand(KeyId=key)
    rotations = kms.list_key_rotations(KeyId=key, Limit=1000)["Rotations"]
    assert [r["RotationType"] for r in rotations] == ["ON_DEMAND"] * ON_DEMAND_ROTATION_QUOTA
    answer = _refusal(kms.rotate_key_on_demand, KeyId=key)
    assert answer["Error"]["Code"] == "LimitExceededException"
    assert ON_DEMAND_ROTATION_QUOTA == 25  # the developer guide's on-demand rotation quota


def test_tag_resource_counts_the_tags_the_key_already_has(kms):
    key = kms.create_key(Tags=[{"TagKey": f"k{i}", "TagValue": "v"} for i in range(49)])["KeyMetadata"][
        "KeyId"
    ]
    kms.tag_resource(
        KeyId=key, Tags=[{"TagKey": "k0", "TagValue": "new"}, {"TagKey": "k49", "TagValue": "v"}]
    )
    answer = _refusal(kms.tag_resource, KeyId=key, Tags=[{"TagKey": "k50", "TagValue": "v"}])
    assert answer["Error"] == {"Code": "TagException", "Message": "Too many tags"}
    tags = kms.list_resource_tags(KeyId=key, Limit=100)["Tags"]
    assert len(tags) == 50 and {"TagKey": "k0", "TagValue": "new"} in tags


def test_aws_managed_aliases_cannot_be_deleted(kms):
    answer = _refusal(kms.delete_alias, AliasName="alias/aws/s3")
    assert answer["Error"] == {"Code": "NotAuthorizedException", "Message": ""}
    assert "message" not in answer
    names = [
        alias["AliasName"]
        for page in kms.get_paginator("list_aliases").paginate()
        for alias in page["Aliases"]
    ]
    assert "alias/aws/s3" in names
    answer = _refusal(
        kms.create_alias, AliasName="alias/aws/mine", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"]
    )
    assert answer["Error"] == {"Code": "NotAuthorizedException", "Message": ""}
