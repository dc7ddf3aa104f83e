"""PERSISTENCE=1 keeps what this session's messaging work added to the state: a connection's secret
parameters and state, a KMS key's imported material, a topic's data protection policy, after a
stop/start and after kill -9 (the request log replayed)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from tests.persistent_server import PersistentServer

SERVICES = ["events", "kms", "sns", "secretsmanager"]
POLICY = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_messaging_state_survives_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, SERVICES).start()
    try:
        events, kms, sns = server.client("events"), server.client("kms"), server.client("sns")
        events.create_connection(
            Name="kept",
            AuthorizationType="API_KEY",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-key", "ApiKeyValue": "secret"}},
        )
        events.deauthorize_connection(Name="kept")
        key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
        parameters = kms.get_parameters_for_import(
            KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
        )
        public = serialization.load_der_public_key(parameters["PublicKey"])
        oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
        kms.import_key_material(
            KeyId=key,
            ImportToken=parameters["ImportToken"],
            EncryptedKeyMaterial=public.encrypt(os.urandom(32), oaep),
            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
        )
        blob = kms.encrypt(KeyId=key, Plaintext=b"kept")["CiphertextBlob"]
        topic = sns.create_topic(Name="kept")["TopicArn"]
        sns.put_data_protection_policy(ResourceArn=topic, DataProtectionPolicy=POLICY)
        before = events.describe_connection(Name="kept")

        server.restart(kill=(how == "kill"))
        events, kms, sns = server.client("events"), server.client("kms"), server.client("sns")
        after = events.describe_connection(Name="kept")
        for field in ("ConnectionState", "AuthParameters", "SecretArn", "LastAuthorizedTime"):
            assert after[field] == before[field], field
        assert after["ConnectionState"] == "DEAUTHORIZED"
        secret = server.client("secretsmanager").get_secret_value(SecretId=after["SecretArn"])["SecretString"]
        assert json.loads(secret) == {"api_key_name": "x-key", "api_key_value": "secret"}
        assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"kept"
        described = kms.describe_key(KeyId=key)["KeyMetadata"]
        assert (described["KeyState"], described["ExpirationModel"]) == (
            "Enabled",
            "KEY_MATERIAL_DOES_NOT_EXPIRE",
        )
        assert sns.get_data_protection_policy(ResourceArn=topic)["DataProtectionPolicy"] == POLICY
    finally:
        server.stop()
