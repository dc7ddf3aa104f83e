"""Corrections to moto's apigateway backend, applied by the starter before the backend is built."""

from __future__ import annotations

import json
import threading
from typing import Any

_applied = False
_lock = threading.Lock()


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        _applied = True
        _keep_binary_media_types()
        _import_without_description()


def _keep_binary_media_types() -> None:
    """moto's CreateRestApi drops `binaryMediaTypes`, which decide how binary bodies are proxied."""
    from moto.apigateway.responses import APIGatewayResponse

    original = APIGatewayResponse.create_rest_api

    def create_rest_api(self: Any) -> Any:
        status, headers, body = original(self)
        media_types = self._get_param("binaryMediaTypes")
        if media_types and int(status) < 300:
            api = self.backend.apis.get(json.loads(body).get("id"))
            if api is not None:
                api.binaryMediaTypes = list(media_types)
                body = json.dumps(api.to_dict())
        return status, headers, body

    APIGatewayResponse.create_rest_api = create_rest_api


def _import_without_description() -> None:
    """moto's ImportRestApi crashes on an OpenAPI document whose `info` has no description (SAM's
    generated documents have none); AWS makes the API without one."""
    from moto.apigateway.models import APIGatewayBackend

    original = APIGatewayBackend.import_rest_api

    def import_rest_api(self: Any, api_doc: dict[str, Any], fail_on_warnings: bool) -> Any:
        info = api_doc.get("info") if isinstance(api_doc, dict) else None
        if isinstance(info, dict) and "description" not in info:
            api_doc = {**api_doc, "info": {**info, "description": None}}
        return original(self, api_doc, fail_on_warnings)

    APIGatewayBackend.import_rest_api = import_rest_api
