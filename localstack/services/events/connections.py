"""EventBridge connections and API destinations as AWS answers them: states (a connection's
AUTHORIZED / AUTHORIZING / DEAUTHORIZED / DELETING, a destination ACTIVE only while its connection is
authorized), LastAuthorizedTime and LastModifiedTime, AWS's messages for names that exist or do not,
and the Secrets Manager secret a connection keeps its credentials in.

moto keeps the objects (delivery reads them from its backend); these handlers answer the operations,
because moto's answers hard-code the state and leave out the times.
"""

from __future__ import annotations

import ipaddress
import json
import time
import urllib.parse
import uuid
from typing import Any, Mapping

from localstack.utils.aws.errors import AWSError

DEFAULT_RATE_LIMIT = 300  # InvocationRateLimitPerSecond when none is given (API reference)
SECRET_FIELDS = {
    "BasicAuthParameters": {"Username": "username", "Password": "password"},
    "ApiKeyAuthParameters": {"ApiKeyName": "api_key_name", "ApiKeyValue": "api_key_value"},
}
# Which AuthParameters member each AuthorizationType needs.
AUTH_MEMBER = {
    "BASIC": "BasicAuthParameters",
    "API_KEY": "ApiKeyAuthParameters",
    "OAUTH_CLIENT_CREDENTIALS": "OAuthParameters",
}


def _backend(account: str, region: str) -> Any:
    from moto.events.models import events_backends

    return events_backends[account][region]


def _connection(backend: Any, name: str) -> Any:
    connection = backend.connections.get(name)
    if connection is None:
        raise AWSError(
            "ResourceNotFoundException",
            f"Failed to describe the connection(s). Connection '{name}' does not exist.",
        )
    return connection


def _destination(backend: Any, name: str) -> Any:
    destination = backend.destinations.get(name)
    if destination is None:
        raise AWSError(
            "ResourceNotFoundException",
            f"Failed to describe the api-destination(s). An api-destination '{name}' does not exist.",
        )
    return destination


def _public_parameters(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The AuthParameters AWS shows back: everything but the secrets."""
    shown: dict[str, Any] = {}
    if kind == "BASIC" and "BasicAuthParameters" in params:
        shown["BasicAuthParameters"] = {"Username": params["BasicAuthParameters"].get("Username")}
    elif kind == "API_KEY" and "ApiKeyAuthParameters" in params:
        shown["ApiKeyAuthParameters"] = {"ApiKeyName": params["ApiKeyAuthParameters"].get("ApiKeyName")}
    elif kind == "OAUTH_CLIENT_CREDENTIALS" and "OAuthParameters" in params:
        oauth = params["OAuthParameters"]
        shown["OAuthParameters"] = {
            "ClientParameters": {"ClientID": (oauth.get("ClientParameters") or {}).get("ClientID")},
            "AuthorizationEndpoint": oauth.get("AuthorizationEndpoint"),
            "HttpMethod": oauth.get("HttpMethod"),
        }
        if "OAuthHttpParameters" in oauth:
            shown["OAuthParameters"]["OAuthHttpParameters"] = oauth["OAuthHttpParameters"]
    if "InvocationHttpParameters" in params:
        shown["InvocationHttpParameters"] = params["InvocationHttpParameters"]
    return shown


def _check_auth(kind: str | None, params: Mapping[str, Any] | None) -> None:
    if kind is None or params is None:
        return
    member = AUTH_MEMBER.get(kind)
    if member and member not in params:
        raise AWSError(
            "ValidationException",
            f"{member} must be specified for authorization type {kind}.",
        )


# Hosts an endpoint on the developer's own machine goes by; plain http to them is kept (see
# _check_https_endpoint).
LOCAL_HOSTS = ("localhost", "host.docker.internal", "localhost.localstack.cloud")


def _is_local_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host in LOCAL_HOSTS or host.endswith((".localhost", ".localhost.localstack.cloud")):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_https_endpoint(url: Any, member: str) -> None:
    """AWS's rule for an API destination's InvocationEndpoint and an OAuth AuthorizationEndpoint: the URL
    must use HTTPS (EventBridge user guide). The botocore pattern is checked by request_checks; this adds
    the scheme. Plain http to this machine (localhost, loopback addresses, host.docker.internal) is kept
    so a receiver under test can be reached; AWS could never reach those. The sentence is ours: no
    recording of AWS's answer was found."""
    if not isinstance(url, str) or not url:
        return
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() == "https" and parts.hostname:
        return
    if parts.scheme.lower() == "http" and parts.hostname and _is_local_host(parts.hostname):
        return
    raise AWSError("ValidationException", f"Invalid {member} '{url}'. The endpoint must use HTTPS.")


def _initial_state(kind: str) -> str:
    # OAuth connections authorize against their endpoint first; the others are authorized at once.
    return "AUTHORIZING" if kind == "OAUTH_CLIENT_CREDENTIALS" else "AUTHORIZED"


def _store_secret(connection: Any, account: str, region: str) -> None:
    """Write the connection's full AuthParameters to its secret (moto made it at creation)."""
    from moto.secretsmanager.models import secretsmanager_backends

    backend = secretsmanager_backends[account][region]
    secret = backend.secrets.get(connection.secret_arn)
    if secret is None:
        return
    text = json.dumps(_secret_value(connection.authorization_type, connection.full_params))
    if secret.name.endswith("/auth"):
        # AWS names the secret events!connection/<name>/<a uuid of its own> (recorded); moto appended
        # /auth to the connection's id.
        backend.secrets.pop(secret.arn)
        secret = backend.create_managed_secret(
            service_name="events",
            secret_id=f"events!connection/{connection.name}/{uuid.uuid4()}",
            secret_string=text,
            description=secret.description,
        )
        connection.secret_arn = secret.arn
    secret.secret_string = text
    current = secret.versions.get(secret.default_version_id or "")
    if current is not None:
        current["secret_string"] = text


def _secret_value(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for member, fields in SECRET_FIELDS.items():
        for field, key in fields.items():
            if field in (params.get(member) or {}):
                value[key] = params[member][field]
    oauth = params.get("OAuthParameters") or {}
    if oauth:
        client = oauth.get("ClientParameters") or {}
        value.update(
            client_id=client.get("ClientID"),
            client_secret=client.get("ClientSecret"),
            authorization_endpoint=oauth.get("AuthorizationEndpoint"),
            http_method=oauth.get("HttpMethod"),
        )
    if "InvocationHttpParameters" in params:
        value["invocation_http_parameters"] = params["InvocationHttpParameters"]
    return value


def _summary(connection: Any) -> dict[str, Any]:
    answer = {
        "ConnectionArn": connection.arn,
        "ConnectionState": connection.state,
        "CreationTime": connection.creation_time,
        "LastModifiedTime": getattr(connection, "last_modified_time", connection.creation_time),
    }
    if getattr(connection, "last_authorized_time", None) is not None:
        answer["LastAuthorizedTime"] = connection.last_authorized_time
    return answer


def _destination_summary(destination: Any) -> dict[str, Any]:
    return {
        "ApiDestinationArn": destination.arn,
        "ApiDestinationState": destination.state,
        "CreationTime": destination.creation_time,
        "LastModifiedTime": getattr(destination, "last_modified_time", destination.creation_time),
    }


def _refresh_destinations(backend: Any, connection: Any) -> None:
    """A destination is ACTIVE only while its connection is authorized."""
    state = "ACTIVE" if connection.state == "AUTHORIZED" else "INACTIVE"
    for destination in backend.destinations.values():
        if destination.connection_arn == connection.arn:
            destination.state = state


def create_connection(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    backend = _backend(account, region)
    name = params.get("Name") or ""
    if name in backend.connections:
        raise AWSError("ResourceAlreadyExistsException", f"Connection {name} already exists.")
    kind = params.get("AuthorizationType") or ""
    auth = params.get("AuthParameters") or {}
    _check_auth(kind, auth)
    _check_https_endpoint(
        (auth.get("OAuthParameters") or {}).get("AuthorizationEndpoint"), "AuthorizationEndpoint"
    )
    connection = backend.create_connection(name, params.get("Description"), kind, auth)
    connection.full_params = auth
    connection.auth_parameters = _public_parameters(kind, auth)
    connection.state = _initial_state(kind)
    connection.last_modified_time = connection.creation_time
    # AWS shows LastAuthorizedTime from creation on, an OAuth connection's while still AUTHORIZING too.
    connection.last_authorized_time = connection.creation_time
    _store_secret(connection, account, region)
    answer = _summary(connection)
    answer.pop("LastAuthorizedTime", None)  # CreateConnection's answer has no such member
    return answer


def describe_connection(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    connection = _connection(_backend(account, region), params.get("Name") or "")
    answer = {
        **_summary(connection),
        "Name": connection.name,
        "AuthorizationType": connection.authorization_type,
        "SecretArn": connection.secret_arn,
        "AuthParameters": connection.auth_parameters,
    }
    if connection.description:
        answer["Description"] = connection.description
    return answer


def list_connections(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    prefix = params.get("NamePrefix") or ""
    state = params.get("ConnectionState")
    listed = []
    for connection in _backend(account, region).connections.values():
        if not connection.name.startswith(prefix) or (state and connection.state != state):
            continue
        entry = {**_summary(connection), "Name": connection.name}
        entry["AuthorizationType"] = connection.authorization_type
        listed.append(entry)
    return {"Connections": listed}


def update_connection(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    backend = _backend(account, region)
    connection = _connection(backend, params.get("Name") or "")
    kind = params.get("AuthorizationType") or connection.authorization_type
    auth = params.get("AuthParameters")
    if params.get("AuthorizationType") and auth is None and kind != connection.authorization_type:
        _check_auth(kind, {})
    _check_auth(kind, auth)
    _check_https_endpoint(
        ((auth or {}).get("OAuthParameters") or {}).get("AuthorizationEndpoint"), "AuthorizationEndpoint"
    )
    if params.get("Description") is not None:
        connection.description = params["Description"]
    full = dict(getattr(connection, "full_params", {}) or {})
    if auth:
        for member, value in auth.items():
            full[member] = {**(full.get(member) or {}), **value} if isinstance(value, dict) else value
    connection.authorization_type = kind
    connection.full_params = full
    connection.auth_parameters = _public_parameters(kind, full)
    now = time.time()
    connection.state = "AUTHORIZED"
    connection.last_modified_time = now
    connection.last_authorized_time = now
    _store_secret(connection, account, region)
    _refresh_destinations(backend, connection)
    return _summary(connection)


def deauthorize_connection(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    backend = _backend(account, region)
    connection = _connection(backend, params.get("Name") or "")
    connection.last_modified_time = time.time()
    connection.state = "DEAUTHORIZED"
    _refresh_destinations(backend, connection)
    # AWS answers while it is still removing the credentials.
    return {**_summary(connection), "ConnectionState": "DEAUTHORIZING"}


def delete_connection(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    backend = _backend(account, region)
    connection = _connection(backend, params.get("Name") or "")
    backend.delete_connection(connection.name)
    connection.last_modified_time = time.time()
    connection.state = "DELETING"
    _refresh_destinations(backend, connection)
    return _summary(connection)


def create_api_destination(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    backend = _backend(account, region)
    name = params.get("Name") or ""
    if name in backend.destinations:
        raise AWSError("ResourceAlreadyExistsException", f"An api-destination '{name}' already exists.")
    _check_https_endpoint(params.get("InvocationEndpoint"), "InvocationEndpoint")
    connection_arn = params.get("ConnectionArn") or ""
    connection = _connection(backend, _connection_name(connection_arn))
    backend.create_api_destination(
        name,
        params.get("Description"),
        connection_arn,
        params.get("InvocationEndpoint"),
        params.get("InvocationRateLimitPerSecond") or DEFAULT_RATE_LIMIT,
        params.get("HttpMethod"),
    )
    destination = backend.destinations[name]
    destination.last_modified_time = destination.creation_time
    destination.state = "ACTIVE" if connection.state == "AUTHORIZED" else "INACTIVE"
    return _destination_summary(destination)


def describe_api_destination(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    destination = _destination(_backend(account, region), params.get("Name") or "")
    return _describe_destination(destination)


def _describe_destination(destination: Any) -> dict[str, Any]:
    answer = {
        **_destination_summary(destination),
        "Name": destination.name,
        "ConnectionArn": destination.connection_arn,
        "InvocationEndpoint": destination.invocation_endpoint,
        "HttpMethod": destination.http_method,
        "InvocationRateLimitPerSecond": int(
            destination.invocation_rate_limit_per_second or DEFAULT_RATE_LIMIT
        ),
    }
    if destination.description:
        answer["Description"] = destination.description
    return answer


def list_api_destinations(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    prefix = params.get("NamePrefix") or ""
    connection_arn = params.get("ConnectionArn")
    listed = []
    for destination in _backend(account, region).destinations.values():
        if not destination.name.startswith(prefix):
            continue
        if connection_arn and destination.connection_arn != connection_arn:
            continue
        entry = _describe_destination(destination)
        entry.pop("Description", None)
        listed.append(entry)
    return {"ApiDestinations": listed}


def update_api_destination(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    backend = _backend(account, region)
    destination = _destination(backend, params.get("Name") or "")
    _check_https_endpoint(params.get("InvocationEndpoint"), "InvocationEndpoint")
    connection = None
    if params.get("ConnectionArn"):
        connection = _connection(backend, _connection_name(params["ConnectionArn"]))
        destination.connection_arn = params["ConnectionArn"]
    for member, attribute in (
        ("Description", "description"),
        ("InvocationEndpoint", "invocation_endpoint"),
        ("HttpMethod", "http_method"),
        ("InvocationRateLimitPerSecond", "invocation_rate_limit_per_second"),
    ):
        if params.get(member) is not None:
            setattr(destination, attribute, params[member])
    if connection is None:
        connection = backend.connections.get(_connection_name(destination.connection_arn))
    destination.state = (
        "ACTIVE" if connection is not None and connection.state == "AUTHORIZED" else "INACTIVE"
    )
    destination.last_modified_time = time.time()
    return _destination_summary(destination)


def delete_api_destination(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    backend = _backend(account, region)
    destination = _destination(backend, params.get("Name") or "")
    backend.delete_api_destination(destination.name)
    return {}


def _connection_name(arn: str) -> str:
    """NAME of `arn:aws:events:<region>:<account>:connection/NAME/UUID`."""
    resource = arn.split(":", 5)[-1]
    parts = resource.split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "connection" else resource


HANDLERS = {
    "CreateConnection": create_connection,
    "DescribeConnection": describe_connection,
    "ListConnections": list_connections,
    "UpdateConnection": update_connection,
    "DeauthorizeConnection": deauthorize_connection,
    "DeleteConnection": delete_connection,
    "CreateApiDestination": create_api_destination,
    "DescribeApiDestination": describe_api_destination,
    "ListApiDestinations": list_api_destinations,
    "UpdateApiDestination": update_api_destination,
    "DeleteApiDestination": delete_api_destination,
}
