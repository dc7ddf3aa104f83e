"""PERSISTENCE=1 keeps KMS key material: imported material, signing keys and key policies come back
after a stop and after a kill -9 (the snapshot, then the request log replayed), with the same key ids,
so old ciphertexts decrypt and old signatures verify."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from localstack.persistence.manager import IDLE_COMPACT_SECONDS
from tests.integration.test_kms_import import _import
from tests.persistent_server import PersistentServer


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_key_material_survives_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["kms"]).start()
    try:
        kms = server.client("kms")
        external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
        # Idle long enough for a snapshot: what follows is replayed after a kill, the first replayed
        # request importing moto modules the original run had imported before.
        time.sleep(IDLE_COMPACT_SECONDS + 0.5)
        _import(kms, external["KeyId"], os.urandom(32))
        sealed = kms.encrypt(KeyId=external["KeyId"], Plaintext=b"imported", EncryptionContext={"k": "v"})
        signing = {}
        for spec, algorithm in (("RSA_2048", "RSASSA_PSS_SHA_256"), ("ECC_NIST_P256", "ECDSA_SHA_256")):
            key = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec=spec)["KeyMetadata"]
            signature = kms.sign(KeyId=key["KeyId"], Message=b"signed", SigningAlgorithm=algorithm)[
                "Signature"
            ]
            public = kms.get_public_key(KeyId=key["KeyId"])["PublicKey"]
            signing[key["KeyId"]] = (algorithm, signature, public)
        mac_key = kms.create_key(KeyUsage="GENERATE_VERIFY_MAC", KeySpec="HMAC_384")["KeyMetadata"]
        mac = kms.generate_mac(KeyId=mac_key["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384")["Mac"]
        policy = '{"Version": "2012-10-17", "Statement": []}'
        kms.put_key_policy(KeyId=external["KeyId"], Policy=policy)

        server.restart(kill=(how == "kill"))
        kms = server.client("kms")
        assert kms.describe_key(KeyId=external["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
        decrypted = kms.decrypt(CiphertextBlob=sealed["CiphertextBlob"], EncryptionContext={"k": "v"})
        assert decrypted["Plaintext"] == b"imported"
        for key_id, (algorithm, signature, public) in signing.items():
            assert kms.get_public_key(KeyId=key_id)["PublicKey"] == public
            assert kms.verify(
                KeyId=key_id, Message=b"signed", Signature=signature, SigningAlgorithm=algorithm
            )["SignatureValid"]
        assert kms.verify_mac(KeyId=mac_key["KeyId"], Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_384")[
            "MacValid"
        ]
        assert kms.get_key_policy(KeyId=external["KeyId"])["Policy"] == policy
    finally:
        server.stop()
    log = server.log()
    assert "replayed requests failed" not in log and "going on unserialised" not in log, log[-5000:]


def test_asymmetric_keys_replay_from_their_records_after_kill_9(tmp_path: Path) -> None:
    """CreateKey's RSA and ECC private keys are kept in its log record: the replay takes them from
    there (no key is made again), and ciphertexts and signatures made before the kill still fit."""
    from localstack.persistence.request_log import read_records

    server = PersistentServer(tmp_path, ["kms"]).start()
    try:
        kms = server.client("kms")
        rsa = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="RSA_4096")["KeyMetadata"]["KeyId"]
        sealed = kms.encrypt(KeyId=rsa, Plaintext=b"before", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
        ecc = kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P384")["KeyMetadata"]["KeyId"]
        # Read at once (the compactor folds the log only after 2 s without writes).
        kept = [
            name
            for record in read_records(server.state_dir / "requests.log")
            for name, _ in record.headers
            if name == "x-localstack-recorded-kms-private-key"
        ]
        assert len(kept) == 2, kept
        signature = kms.sign(KeyId=ecc, Message=b"m", SigningAlgorithm="ECDSA_SHA_384")["Signature"]
        publics = {key: kms.get_public_key(KeyId=key)["PublicKey"] for key in (rsa, ecc)}
        server.restart(kill=True)
        kms = server.client("kms")
        assert {key: kms.get_public_key(KeyId=key)["PublicKey"] for key in (rsa, ecc)} == publics
        plain = kms.decrypt(
            KeyId=rsa, CiphertextBlob=sealed["CiphertextBlob"], EncryptionAlgorithm="RSAES_OAEP_SHA_256"
        )
        assert plain["Plaintext"] == b"before"
        assert kms.verify(KeyId=ecc, Message=b"m", Signature=signature, SigningAlgorithm="ECDSA_SHA_384")[
            "SignatureValid"
        ]
    finally:
        server.stop()
    log = server.log()
    assert "replayed requests failed" not in log and "Traceback" not in log, log[-5000:]


def test_asymmetric_keys_and_rsa_4096_import_tokens_survive_a_kill(tmp_path: Path) -> None:
    """After a kill -9, the replay makes the same RSA and ECC keys: ciphertexts made before decrypt,
    and an RSA_4096 import token handed out before the crash imports material after it."""
    from tests.integration.test_kms_import import _wrap

    server = PersistentServer(tmp_path, ["kms"]).start()
    try:
        kms = server.client("kms")
        time.sleep(IDLE_COMPACT_SECONDS + 0.5)  # a snapshot first: the keys below come from the replay
        sealed = {}
        for spec in ("RSA_4096",):
            key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec=spec)["KeyMetadata"]
            blob = kms.encrypt(
                KeyId=key["KeyId"], Plaintext=b"asym", EncryptionAlgorithm="RSAES_OAEP_SHA_256"
            )
            sealed[key["KeyId"]] = (
                blob["CiphertextBlob"],
                kms.get_public_key(KeyId=key["KeyId"])["PublicKey"],
            )
        agreement = kms.create_key(KeyUsage="KEY_AGREEMENT", KeySpec="ECC_NIST_P384")["KeyMetadata"]
        agreement_public = kms.get_public_key(KeyId=agreement["KeyId"])["PublicKey"]
        external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
        params = kms.get_parameters_for_import(
            KeyId=external["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_4096"
        )

        server.restart(kill=True)
        kms = server.client("kms")
        for key_id, (blob, public) in sealed.items():
            assert kms.get_public_key(KeyId=key_id)["PublicKey"] == public
            answer = kms.decrypt(KeyId=key_id, CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
            assert answer["Plaintext"] == b"asym"
        assert kms.get_public_key(KeyId=agreement["KeyId"])["PublicKey"] == agreement_public
        material = os.urandom(32)
        kms.import_key_material(
            KeyId=external["KeyId"],
            ImportToken=params["ImportToken"],
            EncryptedKeyMaterial=_wrap(params["PublicKey"], "RSAES_OAEP_SHA_256", material),
            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
        )
        sealed_after = kms.encrypt(KeyId=external["KeyId"], Plaintext=b"imported")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=sealed_after)["Plaintext"] == b"imported"
    finally:
        server.stop()
    log = server.log()
    assert "replayed requests failed" not in log and "going on unserialised" not in log, log[-5000:]
