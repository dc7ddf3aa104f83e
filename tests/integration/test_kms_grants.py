"""KMS grants as AWS answers them: grant ids and tokens, ListGrants entries, idempotent named grants,
and retiring or revoking a grant."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from botocore.exceptions import ClientError

PRINCIPAL = "arn:aws:iam::000000000000:role/grantee"


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_list_grants_entries(kms):
    key = kms.create_key()["KeyMetadata"]
    created = kms.create_grant(
        KeyId=key["KeyId"],
        GranteePrincipal=PRINCIPAL,
        RetiringPrincipal=PRINCIPAL,
        Operations=["Encrypt", "Decrypt"],
        Constraints={"EncryptionContextSubset": {"team": "a"}},
        Name="reader",
    )
    assert re.fullmatch(r"[0-9a-f]{64}", created["GrantId"])
    assert len(created["GrantToken"]) > 64

    grants = kms.list_grants(KeyId=key["Arn"])
    assert grants["Truncated"] is False
    [entry] = grants["Grants"]
    assert isinstance(entry.pop("CreationDate"), datetime)
    assert entry == {
        "KeyId": key["Arn"],
        "GrantId": created["GrantId"],
        "Name": "reader",
        "GranteePrincipal": PRINCIPAL,
        "RetiringPrincipal": PRINCIPAL,
        "IssuingAccount": "arn:aws:iam::000000000000:root",
        "Operations": ["Encrypt", "Decrypt"],
        "Constraints": {"EncryptionContextSubset": {"team": "a"}},
    }
    assert kms.list_grants(KeyId=key["KeyId"], GrantId="0" * 64)["Grants"] == []


def test_named_grant_retried_answers_the_same_grant(kms):
    key = kms.create_key()["KeyMetadata"]
    request = {"KeyId": key["KeyId"], "GranteePrincipal": PRINCIPAL, "Operations": ["Encrypt"], "Name": "g"}
    first = kms.create_grant(**request)["GrantId"]
    assert kms.create_grant(**request)["GrantId"] == first
    assert kms.create_grant(**{**request, "Operations": ["Decrypt"]})["GrantId"] != first
    assert len(kms.list_grants(KeyId=key["KeyId"])["Grants"]) == 2


def test_retire_by_token_and_by_id_and_revoke(kms):
    key = kms.create_key()["KeyMetadata"]
    grant = lambda: kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=PRINCIPAL, Operations=["Encrypt"])  # noqa: E731
    by_token, by_id, revoked = grant(), grant(), grant()
    # A grant token is accepted on cryptographic calls.
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=[by_token["GrantToken"]])
    kms.retire_grant(GrantToken=by_token["GrantToken"])
    kms.retire_grant(KeyId=key["Arn"], GrantId=by_id["GrantId"])
    kms.revoke_grant(KeyId=key["KeyId"], GrantId=revoked["GrantId"])
    assert kms.list_grants(KeyId=key["KeyId"])["Grants"] == []
    with pytest.raises(ClientError) as info:
        kms.revoke_grant(KeyId=key["KeyId"], GrantId=revoked["GrantId"])
    assert info.value.response["Error"]["Code"] == "NotFoundException"
