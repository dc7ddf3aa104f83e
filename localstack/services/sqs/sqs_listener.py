"""Hooks around the sqs backend: queue URLs name HOSTNAME_EXTERNAL and the port the client used."""

from typing import Any

from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.http import Request


class SqsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        # moto writes queue URLs from the Host header; AWS users expect HOSTNAME_EXTERNAL there.
        host = headers.get("Host") or ""
        port = host.rpartition(":")[2] if ":" in host else ""
        external = get_config().hostname_external
        wanted = f"{external}:{port}" if port.isdigit() else external
        if host == wanted:
            return True
        headers = headers.copy()
        headers["Host"] = wanted
        return Request(method, path, data, headers)
