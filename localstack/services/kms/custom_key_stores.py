"""Custom key stores as AWS answers an account that has none: there is no CloudHSM cluster or external key
store proxy behind this emulator, so creating one fails as AWS fails for a cluster or proxy it cannot
find or reach, DescribeCustomKeyStores lists none, and every call naming a store (including CreateKey and
GenerateRandom with a CustomKeyStoreId) answers CustomKeyStoreNotFoundException. The codes are the API
reference's; the sentences are ours (no recording found). moto answered 501 for all of them."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError


def _not_found(store_id: Any) -> AWSError:
    return AWSError("CustomKeyStoreNotFoundException", f"Custom key store {store_id} does not exist.")


def describe_custom_key_stores(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("CustomKeyStoreId"):
        raise _not_found(params["CustomKeyStoreId"])
    if params.get("CustomKeyStoreName"):
        raise AWSError(
            "CustomKeyStoreNotFoundException",
            f"Custom key store with name {params['CustomKeyStoreName']} does not exist.",
        )
    return {"CustomKeyStores": [], "Truncated": False}


def create_custom_key_store(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("CustomKeyStoreType") == "EXTERNAL_KEY_STORE":
        if params.get("XksProxyConnectivity") == "VPC_ENDPOINT_SERVICE":
            raise AWSError(
                "XksProxyVpcEndpointServiceNotFoundException",
                f"VPC endpoint service {params.get('XksProxyVpcEndpointServiceName')} was not found.",
            )
        raise AWSError(
            "XksProxyUriUnreachableException",
            f"KMS cannot reach the external key store proxy at {params.get('XksProxyUriEndpoint')}.",
        )
    raise AWSError(
        "CloudHsmClusterNotFoundException",
        f"AWS CloudHSM cluster {params.get('CloudHsmClusterId')} was not found.",
    )


def _store_operation(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    raise _not_found(params.get("CustomKeyStoreId"))


def check_store_member(params: dict[str, Any]) -> None:
    """CreateKey and GenerateRandom naming a CustomKeyStoreId."""
    if params.get("CustomKeyStoreId"):
        raise _not_found(params["CustomKeyStoreId"])


HANDLERS = {
    "DescribeCustomKeyStores": describe_custom_key_stores,
    "CreateCustomKeyStore": create_custom_key_store,
    **{
        name: _store_operation
        for name in (
            "ConnectCustomKeyStore",
            "DisconnectCustomKeyStore",
            "DeleteCustomKeyStore",
            "UpdateCustomKeyStore",
        )
    },
}
