"""Hooks for the event source mapping operations of the Lambda API, and the start of their pollers."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qs, unquote

from werkzeug.wrappers import Response

from localstack.services.awslambda.event_sources import mapping_api, moto_fixes
from localstack.services.awslambda.event_sources.manager import MappingManager
from localstack.services.awslambda.event_sources.models import MappingStates, mapping_states
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.http import json_response

LOG = logging.getLogger(__name__)

PREFIX = "/2015-03-31/event-source-mappings"

_manager: MappingManager | None = None


class EventSourceMappingListener(ProxyListener):
    """Validates what AWS refuses, answers Get and List with AWS's states, and wakes the pollers."""

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        route = _route(path)
        if route is None:
            return True
        moto_fixes.apply()
        uuid, query = route
        backend, states = _backend_and_states(headers, query)
        params = {key: values[0] for key, values in parse_qs(query).items()}
        if method == "GET" and uuid:
            mapping = _mapping(backend, uuid)
            return json_response(mapping_api.configuration(mapping, states))
        if method == "GET":
            return json_response(_list(backend, states, params))
        if method == "POST" and not uuid:
            mapping_api.validate_create(_json(data), backend)
        elif method == "PUT" and uuid:
            mapping = _mapping(backend, uuid)
            spec = _json(data)
            mapping_api.validate_update(mapping, spec)
            enabled = spec.get("Enabled", mapping.enabled)
            if enabled and not mapping.enabled:
                states.transitions[uuid] = "Enabling"
            elif mapping.enabled and not enabled:
                states.transitions[uuid] = "Disabling"
            else:
                states.transitions[uuid] = "Updating"
        elif method == "DELETE" and uuid:
            _mapping(backend, uuid)
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        route = _route(path)
        if route is None or method == "GET" or response.status_code >= 300:
            return None
        uuid, query = route
        backend, states = _backend_and_states(headers, query)
        try:
            created_uuid = json.loads(response.get_data())["UUID"]
        except (ValueError, KeyError, TypeError):
            return None
        mapping = backend._event_source_mappings.get(created_uuid)
        if method == "POST":
            states.transitions[created_uuid] = "Creating"
            if mapping is not None:
                _capture_latest(mapping, states)
            body = mapping_api.configuration(mapping, states) if mapping is not None else None
        elif method == "DELETE":
            states.forget(created_uuid)
            body = json.loads(response.get_data())
            body["State"] = "Deleting"
            body.pop("Tags", None)
        else:
            body = mapping_api.configuration(mapping, states) if mapping is not None else None
        notify()
        if body is None:
            return None
        return json_response(body, status=202)


def _route(path: str) -> tuple[str, str] | None:
    """(uuid or "", query) of an event source mapping request, or None for any other request."""
    path_only, _, query = path.partition("?")
    if not path_only.startswith(PREFIX):
        return None
    rest = path_only[len(PREFIX) :].strip("/")
    if "/" in rest:
        return None
    return unquote(rest), query


def _backend_and_states(headers: Any, query: str) -> tuple[Any, MappingStates]:
    from moto.awslambda.models import lambda_backends

    account, region = request_context.account_and_region(headers, query)
    return lambda_backends[account][region], mapping_states[account][region]


def _mapping(backend: Any, uuid: str) -> Any:
    mapping = backend._event_source_mappings.get(uuid)
    if mapping is None:
        raise mapping_api.not_found()
    return mapping


def _json(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        raise mapping_api.invalid("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise mapping_api.invalid("The request body must be a JSON object.")
    return body


def _list(backend: Any, states: MappingStates, params: dict[str, str]) -> dict[str, Any]:
    mappings = list(backend._event_source_mappings.values())
    if params.get("EventSourceArn"):
        mappings = [m for m in mappings if m.event_source_arn == params["EventSourceArn"]]
    if params.get("FunctionName"):
        mappings = [m for m in mappings if mapping_api.matches_function(m, params["FunctionName"])]
    page, next_marker = mapping_api.list_page(mappings, params.get("Marker"), _int(params.get("MaxItems")))
    result: dict[str, Any] = {"EventSourceMappings": [mapping_api.configuration(m, states) for m in page]}
    if next_marker:
        result["NextMarker"] = next_marker
    return result


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _capture_latest(mapping: Any, states: MappingStates) -> None:
    """LATEST means records written after the mapping was created, not after its poller first reads:
    take the shard iterators now (cheap in-process calls)."""
    if mapping.starting_position != "LATEST":
        return
    from localstack.services.awslambda.event_sources.stream_sources import source_for

    try:
        source = source_for(mapping.event_source_arn)
        states.start_iterators[mapping.uuid] = {
            shard_id: source.iterator(shard_id, "LATEST") for shard_id, _ in source.shard_ids()
        }
    except Exception as error:  # the poller takes LATEST iterators itself when it starts
        LOG.debug("Could not take LATEST iterators for %s: %s", mapping.uuid, error)


def notify() -> None:
    if _manager is not None:
        _manager.notify()


def start() -> None:
    """Start the mapping manager (called once every port listens); it imports nothing of moto."""
    global _manager
    from localstack.services import infra

    running = infra.current()
    _manager = MappingManager(running)
    running.on_stop(_manager.notify)
    running.start_worker("lambda-esm", _manager.loop)
