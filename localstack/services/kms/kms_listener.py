"""Hooks around the kms backend: the operations moto lacks (data key pairs) are answered here."""

from __future__ import annotations

import json
from typing import Any

from localstack import constants
from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.kms import data_key_pairs
from localstack.utils.aws import request_context


class KmsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        if operation not in data_key_pairs.OPERATIONS:
            return True
        from moto.kms.models import kms_backends

        query = path.split("?", 1)[1] if "?" in path else ""
        account = request_context.account_for_access_key(request_context.access_key_of(headers, query))
        region = request_context.region_of(headers, query, get_config().default_region)
        try:
            params = json.loads(data or b"{}")
        except ValueError:
            params = {}
        return data_key_pairs.generate(kms_backends[account][region], operation, params)
