"""Hooks around the sts backend: AssumeRole's refusals (validation.py) before moto issues credentials."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.sts import validation


class StsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        if method != "POST" or b"AssumeRole" not in (data or b""):
            return True
        params = dict(parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True))
        if params.get("Action") == "AssumeRole":
            validation.check_assume_role(params)
        return True
