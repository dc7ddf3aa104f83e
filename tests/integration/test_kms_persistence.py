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
