"""Corrections to moto's logs backend, applied by the starter before the backend is built.

moto delivers every event to every subscription, ignoring the filter pattern, inside the request and
straight into other backends (bypassing their listeners, Firehose buffering, our Lambda engine); its
filter-pattern matcher knows only bare terms. Ours match patterns as AWS does and deliver through
the event dispatcher and the other services' own APIs.
"""

from __future__ import annotations

import time
from typing import Any

from localstack.services.logs import subscriptions
from localstack.services.logs.filter_patterns import FilterPattern, PatternError


def apply() -> None:
    _patch_matcher()
    _patch_delivery()
    _patch_put_subscription_filter()
    _patch_get_query_results()
    _patch_stream_sentences()
    _patch_delete_metric_filter()
    _patch_put_metric_filter()
    _patch_group_description()


def _patch_delete_metric_filter() -> None:
    """moto's DeleteMetricFilter of a filter that is not there answers 200; AWS refuses it (the
    sentence every AWS-modelled emulator answers; not recorded here from AWS itself)."""
    from moto.logs.exceptions import ResourceNotFoundException
    from moto.logs.models import LogsBackend

    delete = LogsBackend.delete_metric_filter

    def delete_metric_filter(
        self: Any, filter_name: str | None = None, log_group_name: str | None = None
    ) -> None:
        if log_group_name not in self.groups:
            raise ResourceNotFoundException()
        known = any(
            item["filterName"] == filter_name and item["logGroupName"] == log_group_name
            for item in self.filters.metric_filters
        )
        if not known:
            raise ResourceNotFoundException("The specified metric filter does not exist.")
        delete(self, filter_name, log_group_name)

    LogsBackend.delete_metric_filter = delete_metric_filter


def _patch_put_metric_filter() -> None:
    """PutMetricFilter of a name the log group already has replaces that filter (AWS: "creates or
    updates"); moto added a second filter of the same name."""
    from moto.logs.metric_filters import MetricFilters
    from moto.logs.responses import LogsResponse

    add_filter, original_response = MetricFilters.add_filter, LogsResponse.put_metric_filter

    def put_filter(self: Any, filter_name: str, pattern: str, log_group_name: str, transforms: Any) -> None:
        same = [
            i
            for i, f in enumerate(self.metric_filters)
            if f["filterName"] == filter_name and f["logGroupName"] == log_group_name
        ]
        add_filter(self, filter_name, pattern, log_group_name, transforms)
        # Described with its creation time and applyOnTransformedLogs (recorded; moto kept neither).
        self.metric_filters[-1].update(creationTime=int(time.time() * 1000), applyOnTransformedLogs=False)
        if same:
            self.metric_filters[same[0]] = self.metric_filters.pop()

    def put_metric_filter(self: Any) -> str:
        answer = original_response(self)
        if self._get_param("applyOnTransformedLogs"):
            for stored in self.logs_backend.filters.metric_filters:
                if (stored["filterName"], stored["logGroupName"]) == (
                    self._get_param("filterName"),
                    self._get_param("logGroupName"),
                ):
                    stored["applyOnTransformedLogs"] = True
        return answer

    MetricFilters.add_filter = put_filter  # type: ignore[method-assign]
    LogsResponse.put_metric_filter = put_metric_filter  # type: ignore[method-assign]


def _patch_stream_sentences() -> None:
    """moto answers a log stream that exists, or does not, with its log group's sentences."""
    from moto.logs.exceptions import LogsClientError, ResourceNotFoundException
    from moto.logs.models import LogGroup

    create, delete, get_events = (
        LogGroup.create_log_stream,
        LogGroup.delete_log_stream,
        LogGroup.get_log_events,
    )

    def create_log_stream(self: Any, log_stream_name: str) -> None:
        if log_stream_name in self.streams:
            raise LogsClientError("ResourceAlreadyExistsException", "The specified log stream already exists")
        create(self, log_stream_name)

    def delete_log_stream(self: Any, log_stream_name: str) -> None:
        if log_stream_name not in self.streams:
            raise ResourceNotFoundException("The specified log stream does not exist.")
        delete(self, log_stream_name)

    def get_log_events(self: Any, log_stream_name: str, *args: Any, **kwargs: Any) -> Any:
        if log_stream_name not in self.streams:
            raise ResourceNotFoundException("The specified log stream does not exist.")
        return get_events(self, log_stream_name, *args, **kwargs)

    LogGroup.create_log_stream = create_log_stream
    LogGroup.delete_log_stream = delete_log_stream
    LogGroup.get_log_events = get_log_events


class _EventMessageFilter:
    """moto's matcher interface (FilterLogEvents, live tail) answered by our patterns."""

    def __init__(self, pattern: str) -> None:
        from moto.logs.exceptions import InvalidParameterException

        try:
            self.pattern = FilterPattern.parse(pattern)
        except PatternError as error:
            raise InvalidParameterException(f"Invalid filter pattern: {error}") from None

    def matches(self, message: str) -> bool:
        return self.pattern.matches(message)


def _patch_matcher() -> None:
    from moto.logs import models

    models.EventMessageFilter = _EventMessageFilter


def _resolve(account_id: str, region: str, destination_arn: str) -> str:
    """A logs Destination (cross-account) stands for its target stream."""
    if ":logs:" not in destination_arn or ":destination:" not in destination_arn:
        return destination_arn
    from moto.logs.models import logs_backends

    parts = destination_arn.split(":")
    destination = logs_backends[parts[4]][parts[3]].destinations.get(destination_arn)
    return destination.target_arn if destination else destination_arn


def _patch_delivery() -> None:
    from moto.logs.models import LogStream

    def _send_log_events(
        self: Any, service: str, destination_arn: str, filter_name: str, log_events: list[dict]
    ) -> None:
        subscription = self.log_group.subscription_filters.get(filter_name)
        if subscription is None:
            return
        try:
            pattern = FilterPattern.parse(subscription.filter_pattern)
        except PatternError:
            return  # refused when the filter was put; an old one matches nothing
        events = [
            {"id": subscriptions.event_id(int(e["id"])), "timestamp": e["timestamp"], "message": e["message"]}
            for e in log_events
            if pattern.matches(e["message"])
        ]
        if not events:
            return
        message = subscriptions.data_message(
            self.account_id, self.log_group.name, self.log_stream_name, filter_name, events
        )
        subscriptions.submit(_resolve(self.account_id, self.region, destination_arn), message)

    LogStream._send_log_events = _send_log_events


def _patch_put_subscription_filter() -> None:
    from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
    from moto.logs.models import LogsBackend

    original = LogsBackend.put_subscription_filter

    def put_subscription_filter(
        self: Any,
        log_group_name: str,
        filter_name: str,
        filter_pattern: str,
        destination_arn: str,
        role_arn: str,
    ) -> None:
        try:
            FilterPattern.parse(filter_pattern)
        except PatternError as error:
            raise InvalidParameterException(f"Invalid filter pattern: {error}") from None
        if log_group_name not in self.groups:
            raise ResourceNotFoundException()
        target = _resolve(self.account_id, self.region_name, destination_arn)
        if ":destination:" in target:
            raise InvalidParameterException(f"Destination {destination_arn} does not exist.")
        service = target.split(":")[2] if target.count(":") >= 5 else ""
        if not service:
            raise InvalidParameterException(f"Invalid destinationArn: {destination_arn[:200]}")
        if service in ("kinesis", "firehose"):
            # AWS writes a control message first and refuses a destination that does not take it.
            kind = "Kinesis stream" if service == "kinesis" else "Firehose stream"
            try:
                subscriptions.deliver(target, subscriptions.control_message(kind))
            except Exception:  # noqa: BLE001 - any failure means the destination is unusable
                raise InvalidParameterException(
                    f"Could not deliver test message to specified {kind}. Check if the given "
                    f"{kind} is in ACTIVE state."
                ) from None
        if target != destination_arn:
            # moto takes a logs ARN for a log group; a Destination is checked by its target instead.
            self.groups[log_group_name].put_subscription_filter(
                filter_name, filter_pattern, destination_arn, role_arn
            )
        else:
            original(self, log_group_name, filter_name, filter_pattern, destination_arn, role_arn)

    LogsBackend.put_subscription_filter = put_subscription_filter


def _patch_get_query_results() -> None:
    """A query id that was never started is not found (moto: KeyError)."""
    from moto.logs.exceptions import ResourceNotFoundException
    from moto.logs.models import LogsBackend

    original = LogsBackend.get_query_results

    def get_query_results(self: Any, query_id: str) -> Any:
        if query_id not in self.queries:
            raise ResourceNotFoundException(f"Query {query_id} does not exist.")
        return original(self, query_id)

    LogsBackend.get_query_results = get_query_results


def _patch_group_description() -> None:
    """moto drops CreateLogGroup's logGroupClass and deletionProtectionEnabled and answers
    metricFilterCount 0 whatever the group holds; AWS describes a group with all three (recorded:
    `logGroupClass: STANDARD`, `deletionProtectionEnabled: false`, `metricFilterCount`)."""
    from moto.logs.models import LogGroup, logs_backends
    from moto.logs.responses import LogsResponse

    original_create = LogsResponse.create_log_group
    original_describe = LogGroup.to_describe_dict

    def create_log_group(self: Any) -> str:
        answer = original_create(self)
        group = self.logs_backend.groups.get(self._get_param("logGroupName"))
        if group is not None:
            group.log_group_class = self._get_param("logGroupClass") or "STANDARD"
            group.deletion_protection = bool(self._get_param("deletionProtectionEnabled"))
        return answer

    def to_describe_dict(self: Any) -> dict[str, Any]:
        described = original_describe(self)
        described["logGroupClass"] = getattr(self, "log_group_class", "STANDARD")
        described["deletionProtectionEnabled"] = getattr(self, "deletion_protection", False)
        filters = logs_backends[self.account_id][self.region].filters.metric_filters
        described["metricFilterCount"] = sum(1 for f in filters if f["logGroupName"] == self.name)
        return described

    LogsResponse.create_log_group = create_log_group
    LogGroup.to_describe_dict = to_describe_dict
