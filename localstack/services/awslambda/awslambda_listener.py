"""Hooks around the lambda backend."""

from __future__ import annotations

from typing import Any

from localstack.services.awslambda import any_role
from localstack.services.generic_proxy import ForwardResult, ProxyListener


class AwslambdaListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        # Applied on first use, not at start-up: it imports moto, which the start-up must not wait for.
        any_role.apply()
        return True
