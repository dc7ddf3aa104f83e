"""Finding a deployed API by its id alone: invocations carry no account or region."""

from __future__ import annotations

from typing import Any


def _search(backends: Any, attribute: str, api_id: str) -> tuple[str, str, Any] | None:
    for account_id, regions in list(dict.items(backends)):
        for region, backend in list(dict.items(regions)):
            api = getattr(backend, attribute, {}).get(api_id)
            if api is not None:
                return account_id, region, api
    return None


def find_rest_api(api_id: str) -> tuple[str, str, Any] | None:
    """(account, region, moto RestAPI) of a REST API id, in any account and region."""
    from moto.apigateway.models import apigateway_backends

    return _search(apigateway_backends, "apis", api_id)


def find_http_api(api_id: str) -> tuple[str, str, Any] | None:
    """(account, region, moto Api) of an HTTP API id (apigatewayv2), in any account and region."""
    from moto.apigatewayv2.models import apigatewayv2_backends

    found = _search(apigatewayv2_backends, "apis", api_id)
    if found and (found[2].protocol_type or "HTTP").upper() != "HTTP":
        return None  # WebSocket APIs are not invoked over HTTP
    return found


def callers_rest_api(headers: Any, api_id: str) -> Any:
    """moto's RestAPI of that id in the account and region the request is signed for, or None."""
    from moto.apigateway.models import apigateway_backends

    from localstack.utils.aws import request_context

    account, region = request_context.account_and_region(headers)
    regions = dict.get(apigateway_backends, account)
    backend = dict.get(regions, region) if regions is not None else None
    return backend.apis.get(api_id) if backend is not None else None
