"""Function URLs: `http://<url-id>.lambda-url.<region>.localhost.localstack.cloud:<edge>/` invoke their
function with a payload 2.0 event. CreateFunctionUrlConfig answers with that URL (moto makes up an
`on.aws` one), and the listener answers requests sent to it."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from werkzeug.wrappers import Response

from localstack.services.apigateway import payloads
from localstack.services.apigateway.api_request import ApiRequest
from localstack.services.apigateway.lambda_invoke import IntegrationFailure, api_response, invoke_function
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.stores import AccountRegionStore, RegionStore
from localstack.utils.http import Request

URL_HOST = re.compile(r"^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.", re.IGNORECASE)
_CONFIG_PATH = re.compile(r"^/2021-10-31/functions/([^/?]+)/url/?$")
_MOTO_URL = re.compile(r"^https://([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.on\.aws/?$")
URL_DOMAIN = "localhost.localstack.cloud"


class FunctionUrls(RegionStore):
    def __init__(self) -> None:
        self.functions: dict[str, str] = {}  # url id -> function ARN


function_urls = AccountRegionStore(FunctionUrls)


def url_for(url_id: str, region: str) -> str:
    from localstack.services import infra

    return f"http://{url_id}.lambda-url.{region}.{URL_DOMAIN}:{infra.current().edge_port}/"


class FunctionUrlListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        match = URL_HOST.match(headers.get("Host") or "")
        if not match:
            return _qualified_config(method, path, data, headers)
        url_id, region = match.group(1).lower(), match.group(2).lower()
        for store in function_urls.all():
            arn = store.functions.get(url_id)
            if arn is not None and store.region == region:
                return invoke_url(store.account_id, region, url_id, arn, method, path, data, headers)
        return _not_found()

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        if response.status_code >= 300 or not _CONFIG_PATH.match(path.split("?", 1)[0]):
            return None
        if method == "DELETE":
            name = _CONFIG_PATH.match(path.split("?", 1)[0]).group(1)  # type: ignore[union-attr]
            for store in function_urls.all():
                for url_id, arn in list(store.functions.items()):
                    if arn.split(":")[6] == name.split(":")[-1] or arn == name:
                        store.functions.pop(url_id, None)
            return None
        try:
            body = json.loads(response.get_data() or b"{}")
        except ValueError:
            return None
        url = body.get("FunctionUrl") or ""
        moto_url = _MOTO_URL.match(url)
        if moto_url and method == "POST":
            url_id, region = moto_url.group(1), moto_url.group(2)
            account = request_context.account_for_access_key(request_context.access_key_of(headers))
            arn = body["FunctionArn"]
            function_urls[account][region].functions[url_id] = arn
            body["FunctionUrl"] = url_for(url_id, region)
            _set_moto_url(account, region, arn, body["FunctionUrl"])
            return Response(json.dumps(body), status=response.status_code, headers=dict(response.headers))
        return None


def _qualified_config(method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
    """An alias's URL config (named by `Qualifier`, or by a qualified function ARN, as SAM's
    AWS::Lambda::Url has it) is ours to serve; `$LATEST` names the function's own (moto's) URL."""
    path_only, _, query_string = path.partition("?")
    match = _CONFIG_PATH.match(path_only)
    if not match:
        return True
    from localstack.services.awslambda import alias_urls, functions, validation

    query = parse_qsl(query_string, keep_blank_values=True)
    name = unquote(match.group(1))
    bare = functions.split_target(name, "", "")[2]
    given = dict(query).get("Qualifier")
    if given is not None:
        validation.check_url_qualifier(given)
    qualifier = bare.partition(":")[2] or given
    if not qualifier:
        return True
    if qualifier == "$LATEST":
        unqualified = name.removesuffix(":$LATEST")
        rest = urlencode([(key, value) for key, value in query if key != "Qualifier"])
        path = path_only.replace(match.group(1), quote(unqualified, safe=""))
        return Request(method, path + (f"?{rest}" if rest else ""), data, headers)
    account, region = request_context.account_and_region(headers, query_string)
    return alias_urls.handle(method, name, qualifier, data, account, region)


def _set_moto_url(account: str, region: str, arn: str, url: str) -> None:
    """Keep our URL in moto's config, so GetFunctionUrlConfig and UpdateFunctionUrlConfig show it."""
    from moto.awslambda.models import lambda_backends

    try:
        function = lambda_backends[account][region].get_function(arn)
    except Exception:  # noqa: BLE001 - deleted meanwhile: nothing to update
        return
    if function.url_config is not None:
        function.url_config.url = url


def _not_found() -> Response:
    response = Response(json.dumps({"Message": None}), status=403, mimetype="application/json")
    response.direct_passthrough = True
    return response


def invoke_url(
    account_id: str, region: str, url_id: str, arn: str, method: str, path: str, data: bytes, headers: Any
) -> Response:
    from moto.awslambda.models import lambda_backends

    from localstack.services.awslambda import alias_urls

    if arn.count(":") > 6:  # an alias's URL
        config = alias_urls.config_of(arn, account_id, region)
    else:
        try:
            function = lambda_backends[account_id][region].get_function(arn)
        except Exception:  # noqa: BLE001 - the function is gone
            function = None
        config = function.url_config.config if function is not None and function.url_config else None
    if config is None:
        return api_response({"Message": None}, 403)
    if (config.get("AuthType") or "NONE").upper() == "AWS_IAM":
        # IAM auth: a SigV4 signature must be present (signatures are not verified by this emulator).
        if "AWS4-HMAC-SHA256" not in (headers.get("Authorization") or ""):
            return api_response({"Message": "Forbidden"}, 403)
    raw_path, _, query = path.partition("?")
    request = ApiRequest(url_id, method, raw_path, query, headers, data)
    request.account_id, request.region, request.stage, request.path = account_id, region, "$default", raw_path
    request.domain_name = (headers.get("Host") or "").split(":", 1)[0]
    request.source_ip = (headers.get("X-Forwarded-For") or "127.0.0.1").split(",")[0].strip()
    context = payloads.http_context_v2(request, "$default", raw_path)
    context["accountId"] = "anonymous"
    context["domainName"] = f"{url_id}.lambda-url.{region}.on.aws"
    event = payloads.event_v2(request, "$default", raw_path, None, None, context)
    try:
        result = invoke_function(arn, event)
        return payloads.response_v2(result, error_status=502)
    except IntegrationFailure as failure:
        return api_response("Internal Server Error", failure.status, content_type="text/plain")
