"""Custom key stores in an account that has none: no store is listed, creating one fails as for a
CloudHSM cluster or proxy KMS cannot find, and every call naming a store is CustomKeyStoreNotFound."""

from __future__ import annotations

import pytest

from tests.integration.error_support import bad_request


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def _code(call, **kwargs) -> str:
    return bad_request(call, **kwargs)[0]


def test_no_store_is_listed_and_none_can_be_named(kms):
    assert kms.describe_custom_key_stores()["CustomKeyStores"] == []
    store = "cks-1234567890abcdef0"
    not_found = "CustomKeyStoreNotFoundException"
    assert _code(kms.describe_custom_key_stores, CustomKeyStoreId=store) == not_found
    assert _code(kms.describe_custom_key_stores, CustomKeyStoreName="mine") == not_found
    for call in (kms.connect_custom_key_store, kms.disconnect_custom_key_store, kms.delete_custom_key_store):
        assert _code(call, CustomKeyStoreId=store) == not_found
    assert _code(kms.update_custom_key_store, CustomKeyStoreId=store, NewCustomKeyStoreName="n") == not_found
    assert _code(kms.create_key, CustomKeyStoreId=store, Origin="AWS_CLOUDHSM") == not_found
    assert _code(kms.generate_random, NumberOfBytes=8, CustomKeyStoreId=store) == not_found


def test_creating_a_store_fails_as_for_an_unknown_cluster_or_unreachable_proxy(kms):
    assert (
        _code(
            kms.create_custom_key_store,
            CustomKeyStoreName="hsm",
            CloudHsmClusterId="cluster-234567abcde",
            TrustAnchorCertificate="certificate",
            KeyStorePassword="password1",
        )
        == "CloudHsmClusterNotFoundException"
    )
    assert (
        _code(
            kms.create_custom_key_store,
            CustomKeyStoreName="xks",
            CustomKeyStoreType="EXTERNAL_KEY_STORE",
            XksProxyUriEndpoint="https://proxy.example.com",
            XksProxyUriPath="/kms/xks/v1",
            XksProxyConnectivity="PUBLIC_ENDPOINT",
            XksProxyAuthenticationCredential={
                "AccessKeyId": "ABCDEFGHIJKLMNOPQRST",
                "RawSecretAccessKey": "DXjSUawnel2fr6SKC7G25CNxTyWKE5PF9XX6H/u9pSo=",
            },
        )
        == "XksProxyUriUnreachableException"
    )
