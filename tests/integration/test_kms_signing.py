"""Sign/Verify and GenerateMac/VerifyMac through the edge: AWS's algorithms, RAW and DIGEST messages,
key usage and spec refusals, and failed verifications refused with their own exception."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from tests.integration.error_support import code_and_message as _error


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


@pytest.mark.parametrize(
    "spec,algorithm",
    [
        ("RSA_2048", "RSASSA_PSS_SHA_256"),
        ("RSA_2048", "RSASSA_PSS_SHA_512"),
        ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_384"),
        ("ECC_NIST_P256", "ECDSA_SHA_256"),
        ("ECC_NIST_P384", "ECDSA_SHA_384"),
        ("ECC_SECG_P256K1", "ECDSA_SHA_256"),
    ],
)
def test_sign_raw_and_digest_verify_locally_and_through_kms(kms, spec, algorithm):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding

    key = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec=spec)["KeyMetadata"]
    message = b"the message"
    digest = hashlib.new("sha" + algorithm[-3:], message).digest()
    raw = kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm=algorithm)
    assert raw["KeyId"] == key["Arn"] and raw["SigningAlgorithm"] == algorithm
    by_digest = kms.sign(KeyId=key["Arn"], Message=digest, MessageType="DIGEST", SigningAlgorithm=algorithm)

    # Both signatures verify with the public key outside KMS, with AWS's PSS salt (the digest's length).
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    hash_algorithm = getattr(hashes, "SHA" + algorithm[-3:])()
    for signature in (raw["Signature"], by_digest["Signature"]):
        if spec.startswith("ECC"):
            public.verify(signature, message, ec.ECDSA(hash_algorithm))
        elif "PSS" in algorithm:
            pss = padding.PSS(mgf=padding.MGF1(hash_algorithm), salt_length=hash_algorithm.digest_size)
            public.verify(signature, message, pss, hash_algorithm)
        else:
            public.verify(signature, message, padding.PKCS1v15(), hash_algorithm)

    verified = kms.verify(
        KeyId=key["KeyId"],
        Message=digest,
        MessageType="DIGEST",
        Signature=raw["Signature"],
        SigningAlgorithm=algorithm,
    )
    assert verified == {
        **verified,
        "KeyId": key["Arn"],
        "SignatureValid": True,
        "SigningAlgorithm": algorithm,
    }
    assert kms.verify(
        KeyId=key["KeyId"], Message=message, Signature=by_digest["Signature"], SigningAlgorithm=algorithm
    )["SignatureValid"]


def test_failed_verification_is_an_exception(kms):
    key = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")["KeyMetadata"]
    signature = kms.sign(KeyId=key["KeyId"], Message=b"one", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    code, _ = _error(
        kms.verify, KeyId=key["KeyId"], Message=b"two", Signature=signature, SigningAlgorithm="ECDSA_SHA_256"
    )
    assert code == "KMSInvalidSignatureException"


def test_digest_of_the_wrong_length(kms):
    key = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="RSA_2048")["KeyMetadata"]
    assert _error(
        kms.sign,
        KeyId=key["KeyId"],
        Message=b"x" * 20,
        MessageType="DIGEST",
        SigningAlgorithm="RSASSA_PSS_SHA_256",
    ) == ("ValidationException", "Digest is invalid length for algorithm RSASSA_PSS_SHA_256.")


def test_key_usage_and_spec_refusals(kms):
    signing = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")["KeyMetadata"]
    symmetric = kms.create_key()["KeyMetadata"]
    mac = kms.create_key(KeyUsage="GENERATE_VERIFY_MAC", KeySpec="HMAC_256")["KeyMetadata"]

    assert _error(kms.sign, KeyId=signing["KeyId"], Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256") == (
        "InvalidKeyUsageException",
        "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.",
    )
    assert _error(kms.sign, KeyId=symmetric["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256") == (
        "InvalidKeyUsageException",
        f"{symmetric['Arn']} key usage is ENCRYPT_DECRYPT which is not valid for Sign.",
    )
    assert _error(kms.encrypt, KeyId=signing["KeyId"], Plaintext=b"m") == (
        "InvalidKeyUsageException",
        f"{signing['Arn']} key usage is SIGN_VERIFY which is not valid for Encrypt.",
    )
    assert _error(kms.generate_data_key, KeyId=mac["KeyId"], KeySpec="AES_256") == (
        "InvalidKeyUsageException",
        f"{mac['Arn']} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.",
    )
    assert _error(kms.generate_mac, KeyId=symmetric["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256") == (
        "InvalidKeyUsageException",
        f"{symmetric['Arn']} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.",
    )
    assert _error(kms.generate_mac, KeyId=mac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384") == (
        "InvalidKeyUsageException",
        "Algorithm HMAC_SHA_384 is incompatible with key spec HMAC_256.",
    )
    assert kms.describe_key(KeyId=symmetric["KeyId"])["KeyMetadata"]["KeyUsage"] == "ENCRYPT_DECRYPT"


@pytest.mark.parametrize("spec", ["HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"])
def test_generate_and_verify_mac(kms, spec):
    key = kms.create_key(KeyUsage="GENERATE_VERIFY_MAC", KeySpec=spec)["KeyMetadata"]
    algorithm = "HMAC_SHA_" + spec[5:]
    generated = kms.generate_mac(KeyId=key["KeyId"], Message=b"hello", MacAlgorithm=algorithm)
    assert generated["KeyId"] == key["Arn"] and generated["MacAlgorithm"] == algorithm
    assert len(generated["Mac"]) == hashlib.new("sha" + spec[5:]).digest_size
    verified = kms.verify_mac(
        KeyId=key["KeyId"], Message=b"hello", Mac=generated["Mac"], MacAlgorithm=algorithm
    )
    assert verified == {**verified, "KeyId": key["Arn"], "MacValid": True, "MacAlgorithm": algorithm}
    bad = hmac.new(b"k", b"hello", "sha" + spec[5:]).digest()
    code, _ = _error(kms.verify_mac, KeyId=key["KeyId"], Message=b"hello", Mac=bad, MacAlgorithm=algorithm)
    assert code == "KMSInvalidMacException"


def test_derive_shared_secret(kms):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = kms.create_key(KeyUsage="KEY_AGREEMENT", KeySpec="ECC_NIST_P384")["KeyMetadata"]
    assert key["KeyAgreementAlgorithms"] == ["ECDH"] and "SigningAlgorithms" not in key
    kms_public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    ours = ec.generate_private_key(ec.SECP384R1())
    our_public = ours.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    derived = kms.derive_shared_secret(KeyId=key["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=our_public)
    assert derived["KeyId"] == key["Arn"] and derived["KeyAgreementAlgorithm"] == "ECDH"
    assert derived["KeyOrigin"] == "AWS_KMS"
    # Both sides of the exchange reach the same secret.
    assert derived["SharedSecret"] == ours.exchange(ec.ECDH(), kms_public)

    signing = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P384")["KeyMetadata"]
    assert _error(
        kms.derive_shared_secret, KeyId=signing["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=our_public
    ) == (
        "InvalidKeyUsageException",
        f"{signing['Arn']} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.",
    )
    kms.disable_key(KeyId=key["KeyId"])
    assert _error(
        kms.derive_shared_secret, KeyId=key["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=our_public
    ) == (
        "DisabledException",
        f"{key['Arn']} is disabled.",
    )


def test_key_metadata_lists_the_algorithms_of_its_usage(kms):
    mac = kms.create_key(KeyUsage="GENERATE_VERIFY_MAC", KeySpec="HMAC_384")["KeyMetadata"]
    assert mac["MacAlgorithms"] == ["HMAC_SHA_384"]
    assert "EncryptionAlgorithms" not in mac and "SigningAlgorithms" not in mac
    signing = kms.describe_key(
        KeyId=kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P521")["KeyMetadata"]["Arn"]
    )
    assert signing["KeyMetadata"]["SigningAlgorithms"] == ["ECDSA_SHA_512"]
    assert "EncryptionAlgorithms" not in signing["KeyMetadata"]
    assert kms.create_key()["KeyMetadata"]["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"]
