"""Hooks around the stepfunctions backend: StartSyncExecution, which moto does not serve."""

from __future__ import annotations

from typing import Any

from localstack import constants
from localstack.services.generic_proxy import ForwardResult, ProxyListener


class StepfunctionsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        if (headers.get(constants.HEADER_TARGET) or "").endswith(".StartSyncExecution"):
            from localstack.services.stepfunctions.sync_executions import start_sync_execution

            return start_sync_execution(data, headers)
        return True
