"""Multi-Region KMS keys: mrk- ids that encrypt and decrypt, ReplicateKey making a REPLICA that shares
the primary's material (a ciphertext of one decrypts with the other), and AWS's refusals."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError

from tests.integration.error_support import error_code as _code


@pytest.fixture
def kms(aws_client):
    return aws_client("kms", region="us-east-1")


@pytest.fixture
def kms_west(aws_client):
    return aws_client("kms", region="us-west-2")


def test_multi_region_key_encrypts_and_decrypts(kms):
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]
    assert key["KeyId"].startswith("mrk-") and key["MultiRegion"] is True
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret", EncryptionContext={"a": "b"})[
        "CiphertextBlob"
    ]
    answer = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})
    assert (answer["Plaintext"], answer["KeyId"]) == (b"secret", key["Arn"])
    assert (
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"}, KeyId=key["Arn"])["Plaintext"]
        == b"secret"
    )
    data_key = kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")
    assert kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"])["Plaintext"] == data_key["Plaintext"]


def test_replicate_key(kms, kms_west):
    primary = kms.create_key(MultiRegion=True, Description="primary")["KeyMetadata"]
    answer = kms.replicate_key(
        KeyId=primary["Arn"],
        ReplicaRegion="us-west-2",
        Description="replica",
        Tags=[{"TagKey": "t", "TagValue": "v"}],
    )
    replica = answer["ReplicaKeyMetadata"]
    # A new replica is Creating for a moment, as AWS answers it (recorded), then Enabled.
    assert (replica["KeyState"], replica["Enabled"]) == ("Creating", False)
    deadline = time.monotonic() + 10
    while kms_west.describe_key(KeyId=primary["KeyId"])["KeyMetadata"]["KeyState"] != "Enabled":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    west_arn = f"arn:aws:kms:us-west-2:{primary['AWSAccountId']}:key/{primary['KeyId']}"
    assert (replica["KeyId"], replica["Arn"], replica["Description"]) == (
        primary["KeyId"],
        west_arn,
        "replica",
    )
    assert replica["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA"
    assert answer["ReplicaTags"] == [{"TagKey": "t", "TagValue": "v"}]

    config = kms.describe_key(KeyId=primary["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
    assert config == {
        "MultiRegionKeyType": "PRIMARY",
        "PrimaryKey": {"Arn": primary["Arn"], "Region": "us-east-1"},
        "ReplicaKeys": [{"Arn": west_arn, "Region": "us-west-2"}],
    }
    described = kms_west.describe_key(KeyId=primary["KeyId"])["KeyMetadata"]
    assert described["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA"
    assert described["Description"] == "replica"
    assert kms_west.list_resource_tags(KeyId=primary["KeyId"])["Tags"] == [{"TagKey": "t", "TagValue": "v"}]

    # Related multi-Region keys share their key material.
    blob = kms.encrypt(KeyId=primary["KeyId"], Plaintext=b"east")["CiphertextBlob"]
    decrypted = kms_west.decrypt(CiphertextBlob=blob)
    assert (decrypted["Plaintext"], decrypted["KeyId"]) == (b"east", west_arn)
    blob = kms_west.encrypt(KeyId=primary["KeyId"], Plaintext=b"west")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"west"

    assert (
        _code(kms.replicate_key, KeyId=primary["KeyId"], ReplicaRegion="us-west-2")
        == "AlreadyExistsException"
    )


def test_replicate_key_refusals(kms):
    single = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as info:
        kms.replicate_key(KeyId=single["KeyId"], ReplicaRegion="us-west-2")
    assert info.value.response["Error"]["Message"] == f"{single['Arn']} is not a multi-region key."
    assert _code(kms.replicate_key, KeyId="mrk-" + "0" * 32, ReplicaRegion="us-west-2") == "NotFoundException"
