"""Encryption through the edge: the encryption context binds a ciphertext, ReEncrypt moves it between
keys, the answers carry AWS's algorithm fields, and every cryptographic operation refuses a key that is
not Enabled."""

from __future__ import annotations

import pytest

from tests.integration.error_support import code_and_message as _error


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_encryption_context_must_match(kms):
    key = kms.create_key()["KeyMetadata"]
    sealed = kms.encrypt(
        KeyId=key["KeyId"], Plaintext=b"secret", EncryptionContext={"purpose": "test", "n": "1"}
    )
    assert sealed["KeyId"] == key["Arn"] and sealed["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    blob = sealed["CiphertextBlob"]
    # The same pairs in another order are the same context.
    opened = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"n": "1", "purpose": "test"})
    assert opened["Plaintext"] == b"secret" and opened["KeyId"] == key["Arn"]
    assert opened["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    for context in (
        {},
        {"purpose": "test"},
        {"purpose": "other", "n": "1"},
        {"purpose": "test", "n": "1", "x": "y"},
    ):
        assert (
            _error(kms.decrypt, CiphertextBlob=blob, EncryptionContext=context)[0]
            == "InvalidCiphertextException"
        )
    assert (
        _error(
            kms.re_encrypt,
            CiphertextBlob=blob,
            SourceEncryptionContext={"purpose": "x"},
            DestinationKeyId=key["KeyId"],
        )[0]
        == "InvalidCiphertextException"
    )


def test_re_encrypt_moves_a_ciphertext_between_keys(kms):
    source = kms.create_key()["KeyMetadata"]
    destination = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=source["KeyId"], Plaintext=b"moved", EncryptionContext={"a": "1"})[
        "CiphertextBlob"
    ]
    moved = kms.re_encrypt(
        CiphertextBlob=blob,
        SourceEncryptionContext={"a": "1"},
        DestinationKeyId=destination["Arn"],
        DestinationEncryptionContext={"b": "2"},
    )
    assert moved["SourceKeyId"] == source["Arn"] and moved["KeyId"] == destination["Arn"]
    assert moved["SourceEncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert moved["DestinationEncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    opened = kms.decrypt(CiphertextBlob=moved["CiphertextBlob"], EncryptionContext={"b": "2"})
    assert opened["Plaintext"] == b"moved" and opened["KeyId"] == destination["Arn"]
    # Decrypt with a KeyId that did not make the ciphertext is refused.
    assert _error(kms.decrypt, CiphertextBlob=blob, EncryptionContext={"a": "1"}, KeyId=destination["KeyId"])[
        0
    ] == ("IncorrectKeyException")

    signing = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")["KeyMetadata"]
    assert _error(
        kms.re_encrypt,
        CiphertextBlob=blob,
        SourceEncryptionContext={"a": "1"},
        DestinationKeyId=signing["KeyId"],
    ) == (
        "InvalidKeyUsageException",
        f"{signing['Arn']} key usage is SIGN_VERIFY which is not valid for ReEncryptTo.",
    )
    kms.disable_key(KeyId=destination["KeyId"])
    assert _error(
        kms.re_encrypt,
        CiphertextBlob=blob,
        SourceEncryptionContext={"a": "1"},
        DestinationKeyId=destination["KeyId"],
    ) == ("DisabledException", f"{destination['Arn']} is disabled.")


def test_every_operation_refuses_keys_that_are_not_enabled(kms):
    signing = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="RSA_2048")["KeyMetadata"]
    mac = kms.create_key(KeyUsage="GENERATE_VERIFY_MAC", KeySpec="HMAC_512")["KeyMetadata"]
    for key in (signing, mac):
        kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    pending = ("KMSInvalidStateException", f"{signing['Arn']} is pending deletion.")
    sign = {"Message": b"m", "SigningAlgorithm": "RSASSA_PKCS1_V1_5_SHA_256"}
    assert _error(kms.sign, KeyId=signing["KeyId"], **sign) == pending
    assert _error(kms.verify, KeyId=signing["KeyId"], Signature=b"s", **sign) == pending
    assert _error(kms.get_public_key, KeyId=signing["KeyId"]) == pending
    assert _error(
        kms.verify_mac, KeyId=mac["KeyId"], Message=b"m", Mac=b"x" * 64, MacAlgorithm="HMAC_SHA_512"
    ) == (
        "KMSInvalidStateException",
        f"{mac['Arn']} is pending deletion.",
    )
    assert _error(kms.enable_key, KeyId=signing["KeyId"]) == pending

    external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    pending_import = ("KMSInvalidStateException", f"{external['Arn']} is pending import.")
    assert _error(kms.generate_data_key, KeyId=external["KeyId"], NumberOfBytes=16) == pending_import
    assert (
        _error(kms.generate_data_key_pair, KeyId=external["KeyId"], KeyPairSpec="ECC_NIST_P256")
        == pending_import
    )


def test_get_public_key(kms):
    key = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P384")["KeyMetadata"]
    answer = kms.get_public_key(KeyId=key["KeyId"])
    assert answer["KeyId"] == key["Arn"] and answer["KeySpec"] == "ECC_NIST_P384"
    assert answer["KeyUsage"] == "SIGN_VERIFY" and answer["SigningAlgorithms"] == ["ECDSA_SHA_384"]
    assert "EncryptionAlgorithms" not in answer
    symmetric = kms.create_key()["KeyMetadata"]
    assert _error(kms.get_public_key, KeyId=symmetric["KeyId"])[0] == "UnsupportedOperationException"


@pytest.mark.parametrize("algorithm", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"])
def test_rsa_encryption_is_plain_oaep(kms, algorithm):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="RSA_2048")["KeyMetadata"]
    assert key["EncryptionAlgorithms"] == ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]
    sealed = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"to the key", EncryptionAlgorithm=algorithm)
    assert sealed["KeyId"] == key["Arn"] and sealed["EncryptionAlgorithm"] == algorithm
    assert len(sealed["CiphertextBlob"]) == 256
    opened = kms.decrypt(
        CiphertextBlob=sealed["CiphertextBlob"], KeyId=key["Arn"], EncryptionAlgorithm=algorithm
    )
    assert opened["Plaintext"] == b"to the key" and opened["EncryptionAlgorithm"] == algorithm

    # What the public key encrypts outside KMS, KMS decrypts.
    digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    outside = public.encrypt(
        b"from outside", padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)
    )
    assert kms.decrypt(CiphertextBlob=outside, KeyId=key["KeyId"], EncryptionAlgorithm=algorithm)[
        "Plaintext"
    ] == (b"from outside")
    assert _error(
        kms.decrypt, CiphertextBlob=b"\x01" * 256, KeyId=key["KeyId"], EncryptionAlgorithm=algorithm
    )[0] == ("InvalidCiphertextException")


def test_encryption_algorithm_must_fit_the_key(kms):
    rsa = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="RSA_3072")["KeyMetadata"]
    symmetric = kms.create_key()["KeyMetadata"]
    assert _error(kms.encrypt, KeyId=rsa["KeyId"], Plaintext=b"x") == (
        "InvalidKeyUsageException",
        "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_3072.",
    )
    assert _error(
        kms.encrypt, KeyId=symmetric["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256"
    ) == (
        "InvalidKeyUsageException",
        "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.",
    )
    kms.disable_key(KeyId=rsa["KeyId"])
    assert _error(
        kms.encrypt, KeyId=rsa["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_1"
    ) == (
        "DisabledException",
        f"{rsa['Arn']} is disabled.",
    )
