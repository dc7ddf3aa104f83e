"""GetKeyLastUsage: empty until a key's first successful cryptographic operation, then that operation,
its time and request ids; a failed operation is not recorded."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_last_usage_follows_successful_cryptographic_operations(kms):
    key = kms.create_key()["KeyMetadata"]
    answer = kms.get_key_last_usage(KeyId=key["Arn"])
    assert answer["KeyId"] == key["KeyId"]
    assert answer["KeyLastUsage"] == {}
    assert answer["KeyCreationDate"] == answer["TrackingStartDate"] == key["CreationDate"]

    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    usage = kms.get_key_last_usage(KeyId=key["KeyId"])["KeyLastUsage"]
    assert usage["Operation"] == "Encrypt" and usage["KmsRequestId"] and usage["CloudTrailEventId"]
    assert usage["Timestamp"] >= key["CreationDate"]

    kms.decrypt(CiphertextBlob=blob)  # the key comes from the ciphertext
    assert kms.get_key_last_usage(KeyId=key["KeyId"])["KeyLastUsage"]["Operation"] == "Decrypt"
    kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")  # answered by the backend
    assert kms.get_key_last_usage(KeyId=key["KeyId"])["KeyLastUsage"]["Operation"] == "GenerateDataKey"

    kms.disable_key(KeyId=key["KeyId"])
    with pytest.raises(ClientError):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert kms.get_key_last_usage(KeyId=key["KeyId"])["KeyLastUsage"]["Operation"] == "GenerateDataKey"
    kms.describe_key(KeyId=key["KeyId"])  # not cryptographic
    assert kms.get_key_last_usage(KeyId=key["KeyId"])["KeyLastUsage"]["Operation"] == "GenerateDataKey"
