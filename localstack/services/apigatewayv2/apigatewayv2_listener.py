"""Hooks around the apigatewayv2 backend: ImportApi and ReimportApi (moto has neither), built from
the OpenAPI document through apigatewayv2's own API, and GetAuthorizers."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from botocore.exceptions import ClientError

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import json_response

_APIS = re.compile(r"^/v2/apis/?$")
_API = re.compile(r"^/v2/apis/([^/]+)/?$")


_AUTHORIZERS = re.compile(r"^/v2/apis/([^/]+)/authorizers/?$")


def _get_authorizers(api_id: str, headers: Any, query: str) -> ForwardResult:
    """GetAuthorizers, which moto lacks: every authorizer of the API, in one page."""
    from moto.apigatewayv2.models import apigatewayv2_backends

    account, region = request_context.account_and_region(headers, query)
    try:
        api = apigatewayv2_backends[account][region].get_api(api_id)
    except Exception as error:  # moto's ApiNotFound
        raise AWSError("NotFoundException", getattr(error, "message", str(error)), 404) from None
    return json_response({"items": [authorizer.to_json() for authorizer in api.authorizers.values()]})


class Apigatewayv2Listener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        path_only, _, query = path.partition("?")
        if method == "GET" and (authorizers := _AUTHORIZERS.match(path_only)):
            return _get_authorizers(authorizers.group(1), headers, query)
        if method != "PUT":
            return True
        imported = _APIS.match(path_only)
        reimported = None if imported else _API.match(path_only)
        if not imported and not reimported:
            return True
        from localstack.services.apigatewayv2 import openapi_import
        from localstack.utils.aws.internal_client import connect_to

        document = openapi_import.parse_document(openapi_import.request_body(data))
        document = openapi_import.with_base_path(document, dict(parse_qsl(query)).get("basepath"))
        warnings = openapi_import.warnings_of(document)
        if warnings and "failonwarnings=true" in query.lower():
            raise AWSError("BadRequestException", "Warnings found during import:\n\t" + "\n\t".join(warnings))
        account, region = request_context.account_and_region(headers, query)
        apigw = connect_to("apigatewayv2", account_id=account, region=region)
        try:
            if imported:
                api = openapi_import.import_http_api(apigw, document, {})
                api = apigw.get_api(ApiId=api["ApiId"])
            else:
                api_id = reimported.group(1)  # type: ignore[union-attr]
                api = openapi_import.reimport_http_api(apigw, api_id, document)
        except ClientError as error:  # a step refused: its error is the answer
            details = error.response.get("Error", {})
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
            code = details.get("Code", "BadRequestException")
            raise AWSError(code, details.get("Message", ""), status) from None
        answer = openapi_import.wire_api(api)
        if warnings:
            answer["warnings"] = warnings
        return json_response(answer, 201)
