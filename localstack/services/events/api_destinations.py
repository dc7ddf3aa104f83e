"""EventBridge -> API destinations: an HTTP request to the destination's endpoint with the connection's
authorization (API key or basic; OAuth client credentials fetch a token first) and the target's and
connection's HTTP parameters. The body is the target's input."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from typing import Any, Mapping

TIMEOUT_SECONDS = 5.0  # AWS gives an API destination 5 s to answer


def send_to_api_destination(
    target: Mapping[str, Any], resource: str, payload: str, account: str, region: str
) -> None:
    from moto.events.models import events_backends

    backend = events_backends[account][region]
    name = resource.split("/")[1]  # api-destination/NAME/UUID
    destination = backend.destinations.get(name)
    if destination is None:
        raise LookupError(f"API destination {name} does not exist")
    connection = backend.connections.get(destination.connection_arn.split("/")[1])
    if connection is None:
        raise LookupError(f"connection of API destination {name} does not exist")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Amazon/EventBridge/ApiDestinations",
    }
    query: list[tuple[str, str]] = []
    # The full parameters with their secrets (connections.py shows only the public ones).
    params = getattr(connection, "full_params", None) or connection.auth_parameters or {}
    _add_invocation_parameters(params.get("InvocationHttpParameters") or {}, headers, query)
    headers.update(_authorization(connection.authorization_type, params))
    http = target.get("HttpParameters") or {}
    headers.update(http.get("HeaderParameters") or {})
    query.extend((http.get("QueryStringParameters") or {}).items())
    url = destination.invocation_endpoint
    for value in http.get("PathParameterValues") or []:
        url = url.replace("*", urllib.parse.quote(str(value), safe=""), 1)
    if query:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
    method = (destination.http_method or "POST").upper()
    body = payload.encode("utf-8") if method not in ("GET", "HEAD") else None
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (user's endpoint)
        response.read()


def _add_invocation_parameters(params: Mapping[str, Any], headers: dict[str, str], query: list) -> None:
    for header in params.get("HeaderParameters") or []:
        headers[header["Key"]] = header["Value"]
    for item in params.get("QueryStringParameters") or []:
        query.append((item["Key"], item["Value"]))


def _authorization(kind: str, params: Mapping[str, Any]) -> dict[str, str]:
    if kind == "API_KEY":
        key = params.get("ApiKeyAuthParameters") or {}
        return {key["ApiKeyName"]: key["ApiKeyValue"]} if key.get("ApiKeyName") else {}
    if kind == "BASIC":
        basic = params.get("BasicAuthParameters") or {}
        token = base64.b64encode(f"{basic.get('Username', '')}:{basic.get('Password', '')}".encode()).decode()
        return {"Authorization": f"Basic {token}"}
    if kind == "OAUTH_CLIENT_CREDENTIALS":
        return {"Authorization": f"Bearer {_oauth_token(params.get('OAuthParameters') or {})}"}
    return {}


def _oauth_token(oauth: Mapping[str, Any]) -> str:
    client = oauth.get("ClientParameters") or {}
    http = oauth.get("OAuthHttpParameters") or {}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    query: list[tuple[str, str]] = [("grant_type", "client_credentials")]
    _add_invocation_parameters(http, headers, query)
    credentials = f"{client.get('ClientID', '')}:{client.get('ClientSecret', '')}".encode()
    headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
    method = (oauth.get("HttpMethod") or "POST").upper()
    data = urllib.parse.urlencode(query).encode()
    url = oauth["AuthorizationEndpoint"]
    if method == "GET":
        url, data = f"{url}{'&' if '?' in url else '?'}{data.decode()}", None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return json.loads(response.read())["access_token"]
