"""AWS integrations with services other than Lambda (`arn:aws:apigateway:<region>:<service>:path/...`
or `:action/<Action>`): the mapped request is sent to that service through the gateway, in-process."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import Headers

from localstack.services.apigateway.lambda_invoke import IntegrationFailure
from localstack.services.edge_rules import TARGET_PREFIXES
from localstack.utils.http import Request

_SERVICE_URI = re.compile(r"^arn:[^:]+:apigateway:([^:]*):([^:]+):(path|action)/(.*)$")
# Services whose actions are JSON with an X-Amz-Target (by signing name).
_TARGETS = {service: prefix for prefix, service in TARGET_PREFIXES.items()}
_TARGETS["states"] = _TARGETS.get("stepfunctions", "AWSStepFunctions")


def call_service(invocation: Any, integration: Any, body: bytes) -> tuple[int, dict[str, str], bytes]:
    from localstack.services import infra

    match = _SERVICE_URI.match(integration.uri or "")
    if not match:
        raise IntegrationFailure(500, "Internal server error")
    region = match.group(1) or invocation.request.region
    service, style, rest = match.group(2), match.group(3), match.group(4)
    subdomain_service = service.split(".")[-1]  # `<sub>.<service>` names a subdomain
    headers = Headers()
    headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={invocation.request.account_id}/20200101/{region}/{subdomain_service}/"
        "aws4_request, SignedHeaders=host, Signature=0"
    )
    headers["Host"] = f"localhost:{infra.current().edge_port}"
    for target, source in (integration.request_parameters or {}).items():
        if target.startswith("integration.request.header.") and source.startswith("'"):
            headers[target[len("integration.request.header.") :]] = source.strip("'")
    method = (integration.http_method or "POST").upper()
    if style == "path":
        path = "/" + rest.lstrip("/")
    else:
        action, _, query = rest.partition("&")
        target = _TARGETS.get(subdomain_service)
        if target:
            path = "/"
            headers["X-Amz-Target"] = f"{target}.{action}"
            headers.setdefault("Content-Type", "application/x-amz-json-1.0")
        else:
            path = "/"
            form = f"Action={action}" + (f"&{query}" if query else "")
            body = form.encode() + (b"&" + body if body else b"")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = Request(method, path, body, headers, {"REMOTE_ADDR": "127.0.0.1"})
    response = infra.current().edge_app.handle(request)  # type: ignore[union-attr]
    return response.status_code, dict(response.headers), response.get_data()
