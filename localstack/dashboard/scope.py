"""The account and region a dashboard view acts in, and its in-process clients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from werkzeug.wrappers import Response

from localstack.utils.aws.internal_client import connect_to
from localstack.utils.http import Request


@dataclass
class Scope:
    account: str
    region: str
    # The edge's own request handler, for the developer endpoints users call over HTTP (/_aws/...).
    gateway: Callable[[Request], Response]

    def client(self, service: str) -> Any:
        return connect_to(service, account_id=self.account, region=self.region)


def required(params: dict[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise ActionFailed(400, "MissingParameter", f"The parameter '{name}' is required.")
    return value


class ActionFailed(Exception):
    """A dashboard action that cannot be done, answered to the page with this status and code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
