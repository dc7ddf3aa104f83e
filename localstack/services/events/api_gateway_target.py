"""EventBridge -> API Gateway REST API targets: the rule's target ARN
(`arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH`) names a stage, method and resource path;
EventBridge calls it with the target's input as a JSON body, the target's HTTP parameters (`*` in the path
replaced by PathParameterValues, in order), and the caller named in X-Amz-Source-Account/-Arn headers."""

from __future__ import annotations

import urllib.parse
import urllib.request
from typing import Any, Mapping

from localstack.config import get_config

TIMEOUT_SECONDS = 5.0


def send_to_api_gateway(
    target: Mapping[str, Any],
    resource: str,
    payload: str,
    event: Mapping[str, Any],
    account: str,
    region: str,
    rule_arn: str = "",
) -> None:
    api_id, stage, method, *path = resource.split("/")
    http = target.get("HttpParameters") or {}
    path_text = "/".join(path)
    for value in http.get("PathParameterValues") or []:
        path_text = path_text.replace("*", urllib.parse.quote(str(value), safe=""), 1)
    url = f"http://localhost:{get_config().edge_port}/restapis/{api_id}/{stage}/_user_request_/{path_text}"
    query = list((http.get("QueryStringParameters") or {}).items())
    if query:
        url += "?" + urllib.parse.urlencode(query)
    headers = {"Content-Type": "application/json", "X-Amz-Source-Account": account}
    if rule_arn:
        headers["X-Amz-Source-Arn"] = rule_arn
    headers.update(http.get("HeaderParameters") or {})
    verb = "POST" if method in ("", "*") else method.upper()
    body = payload.encode("utf-8") if verb not in ("GET", "HEAD") else None
    request = urllib.request.Request(url, data=body, headers=headers, method=verb)
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (our own edge)
        response.read()
