"""Values a recorded request makes that its replay takes from the record (KMS private keys)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from localstack.persistence import determinism
from localstack.services.kms import key_generation


def _der(key: object) -> bytes:
    return key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.mark.parametrize("spec", ["RSA_2048", "RSA_4096", "ECC_NIST_P256"])
def test_a_recorded_key_is_kept_in_the_record_and_replayed_from_it(spec: str) -> None:
    with determinism.seeded(7), determinism.keeping_values() as kept:
        made = key_generation.private_key(spec)
    assert [name for name, _ in kept] == ["x-localstack-recorded-kms-private-key"]
    headers = [("Content-Type", "application/x-amz-json-1.1"), *kept]
    with determinism.seeded(7), determinism.given_values(headers):
        assert determinism.replaying()
        assert _der(key_generation.private_key(spec)) == _der(made)
    assert not determinism.replaying()


def test_values_are_given_back_by_kind_in_the_order_made() -> None:
    with determinism.keeping_values() as kept:
        for value in ("a", "b"):
            determinism.keep_value("kms-private-key", value)
        determinism.keep_value("other", "c")
    with determinism.given_values(kept):
        assert determinism.given_value("other") == "c"
        assert [determinism.given_value("kms-private-key") for _ in range(3)] == ["a", "b", None]
    determinism.keep_value("kms-private-key", "outside a record: dropped")
    assert determinism.given_value("kms-private-key") is None


def test_without_persistence_keys_come_from_openssl_and_nothing_is_kept() -> None:
    assert not key_generation.seeded()
    first, second = key_generation.private_key("ECC_NIST_P256"), key_generation.private_key("ECC_NIST_P256")
    assert _der(first) != _der(second)
