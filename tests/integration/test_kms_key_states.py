"""KMS refuses keys that are not Enabled in every cryptographic operation, with AWS's codes and a
message naming the key's ARN."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.error_support import code_and_message as _error


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_disabled_key_refuses_every_crypto_operation(kms):
    key = kms.create_key()["KeyMetadata"]
    other = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]
    kms.disable_key(KeyId=key["KeyId"])
    expected = ("DisabledException", f"{key['Arn']} is disabled.")

    assert _error(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == expected
    assert _error(kms.encrypt, KeyId=key["Arn"], Plaintext=b"x") == expected
    assert _error(kms.generate_data_key, KeyId=key["KeyId"], KeySpec="AES_256") == expected
    assert _error(kms.generate_data_key_without_plaintext, KeyId=key["KeyId"], KeySpec="AES_256") == expected
    assert _error(kms.decrypt, CiphertextBlob=blob) == expected
    assert _error(kms.re_encrypt, CiphertextBlob=blob, DestinationKeyId=other["KeyId"]) == expected

    kms.enable_key(KeyId=key["KeyId"])
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"secret"


def test_key_pending_deletion_is_in_an_invalid_state(kms):
    key = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    expected = ("KMSInvalidStateException", f"{key['Arn']} is pending deletion.")
    assert _error(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == expected
    assert _error(kms.decrypt, CiphertextBlob=blob) == expected


def test_disabled_signing_and_mac_keys(kms):
    signing = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")["KeyMetadata"]
    mac = kms.create_key(KeyUsage="GENERATE_VERIFY_MAC", KeySpec="HMAC_256")["KeyMetadata"]
    signature = kms.sign(KeyId=signing["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    kms.disable_key(KeyId=signing["KeyId"])
    kms.disable_key(KeyId=mac["KeyId"])

    disabled = ("DisabledException", f"{signing['Arn']} is disabled.")
    assert (
        _error(kms.sign, KeyId=signing["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256") == disabled
    )
    assert (
        _error(
            kms.verify,
            KeyId=signing["KeyId"],
            Message=b"m",
            Signature=signature,
            SigningAlgorithm="ECDSA_SHA_256",
        )
        == disabled
    )
    # GetPublicKey still answers for a disabled key in AWS (its key-state table says otherwise).
    assert kms.get_public_key(KeyId=signing["KeyId"])["KeyId"] == signing["Arn"]
    assert _error(kms.generate_mac, KeyId=mac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256") == (
        "DisabledException",
        f"{mac['Arn']} is disabled.",
    )


def test_generate_data_key_pair(kms):
    from cryptography.hazmat.primitives import serialization

    key = kms.create_key()["KeyMetadata"]
    pair = kms.generate_data_key_pair(
        KeyId=key["KeyId"], KeyPairSpec="ECC_NIST_P256", EncryptionContext={"a": "1"}
    )
    assert pair["KeyId"] == key["Arn"] and pair["KeyPairSpec"] == "ECC_NIST_P256"
    private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], password=None)
    public = serialization.load_der_public_key(pair["PublicKey"])
    assert private.public_key().public_numbers() == public.public_numbers()
    decrypted = kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"], EncryptionContext={"a": "1"})
    assert decrypted["Plaintext"] == pair["PrivateKeyPlaintext"]

    rsa = kms.generate_data_key_pair_without_plaintext(KeyId=key["KeyId"], KeyPairSpec="RSA_2048")
    assert "PrivateKeyPlaintext" not in rsa and rsa["PublicKey"]

    kms.disable_key(KeyId=key["KeyId"])
    assert _error(kms.generate_data_key_pair, KeyId=key["KeyId"], KeyPairSpec="RSA_2048") == (
        "DisabledException",
        f"{key['Arn']} is disabled.",
    )


@pytest.mark.parametrize(
    "params",
    [
        {"KeyUsage": "SIGN_VERIFY", "KeySpec": "ECC_NIST_P256"},
        {"KeyUsage": "GENERATE_VERIFY_MAC", "KeySpec": "HMAC_256"},
        {"Origin": "EXTERNAL"},
    ],
)
def test_rotation_is_for_symmetric_keys_with_kms_material(kms, params):
    key_id = kms.create_key(**params)["KeyMetadata"]["KeyId"]
    for call in (kms.enable_key_rotation, kms.disable_key_rotation):
        with pytest.raises(ClientError) as error:
            call(KeyId=key_id)
        assert error.value.response["Error"]["Code"] == "UnsupportedOperationException"
        if "Origin" not in params:  # imported material has the key-state table's sentence (below)
            assert error.value.response["Error"].get("Message", "") == ""
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=symmetric)
    assert kms.get_key_rotation_status(KeyId=symmetric)["KeyRotationEnabled"] is True


@pytest.mark.parametrize("days", [6, 31])
def test_schedule_key_deletion_window(kms, days):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as error:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=days)
    assert error.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "PendingWindowInDays must be between 7 and 30",
    }
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"


def test_schedule_key_deletion_answer(kms):
    key = kms.create_key()["KeyMetadata"]
    answer = kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    assert answer["KeyId"] == key["Arn"]
    assert (answer["KeyState"], answer["PendingWindowInDays"]) == ("PendingDeletion", 7)
    shown = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert shown["KeyState"] == "PendingDeletion" and shown["DeletionDate"] == answer["DeletionDate"]
    assert _error(kms.schedule_key_deletion, KeyId=key["KeyId"]) == (
        "KMSInvalidStateException",
        f"{key['Arn']} is pending deletion.",
    )
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    assert kms.schedule_key_deletion(KeyId=other)["PendingWindowInDays"] == 30


def test_cancel_key_deletion(kms):
    key = kms.create_key()["KeyMetadata"]
    assert _error(kms.cancel_key_deletion, KeyId=key["KeyId"]) == (
        "KMSInvalidStateException",
        f"{key['Arn']} is not pending deletion.",
    )
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    assert kms.cancel_key_deletion(KeyId=key["KeyId"])["KeyId"] == key["Arn"]
    shown = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert shown["KeyState"] == "Disabled" and "DeletionDate" not in shown


def test_alias_name_needs_its_prefix(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    assert _error(kms.create_alias, AliasName="my-key", TargetKeyId=key_id) == (
        "ValidationException",
        'Alias must start with the prefix "alias/". Please see '
        "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
    )


def test_alias_aws_prefix_is_reserved(kms):
    """The developer guide: a customer managed key's alias cannot begin with alias/aws/."""
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    assert _error(kms.create_alias, AliasName="alias/aws/mine", TargetKeyId=key_id) == (
        "NotAuthorizedException",
        "",
    )
    assert _error(kms.update_alias, AliasName="alias/aws/mine", TargetKeyId=key_id) == (
        "NotAuthorizedException",
        "",
    )
    kms.create_alias(AliasName="alias/awsome", TargetKeyId=key_id)
    kms.delete_alias(AliasName="alias/awsome")


def test_rotate_key_on_demand_is_for_symmetric_keys(kms):
    # AWS answers an empty UnsupportedOperationException for keys rotated by hand (asymmetric, HMAC).
    for spec, usage in (("ECC_SECG_P256K1", "SIGN_VERIFY"), ("HMAC_256", "GENERATE_VERIFY_MAC")):
        key = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]
        assert _error(kms.rotate_key_on_demand, KeyId=key["KeyId"]) == ("UnsupportedOperationException", "")
        assert kms.list_key_rotations(KeyId=key["KeyId"])["Rotations"] == []
    key = kms.create_key()["KeyMetadata"]
    assert kms.rotate_key_on_demand(KeyId=key["KeyId"])["KeyId"] == key["KeyId"]


def test_replicate_key_needs_a_multi_region_key(kms):
    key = kms.create_key()["KeyMetadata"]
    assert _error(kms.replicate_key, KeyId=key["KeyId"], ReplicaRegion="us-west-2") == (
        "UnsupportedOperationException",
        f"{key['Arn']} is not a multi-region key.",
    )


def test_tag_rules(kms):
    key = kms.create_key()["KeyMetadata"]
    cases = [
        ([{"TagKey": "aws:owner", "TagValue": "x"}], "Tags beginning with aws: are reserved"),
        ([{"TagKey": "AWS:owner", "TagValue": "x"}], "Tags beginning with aws: are reserved"),
        ([{"TagKey": "a", "TagValue": "x"}, {"TagKey": "a", "TagValue": "y"}], "Duplicate tag keys"),
        ([{"TagKey": f"k{i}", "TagValue": "x"} for i in range(51)], "Too many tags"),
    ]
    for tags, message in cases:
        assert _error(kms.tag_resource, KeyId=key["KeyId"], Tags=tags) == ("TagException", message)
        assert _error(kms.create_key, Tags=tags) == ("TagException", message)
    assert kms.list_resource_tags(KeyId=key["KeyId"])["Tags"] == []
    kms.tag_resource(KeyId=key["KeyId"], Tags=[{"TagKey": "team", "TagValue": "a"}])
    assert kms.list_resource_tags(KeyId=key["KeyId"])["Tags"] == [{"TagKey": "team", "TagValue": "a"}]


def test_key_rotation_status_shows_period_and_next_date(kms):
    key = kms.create_key()["KeyMetadata"]
    status = kms.get_key_rotation_status(KeyId=key["Arn"])
    assert status["KeyId"] == key["KeyId"]
    assert status["KeyRotationEnabled"] is False
    assert "RotationPeriodInDays" not in status and "NextRotationDate" not in status

    kms.enable_key_rotation(KeyId=key["KeyId"])
    status = kms.get_key_rotation_status(KeyId=key["KeyId"])
    assert (status["KeyRotationEnabled"], status["RotationPeriodInDays"]) == (True, 365)
    days = (status["NextRotationDate"] - key["CreationDate"]).days
    assert 364 <= days <= 365

    kms.enable_key_rotation(KeyId=key["KeyId"], RotationPeriodInDays=90)
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["RotationPeriodInDays"] == 90

    kms.disable_key_rotation(KeyId=key["KeyId"])
    status = kms.get_key_rotation_status(KeyId=key["KeyId"])
    assert status["KeyRotationEnabled"] is False and "RotationPeriodInDays" not in status


def test_rotation_and_grants_refuse_a_key_pending_deletion(kms):
    key = kms.create_key()["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    expected = ("KMSInvalidStateException", f"{key['Arn']} is pending deletion.")
    assert _error(kms.enable_key_rotation, KeyId=key["KeyId"]) == expected
    assert _error(kms.disable_key_rotation, KeyId=key["KeyId"]) == expected
    assert _error(kms.rotate_key_on_demand, KeyId=key["KeyId"]) == expected
    grant = {"GranteePrincipal": "arn:aws:iam::000000000000:root", "Operations": ["Encrypt"]}
    assert _error(kms.create_grant, KeyId=key["KeyId"], **grant) == expected
    assert kms.list_key_rotations(KeyId=key["KeyId"])["Rotations"] == []


@pytest.mark.parametrize(
    "spec, usage",
    [
        ("HMAC_256", "ENCRYPT_DECRYPT"),
        ("ECC_NIST_P256", "ENCRYPT_DECRYPT"),
        ("ECC_SECG_P256K1", "KEY_AGREEMENT"),
        ("RSA_2048", "KEY_AGREEMENT"),
        ("RSA_2048", "GENERATE_VERIFY_MAC"),
        ("SYMMETRIC_DEFAULT", "SIGN_VERIFY"),
    ],
)
def test_create_key_refuses_a_usage_the_spec_cannot_have(kms, spec, usage):
    assert _error(kms.create_key, KeySpec=spec, KeyUsage=usage) == (
        "ValidationException",
        f"KeyUsage {usage} is not compatible with KeySpec {spec}",
    )


def test_create_key_accepts_every_usage_the_spec_allows(kms):
    for spec, usage in (
        ("RSA_2048", "SIGN_VERIFY"),
        ("ECC_NIST_P384", "KEY_AGREEMENT"),
        ("HMAC_512", "GENERATE_VERIFY_MAC"),
    ):
        assert kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyUsage"] == usage


def test_management_operations_refuse_a_key_pending_deletion(kms, unique_name):
    key = kms.create_key()["KeyMetadata"]
    other = kms.create_key()["KeyMetadata"]
    alias = f"alias/{unique_name('k')}"
    kms.create_alias(AliasName=alias, TargetKeyId=other["KeyId"])
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    expected = ("KMSInvalidStateException", f"{key['Arn']} is pending deletion.")
    assert (
        _error(kms.create_alias, AliasName=f"alias/{unique_name('k')}", TargetKeyId=key["KeyId"]) == expected
    )
    assert _error(kms.update_alias, AliasName=alias, TargetKeyId=key["KeyId"]) == expected
    assert _error(kms.tag_resource, KeyId=key["KeyId"], Tags=[{"TagKey": "a", "TagValue": "b"}]) == expected
    assert _error(kms.untag_resource, KeyId=key["KeyId"], TagKeys=["a"]) == expected
    assert _error(kms.update_key_description, KeyId=key["KeyId"], Description="x") == expected
    policy = kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"]
    # PutKeyPolicy works in every key state (the developer guide's key-state table).
    kms.put_key_policy(KeyId=key["KeyId"], PolicyName="default", Policy=policy)
    # The alias still names its key; reading the key works.
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == other["KeyId"]
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_rotation_status_is_off_while_pending_deletion(kms):
    key = kms.create_key()["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is False
    kms.cancel_key_deletion(KeyId=key["KeyId"])
    status = kms.get_key_rotation_status(KeyId=key["KeyId"])
    assert (status["KeyRotationEnabled"], status["RotationPeriodInDays"]) == (True, 365)


def test_key_state_table_for_grants_and_rotation(kms):
    """The developer guide's key-state table: CreateGrant and Enable/DisableKeyRotation refuse a disabled
    key (DisabledException) and a key pending import; rotation of imported material is unsupported."""
    principal = "arn:aws:iam::000000000000:root"
    disabled = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=disabled["KeyId"])
    expected = ("DisabledException", f"{disabled['Arn']} is disabled.")
    assert _error(
        kms.create_grant, KeyId=disabled["KeyId"], GranteePrincipal=principal, Operations=["Decrypt"]
    ) == (expected)
    assert _error(kms.enable_key_rotation, KeyId=disabled["KeyId"]) == expected
    assert _error(kms.disable_key_rotation, KeyId=disabled["KeyId"]) == expected

    external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert _error(
        kms.create_grant, KeyId=external["KeyId"], GranteePrincipal=principal, Operations=["Decrypt"]
    ) == (
        "KMSInvalidStateException",
        f"{external['Arn']} is pending import.",
    )
    unsupported = (
        "UnsupportedOperationException",
        f"{external['Arn']} origin is EXTERNAL which is not valid for this operation.",
    )
    assert _error(kms.enable_key_rotation, KeyId=external["KeyId"]) == unsupported
    assert _error(kms.disable_key_rotation, KeyId=external["KeyId"]) == unsupported


def test_cancel_key_deletion_of_a_key_not_pending_deletion(kms):
    key = kms.create_key()["KeyMetadata"]
    # The developer guide's key-state table gives this sentence.
    assert _error(kms.cancel_key_deletion, KeyId=key["KeyId"]) == (
        "KMSInvalidStateException",
        f"{key['Arn']} is not pending deletion.",
    )
