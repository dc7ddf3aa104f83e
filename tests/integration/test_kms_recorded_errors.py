"""KMS refusals with the codes and sentences recorded against AWS: malformed key ids quoted, multi-Region
ids of AWS's form looked up, key ARNs of another Region, GenerateRandom without NumberOfBytes, and a
Plaintext over 4096 bytes (its value, sensitive, left out of the sentence); MultiRegion false in metadata."""

from __future__ import annotations

import pytest
from botocore.config import Config

from tests.integration.error_support import code_and_message as _error


@pytest.fixture
def kms(aws_client):
    return aws_client("kms", config=Config(parameter_validation=False))


@pytest.mark.parametrize("key_id", ["fake-key-id", "134f2428cec14b25a1ae9048164dba47", "mrk-fake-key-id"])
def test_malformed_key_ids_are_quoted(kms, key_id):
    expected = ("NotFoundException", f"Invalid keyId '{key_id}'")
    assert _error(kms.describe_key, KeyId=key_id) == expected
    assert _error(kms.enable_key_rotation, KeyId=key_id) == expected
    assert _error(kms.generate_mac, KeyId=key_id, Message=b"m", MacAlgorithm="HMAC_SHA_256") == expected


def test_a_multi_region_id_of_aws_form_is_looked_up(kms):
    region = kms.meta.region_name
    account = kms.describe_key(KeyId=kms.create_key()["KeyMetadata"]["KeyId"])["KeyMetadata"]["AWSAccountId"]
    key_id = "mrk-d3b95762d3b95762d3b95762d3b95762"
    assert _error(kms.describe_key, KeyId=key_id) == (
        "NotFoundException",
        f"Key 'arn:aws:kms:{region}:{account}:key/{key_id}' does not exist",
    )


def test_a_key_arn_of_another_region_is_refused(kms):
    key = kms.create_key()["KeyMetadata"]
    other = "ap-southeast-1" if kms.meta.region_name != "ap-southeast-1" else "eu-west-1"
    arn = key["Arn"].replace(f":{kms.meta.region_name}:", f":{other}:")
    assert _error(kms.describe_key, KeyId=arn) == ("NotFoundException", f"Invalid arn {other}")
    assert _error(kms.encrypt, KeyId=arn, Plaintext=b"x") == ("NotFoundException", f"Invalid arn {other}")


def test_generate_random_requires_number_of_bytes(kms):
    assert _error(kms.generate_random) == ("ValidationException", "NumberOfBytes is required.")


def test_plaintext_over_4096_bytes_is_refused_without_its_value(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    assert _error(kms.encrypt, KeyId=key_id, Plaintext=b"x" * 4097) == (
        "ValidationException",
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have "
        "length less than or equal to 4096",
    )


def test_key_metadata_says_multi_region_false(kms):
    created = kms.create_key()["KeyMetadata"]
    assert created["MultiRegion"] is False
    assert kms.describe_key(KeyId=created["KeyId"])["KeyMetadata"]["MultiRegion"] is False
    assert "MultiRegionConfiguration" not in created


def test_the_key_behind_an_aws_alias_is_aws_managed(kms):
    described = kms.describe_key(KeyId="alias/aws/secretsmanager")["KeyMetadata"]
    assert described["KeyManager"] == "AWS"
    assert kms.encrypt(KeyId="alias/aws/secretsmanager", Plaintext=b"x")["KeyId"] == described["Arn"]
    assert kms.create_key()["KeyMetadata"]["KeyManager"] == "CUSTOMER"
