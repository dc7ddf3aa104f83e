"""ECC_NIST_EDWARDS25519, ML-DSA and ML-KEM keys through the edge: CreateKey, DescribeKey's algorithms,
GetPublicKey, Sign and Verify with each MessageType an algorithm takes (signatures checked outside KMS
with the public key), Encapsulate/Decapsulate, and CreateKey's refusal of an asymmetric or HMAC spec
without KeyUsage."""

from __future__ import annotations

import hashlib

import pytest

from tests.integration.error_support import code_and_message as _error


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def _public(kms, key_id: str):
    from cryptography.hazmat.primitives import serialization

    answer = kms.get_public_key(KeyId=key_id)
    return answer, serialization.load_der_public_key(answer["PublicKey"])


def test_ed25519_key_signs_raw_messages_and_prehashed_digests(kms):
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = kms.create_key(KeySpec="ECC_NIST_EDWARDS25519", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    assert key["KeySpec"] == "ECC_NIST_EDWARDS25519"
    assert key["SigningAlgorithms"] == ["ED25519_SHA_512", "ED25519_PH_SHA_512"]
    answer, public = _public(kms, key["KeyId"])
    assert isinstance(public, ed25519.Ed25519PublicKey)
    assert answer["SigningAlgorithms"] == ["ED25519_SHA_512", "ED25519_PH_SHA_512"]

    message = b"the message"
    raw = kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm="ED25519_SHA_512")
    assert raw["KeyId"] == key["Arn"] and len(raw["Signature"]) == 64
    public.verify(raw["Signature"], message)  # plain Ed25519, verifiable anywhere
    assert kms.verify(
        KeyId=key["KeyId"], Message=message, Signature=raw["Signature"], SigningAlgorithm="ED25519_SHA_512"
    )["SignatureValid"]

    digest = hashlib.sha512(message).digest()
    prehashed = kms.sign(
        KeyId=key["KeyId"], Message=digest, MessageType="DIGEST", SigningAlgorithm="ED25519_PH_SHA_512"
    )["Signature"]
    assert len(prehashed) == 64 and prehashed != raw["Signature"]
    assert kms.verify(
        KeyId=key["KeyId"],
        Message=digest,
        MessageType="DIGEST",
        Signature=prehashed,
        SigningAlgorithm="ED25519_PH_SHA_512",
    )["SignatureValid"]
    assert _error(
        kms.verify,
        KeyId=key["KeyId"],
        Message=hashlib.sha512(b"another").digest(),
        MessageType="DIGEST",
        Signature=prehashed,
        SigningAlgorithm="ED25519_PH_SHA_512",
    ) == ("KMSInvalidSignatureException", "")

    # Each algorithm takes one MessageType only, and the other spec's algorithms are refused.
    code, _ = _error(
        kms.sign, KeyId=key["KeyId"], Message=digest, MessageType="DIGEST", SigningAlgorithm="ED25519_SHA_512"
    )
    assert code == "ValidationException"
    code, _ = _error(kms.sign, KeyId=key["KeyId"], Message=message, SigningAlgorithm="ED25519_PH_SHA_512")
    assert code == "ValidationException"
    assert _error(kms.sign, KeyId=key["KeyId"], Message=message, SigningAlgorithm="ECDSA_SHA_256") == (
        "InvalidKeyUsageException",
        "Algorithm ECDSA_SHA_256 is incompatible with key spec ECC_NIST_EDWARDS25519.",
    )


@pytest.mark.parametrize("spec", ["ML_DSA_44", "ML_DSA_65", "ML_DSA_87"])
def test_ml_dsa_key_signs_raw_messages_and_external_mu(kms, spec):
    mldsa = pytest.importorskip(
        "cryptography.hazmat.primitives.asymmetric.mldsa",
        reason="the installed cryptography has no such module",
    )

    key = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    assert key["SigningAlgorithms"] == ["ML_DSA_SHAKE_256"]
    _, public = _public(kms, key["KeyId"])
    assert isinstance(public, getattr(mldsa, f"MLDSA{spec[7:]}PublicKey"))

    message = b"the message"
    signature = kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm="ML_DSA_SHAKE_256")[
        "Signature"
    ]
    public.verify(signature, message)
    assert kms.verify(
        KeyId=key["KeyId"], Message=message, Signature=signature, SigningAlgorithm="ML_DSA_SHAKE_256"
    )["SignatureValid"]

    mu = hashlib.sha512(b"a representative").digest()
    by_mu = kms.sign(
        KeyId=key["KeyId"], Message=mu, MessageType="EXTERNAL_MU", SigningAlgorithm="ML_DSA_SHAKE_256"
    )["Signature"]
    public.verify_mu(by_mu, mu)
    assert (
        _error(
            kms.sign,
            KeyId=key["KeyId"],
            Message=b"short",
            MessageType="EXTERNAL_MU",
            SigningAlgorithm="ML_DSA_SHAKE_256",
        )[0]
        == "ValidationException"
    )
    assert (
        _error(
            kms.sign,
            KeyId=key["KeyId"],
            Message=mu,
            MessageType="DIGEST",
            SigningAlgorithm="ML_DSA_SHAKE_256",
        )[0]
        == "ValidationException"
    )
    assert _error(
        kms.verify,
        KeyId=key["KeyId"],
        Message=b"other",
        Signature=signature,
        SigningAlgorithm="ML_DSA_SHAKE_256",
    ) == ("KMSInvalidSignatureException", "")


def test_ed25519_data_key_pair(kms):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    wrapping = kms.create_key()["KeyMetadata"]["KeyId"]
    pair = kms.generate_data_key_pair(KeyId=wrapping, KeyPairSpec="ECC_NIST_EDWARDS25519")
    private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], password=None)
    assert isinstance(private, ed25519.Ed25519PrivateKey)
    assert (
        kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"]
        == pair["PrivateKeyPlaintext"]
    )


@pytest.mark.parametrize("spec", ["HMAC_256", "ECC_NIST_P256", "RSA_2048", "ECC_NIST_EDWARDS25519"])
def test_create_key_without_key_usage_is_refused_for_all_but_symmetric_encryption(kms, spec):
    assert _error(kms.create_key, KeySpec=spec) == (
        "ValidationException",
        "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
    )
    assert kms.create_key(KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]["KeyUsage"] == "ENCRYPT_DECRYPT"


def test_external_mu_is_for_ml_dsa_only(kms):
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    code, _ = _error(
        kms.sign, KeyId=key, Message=b"m" * 64, MessageType="EXTERNAL_MU", SigningAlgorithm="ECDSA_SHA_256"
    )
    assert code == "ValidationException"


def test_sm2_keys_are_for_china_regions(kms):
    code, message = _error(kms.create_key, KeySpec="SM2", KeyUsage="SIGN_VERIFY")
    assert (code, message) == ("UnsupportedOperationException", "SM2 is supported only in China Regions.")


@pytest.mark.parametrize("spec", ["ML_KEM_768", "ML_KEM_1024"])
def test_ml_kem_keys_encapsulate_and_decapsulate(kms, spec):
    mlkem = pytest.importorskip(
        "cryptography.hazmat.primitives.asymmetric.mlkem",
        reason="the installed cryptography has no such module",
    )

    key = kms.create_key(KeySpec=spec, KeyUsage="ENCAPSULATE_DECAPSULATE")["KeyMetadata"]
    assert key["EncapsulationAlgorithms"] == ["ML_KEM"] and "EncryptionAlgorithms" not in key
    answer, public = _public(kms, key["KeyId"])
    assert isinstance(public, getattr(mlkem, f"MLKEM{spec[7:]}PublicKey"))
    assert answer["EncapsulationAlgorithms"] == ["ML_KEM"]

    sealed = kms.encapsulate(KeyId=key["KeyId"], EncapsulationAlgorithm="ML_KEM")
    assert sealed["KeyId"] == key["Arn"] and len(sealed["SharedSecret"]) == 32
    opened = kms.decapsulate(
        KeyId=key["KeyId"],
        SharedSecretCiphertextBlob=sealed["SharedSecretCiphertextBlob"],
        EncapsulationAlgorithm="ML_KEM",
    )
    assert opened["SharedSecret"] == sealed["SharedSecret"]

    # A secret sealed outside KMS with the public key opens inside it.
    secret, ciphertext = public.encapsulate()
    assert (
        kms.decapsulate(
            KeyId=key["KeyId"], SharedSecretCiphertextBlob=ciphertext, EncapsulationAlgorithm="ML_KEM"
        )["SharedSecret"]
        == secret
    )
    other = kms.create_key()["KeyMetadata"]
    assert _error(kms.encapsulate, KeyId=other["KeyId"], EncapsulationAlgorithm="ML_KEM") == (
        "InvalidKeyUsageException",
        f"{other['Arn']} key usage is ENCRYPT_DECRYPT which is not valid for Encapsulate.",
    )


def test_ml_kem_data_key_pair(kms):
    pytest.importorskip(
        "cryptography.hazmat.primitives.asymmetric.mlkem",
        reason="the installed cryptography has no such module",
    )
    from cryptography.hazmat.primitives import serialization

    wrapping = kms.create_key()["KeyMetadata"]["KeyId"]
    pair = kms.generate_data_key_pair(KeyId=wrapping, KeyPairSpec="ML_KEM_768")
    private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], password=None)
    secret, ciphertext = serialization.load_der_public_key(pair["PublicKey"]).encapsulate()
    assert private.decapsulate(ciphertext) == secret


def test_ml_kem_512_is_refused_as_unsupported_not_as_an_unknown_spec(kms):
    """ML_KEM_512 is in AWS's KeySpec and DataKeyPairSpec enums but the installed cryptography cannot
    build it: CreateKey and GenerateDataKeyPair answer KMS's UnsupportedOperationException naming the spec,
    not an enum listing that leaves it out; a KeyUsage the spec cannot have is still told first."""
    code, message = _error(kms.create_key, KeySpec="ML_KEM_512", KeyUsage="ENCAPSULATE_DECAPSULATE")
    assert code == "UnsupportedOperationException" and "ML_KEM_512" in message
    code, _ = _error(kms.create_key, KeySpec="ML_KEM_512", KeyUsage="SIGN_VERIFY")
    assert code == "ValidationException"
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    code, message = _error(kms.generate_data_key_pair, KeyId=key, KeyPairSpec="ML_KEM_512")
    assert code == "UnsupportedOperationException" and "ML_KEM_512" in message
