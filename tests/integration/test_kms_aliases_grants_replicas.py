"""DryRun on every operation that takes it; UpdateAlias keeps an alias on keys of one type and usage;
RetireGrant and RevokeGrant refuse tokens and grant ids that name no grant (malformed ids:
InvalidGrantIdException); a replica key does not replicate again."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.error_support import error_code as _code


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_update_alias_to_a_key_of_another_type_or_usage_is_refused(kms, unique_name):
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    other_symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    hmac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    rsa_encrypt = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    ecc_sign = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    rsa_sign = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    alias = f"alias/{unique_name()}"
    kms.create_alias(AliasName=alias, TargetKeyId=symmetric)

    for target in (hmac, rsa_encrypt):
        assert _code(kms.update_alias, AliasName=alias, TargetKeyId=target) == "ValidationException"
    kms.update_alias(AliasName=alias, TargetKeyId=other_symmetric)
    listed = kms.list_aliases(KeyId=other_symmetric)["Aliases"]
    assert [entry["AliasName"] for entry in listed] == [alias]

    # Asymmetric keys of another family but the same usage are fine; another usage is not.
    signing_alias = f"alias/{unique_name()}"
    kms.create_alias(AliasName=signing_alias, TargetKeyId=ecc_sign)
    kms.update_alias(AliasName=signing_alias, TargetKeyId=rsa_sign)
    assert _code(kms.update_alias, AliasName=signing_alias, TargetKeyId=rsa_encrypt) == "ValidationException"


def test_retire_and_revoke_grant_refuse_what_names_no_grant(kms):
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    grant = kms.create_grant(
        KeyId=key, GranteePrincipal="arn:aws:iam::000000000000:root", Operations=["Decrypt"]
    )

    assert (
        _code(kms.retire_grant, GrantToken="AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWVi")
        == "InvalidGrantTokenException"
    )
    assert _code(kms.retire_grant, KeyId=key, GrantId="0" * 64) == "NotFoundException"
    assert _code(kms.revoke_grant, KeyId=key, GrantId="0" * 64) == "NotFoundException"
    assert _code(kms.retire_grant, KeyId=key, GrantId="not-a-grant") == "InvalidGrantIdException"
    assert _code(kms.revoke_grant, KeyId=key, GrantId="not-a-grant") == "InvalidGrantIdException"
    assert len(kms.list_grants(KeyId=key)["Grants"]) == 1

    kms.retire_grant(GrantToken=grant["GrantToken"])
    assert kms.list_grants(KeyId=key)["Grants"] == []
    assert _code(kms.retire_grant, GrantToken=grant["GrantToken"]) == "InvalidGrantTokenException"

    second = kms.create_grant(
        KeyId=key, GranteePrincipal="arn:aws:iam::000000000000:root", Operations=["Encrypt"]
    )
    kms.revoke_grant(KeyId=key, GrantId=second["GrantId"])
    assert _code(kms.revoke_grant, KeyId=key, GrantId=second["GrantId"]) == "NotFoundException"


def test_a_replica_key_does_not_replicate(kms, aws_client):
    primary = kms.create_key(MultiRegion=True)["KeyMetadata"]
    replica_region = "eu-west-1" if kms.meta.region_name != "eu-west-1" else "eu-central-1"
    third_region = "ap-southeast-2"
    kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion=replica_region)
    replica_kms = aws_client("kms", region=replica_region)
    with pytest.raises(ClientError) as info:
        replica_kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion=third_region)
    assert info.value.response["Error"]["Code"] == "UnsupportedOperationException"
    configuration = kms.describe_key(KeyId=primary["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
    assert [replica["Region"] for replica in configuration["ReplicaKeys"]] == [replica_region]


def test_dry_run_checks_the_call_and_changes_nothing(kms):
    from botocore.exceptions import ClientError as Error

    def dry(call, **kwargs):
        with pytest.raises(Error) as info:
            call(DryRun=True, **kwargs)
        error = info.value.response
        return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]

    key = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    ran = ("DryRunOperationException", 412)
    assert dry(kms.encrypt, KeyId=key, Plaintext=b"x") == ran
    assert dry(kms.decrypt, CiphertextBlob=blob) == ran
    assert dry(kms.generate_data_key, KeyId=key, KeySpec="AES_256") == ran
    assert dry(kms.re_encrypt, CiphertextBlob=blob, DestinationKeyId=key) == ran
    principal = "arn:aws:iam::000000000000:root"
    assert dry(kms.create_grant, KeyId=key, GranteePrincipal=principal, Operations=["Decrypt"]) == ran
    assert kms.list_grants(KeyId=key)["Grants"] == []
    grant = kms.create_grant(KeyId=key, GranteePrincipal=principal, Operations=["Decrypt"])
    assert dry(kms.revoke_grant, KeyId=key, GrantId=grant["GrantId"]) == ran
    assert dry(kms.retire_grant, GrantToken=grant["GrantToken"]) == ran
    assert len(kms.list_grants(KeyId=key)["Grants"]) == 1
    # A call that would fail answers its own error.
    kms.disable_key(KeyId=key)
    assert dry(kms.encrypt, KeyId=key, Plaintext=b"x") == ("DisabledException", 400)
    assert dry(kms.revoke_grant, KeyId=key, GrantId="0" * 64) == ("NotFoundException", 400)
