"""Hooks around the events backend: AWS's validation of patterns, schedules and target input at
PutRule and PutTargets, and TestEventPattern (with the same matcher that routes events)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from localstack import constants
from localstack.services.events import (
    archive_checks,
    buses,
    connections,
    paging,
    patches,
    pattern_json,
    tag_rules,
)
from localstack.services.events.pattern_checks import check_pattern
from localstack.services.events.schedule import ScheduleError, parse_schedule
from localstack.services.events.transform import TransformError, validate_target
from localstack.services.generic_proxy import ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.event_patterns import PatternError, matches
from localstack.utils.aws.internal_client import HEADER_INTERNAL

JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
# PutEvents takes at most 256 KB of entries, counted as AWS's size calculation documents.
MAX_PUT_EVENTS_SIZE = 256 * 1024
# Fields TestEventPattern requires of the event (AWS's API reference).
REQUIRED_EVENT_FIELDS = ("id", "account", "source", "time", "region", "detail-type")
# Targets EventBridge reaches only by assuming the target's RoleArn, and targets reached through
# their resource policy that refuse one.
ROLE_REQUIRED_SERVICES = frozenset({"states", "codebuild", "codepipeline", "batch"})
ROLE_REFUSED_SERVICES = frozenset({"sqs"})
# Checks that need the caller's account and region, run before the operation's own handler.
PRECHECKS = {**tag_rules.HANDLERS, **archive_checks.HANDLERS}


class EventsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> Any:
        target = headers.get(constants.HEADER_TARGET) or ""
        operation = target.rsplit(".", 1)[-1]
        if operation == "PutEvents":
            patches.put_events_from_client(not headers.get(HEADER_INTERNAL))
        handler = getattr(self, f"_{operation}", None)
        resource_handler = connections.HANDLERS.get(operation) or buses.HANDLERS.get(operation)
        precheck = PRECHECKS.get(operation)
        if (handler is None and resource_handler is None and precheck is None) or method != "POST":
            return True
        try:
            params = json.loads(data or b"{}")
        except ValueError:
            return True  # the backend answers the malformed body in AWS's shape
        if not isinstance(params, dict):
            return True
        account = headers.get(constants.HEADER_ACCOUNT) or request_context.account_for_access_key(
            request_context.access_key_of(headers)
        )
        region = request_context.region_of(headers, "", constants.DEFAULT_REGION)
        if precheck is not None and not headers.get(HEADER_INTERNAL):
            # Our own services' calls may carry AWS's reserved `aws:` tags, as AWS's own do.
            precheck(params, account, region)
        if resource_handler is not None:
            return resource_handler(params, account, region)
        return handler(params) if handler is not None else True

    def return_response(self, method: str, path: str, data: bytes, headers: Any, response: Any) -> None:
        # moto's answers go out as text/html; AWS labels every EventBridge answer with its protocol's type.
        content_type = response.headers.get("Content-Type") or ""
        if content_type.startswith("text/html"):
            response.headers["Content-Type"] = JSON_CONTENT_TYPE
        operation = (headers.get(constants.HEADER_TARGET) or "").rsplit(".", 1)[-1]
        if operation in paging.PAGED and response.status_code == 200 and not response.direct_passthrough:
            body = paging.page_body(operation, data, response.get_data())
            if body is not None:
                response.set_data(body)
        return None

    def _PutRule(self, params: dict[str, Any]) -> Any:
        if params.get("EventPattern") is not None:
            parse_pattern(params["EventPattern"])
        if params.get("ScheduleExpression"):
            try:
                parse_schedule(params["ScheduleExpression"])
            except ScheduleError as error:
                raise AWSError("ValidationException", str(error)) from None
        return True

    def _CreateArchive(self, params: dict[str, Any]) -> Any:
        # moto words its own reason (single quotes); AWS's compiler answers as for PutRule.
        if params.get("EventPattern") is not None:
            parse_pattern(params["EventPattern"])
        return True

    _UpdateArchive = _CreateArchive

    def _PutTargets(self, params: dict[str, Any]) -> Any:
        for target in params.get("Targets") or []:
            if not isinstance(target, dict):
                continue
            try:
                validate_target(target)
            except TransformError as error:
                raise AWSError("ValidationException", str(error)) from None
            _check_role(target)
            _check_dead_letter_queue(target)
        return True

    def _PutEvents(self, params: dict[str, Any]) -> Any:
        entries = params.get("Entries") or []
        if (
            isinstance(entries, list)
            and sum(_entry_size(e) for e in entries if isinstance(e, dict)) > MAX_PUT_EVENTS_SIZE
        ):
            raise AWSError(
                "ValidationException", "Total size of the entries in the request is over the limit."
            )
        return True

    def _StartReplay(self, params: dict[str, Any]) -> Any:
        # moto refuses an end before the start, but AWS also refuses an empty window (end == start).
        start, end = _timestamp(params.get("EventStartTime")), _timestamp(params.get("EventEndTime"))
        if start is not None and end is not None and end <= start:
            raise AWSError(
                "ValidationException",
                "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.",
            )
        return True

    def _TestEventPattern(self, params: dict[str, Any]) -> Any:
        pattern = parse_pattern(params.get("EventPattern"))
        try:
            event = json.loads(params.get("Event") or "")
        except (TypeError, ValueError):
            raise AWSError("ValidationException", "Parameter Event is not valid.") from None
        if not isinstance(event, dict) or any(field not in event for field in REQUIRED_EVENT_FIELDS):
            # AWS gives no reason for a missing field either (`resources` is not required, unlike
            # what the API reference says).
            raise AWSError("ValidationException", "Parameter Event is not valid.")
        return {"Result": matches(pattern, event)}


def _check_role(target: dict[str, Any]) -> None:
    """AWS invokes some targets with the role the target names and others through their resource
    policy: the first refuse a target without RoleArn, SQS refuses one with it (AWS's sentences, as
    users have met them)."""
    arn = target.get("Arn")
    if not isinstance(arn, str):
        return
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return
    service, resource = parts[2], parts[5]
    needs_role = service in ROLE_REQUIRED_SERVICES or (
        service == "events" and resource.startswith("api-destination/")
    )
    if needs_role and not target.get("RoleArn"):
        raise AWSError("ValidationException", f"RoleArn is required for target {arn}.")
    if service in ROLE_REFUSED_SERVICES and target.get("RoleArn"):
        raise AWSError("ValidationException", f"RoleArn is not supported for target {arn}.")


def _check_dead_letter_queue(target: dict[str, Any]) -> None:
    """EventBridge's dead-letter queues are standard SQS queues: a FIFO queue is refused at PutTargets
    (AWS's sentence, as CloudTrail records it)."""
    config = target.get("DeadLetterConfig")
    arn = config.get("Arn") if isinstance(config, dict) else None
    if isinstance(arn, str) and arn.startswith("arn:") and ":sqs:" in arn and arn.endswith(".fifo"):
        raise AWSError("ValidationException", "SQS FIFO is not supported by Dead Letter Queues.")


def _entry_size(entry: dict[str, Any]) -> int:
    """An entry's size as the EventBridge user guide computes it: 14 bytes for a Time, the UTF-8 bytes
    of Source, DetailType and Detail, and of each resource."""
    size = 14 if entry.get("Time") is not None else 0
    for member in ("Source", "DetailType", "Detail"):
        value = entry.get(member)
        if isinstance(value, str):
            size += len(value.encode("utf-8"))
    for resource in entry.get("Resources") or []:
        if isinstance(resource, str):
            size += len(resource.encode("utf-8"))
    return size


def _timestamp(value: Any) -> float | None:
    """Epoch seconds of a JSON-protocol timestamp (a number, or ISO 8601 text)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                return None
    return None


def parse_pattern(text: Any) -> dict[str, Any]:
    """The decoded pattern, or AWS's InvalidEventPatternException."""
    try:
        pattern = json.loads(text) if isinstance(text, str) else None
    except ValueError as error:
        reason = pattern_json.syntax_error(text) or error.msg
        raise AWSError(
            "InvalidEventPatternException", f"Event pattern is not valid. Reason: {reason}"
        ) from None
    try:
        check_pattern(pattern)
    except PatternError as error:
        reason = str(error)
        if getattr(error, "path", None) is not None:
            # Jackson's location of the offending value, as AWS reports it (recorded by CDK users).
            edge = getattr(error, "edge", "value")
            reason = pattern_json.located_at_value(reason, text, error.path, edge)
        elif isinstance(pattern, list):
            # AWS locates this one: just after the array's opening bracket.
            reason = pattern_json.with_location(reason, text, text.index("[") + 1)
        raise AWSError(
            "InvalidEventPatternException", f"Event pattern is not valid. Reason: {reason}"
        ) from None
    return pattern
