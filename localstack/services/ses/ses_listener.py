"""Hooks around the ses backend: the refusals of validation.py before moto sends anything."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.ses import validation


def _configuration_sets(headers: Any, query: str) -> Any:
    from moto.ses.models import ses_backends

    from localstack.utils.aws import request_context

    account, region = request_context.account_and_region(headers, query)
    return ses_backends[account][region].config_sets


class SesListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        if (
            method != "POST"
            or not data
            or (b"ConfigurationSetName=" not in data and b"Tags.member." not in data)
        ):
            return True
        query = path.partition("?")[2]
        params = dict(parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True))
        if params.get("Action") == "SendEmail":
            validation.check_tags(params)
        if params.get("Action") in validation.SENDING_ACTIONS:
            validation.check_sending(params, _configuration_sets(headers, query))
        return True
