"""Corrections to moto's events backend, applied by the starter before the backend is built.

moto delivers events itself, inline and only to a few targets, with its own pattern matcher; we route
every delivery through our matcher and the event dispatcher instead (delivery.py), exactly once.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any

from localstack.utils import fast_ids

_applied = False
_lock = threading.Lock()
# Set while PutEvents or a replay runs in this thread: only those may deliver (see _send_to_targets).
_routing = threading.local()
MALFORMED_DETAIL = {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
# The `aws.` source namespace is AWS's own: a client's PutEvents may not use it (S3 and the other
# services of this emulator put their events through internal calls, which may).
RESERVED_SOURCE = {
    "ErrorCode": "NotAuthorizedForSourceException",
    "ErrorMessage": "Not authorized for the source.",
}


def put_events_from_client(external: bool) -> None:
    """Set by the listener for each PutEvents: whether a client (not one of our services) sent it."""
    _routing.external = external


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        from moto.events import models, notifications

        original_put_events = models.EventsBackend.put_events
        original_replay = models.Replay.replay_events

        def put_events(self: Any, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
            # moto accepts a Detail that is JSON but no object (AWS: MalformedDetail for that entry).
            if len(events) > 10:  # moto answers AWS's length error
                return original_put_events(self, events)
            # An entry for a bus that does not exist: AWS accepts it (an EventId, no error) and drops it,
            # where moto fails the whole call with ResourceNotFoundException.
            answers: list[dict[str, Any] | None] = []
            accepted = []
            for event in events:
                if _malformed_detail(event):
                    answers.append(MALFORMED_DETAIL)
                elif _complete(event) and _reserved_source(event):
                    answers.append(RESERVED_SOURCE)
                elif _complete(event) and not _bus_exists(self, event):
                    answers.append({"EventId": fast_ids.uuid4()})
                else:
                    answers.append(None)
                    accepted.append(event)
            results = iter(_routed(original_put_events, self, accepted) if accepted else [])
            return [answer or next(results) for answer in answers]

        def replay_events(self: Any, archive: Any) -> None:
            # moto replays every archived event to every rule: AWS keeps to the replay's time window
            # and, when given, to the rules in Destination.FilterArns.
            start, end = float(self.event_start_time or 0), float(self.event_end_time or 0)
            selected = [event for event in archive.events if start <= _epoch(event.get("time")) <= end]
            _routing.filter_arns = set(self.destination.get("FilterArns") or [])
            try:
                _routed(original_replay, self, SimpleNamespace(events=selected))
            finally:
                _routing.filter_arns = set()
            if selected:
                self.event_last_replayed_time = self.end_time

        original_put_partner_events = models.EventsBackend.put_partner_events

        def put_partner_events(self: Any, entries: list[dict[str, Any]]) -> None:
            # moto looks up every entry's Source as a partner event source (a KeyError for a missing or
            # unknown one); as PutEvents to a bus that does not exist, such an entry is dropped.
            known = [entry for entry in entries if entry.get("Source") in self.partner_event_sources]
            original_put_partner_events(self, known)

        original_cancel_replay = models.EventsBackend.cancel_replay

        def cancel_replay(self: Any, name: str) -> dict[str, str]:
            # Only a STARTING or RUNNING replay can be cancelled (IllegalStatusException's documentation);
            # moto also cancelled a COMPLETED one. The sentence is moto's for the other states.
            replay = self._get_replay(name)
            if replay.state not in (models.ReplayState.STARTING, models.ReplayState.RUNNING):
                raise models.IllegalStatusException(
                    f"Replay {name} is not in a valid state for this operation."
                )
            return original_cancel_replay(self, name)

        models.EventsBackend.cancel_replay = cancel_replay
        models.EventsBackend.put_partner_events = put_partner_events
        # moto matches with its own pattern code, ignores DISABLED rules, lets schedule-only rules take
        # every event, and reaches only some targets, inline: deliver through delivery.py instead.
        models.Rule.send_to_targets = _send_to_targets
        _five_targets_per_rule(models)
        models.EventsBackend.put_events = put_events
        models.Replay.replay_events = replay_events
        # moto's S3 CreateBucket "notification" invokes Lambda/SFN backends directly: AWS has no such
        # event (S3 reaches EventBridge through PutEvents, done by our S3 listener).
        notifications._send_safe_notification = lambda *args, **kwargs: None
        _missing_rule_and_statement_wording(models)
        _archive_and_replay_listing(models)
        _bus_and_target_listing(models)
        _bus_policies(models)
        _applied = True


def _complete(event: Any) -> bool:
    """Whether moto would accept the entry (its per-entry checks for required fields come first)."""
    return isinstance(event, dict) and all(event.get(key) for key in ("Source", "DetailType", "Detail"))


MAX_TARGETS_PER_RULE = 5


def _five_targets_per_rule(models: Any) -> None:
    """A rule has at most five targets (replacing one by its Id is fine): AWS's LimitExceededException
    for the request that would add a sixth; moto took any number."""
    from localstack.utils.aws.errors import AWSError

    original = models.Rule.put_targets

    def put_targets(rule: Any, targets: list[dict[str, Any]]) -> None:
        ids = {target["Id"] for target in rule.targets} | {target.get("Id") for target in targets}
        if len(ids) > MAX_TARGETS_PER_RULE:
            raise AWSError(
                "LimitExceededException", "The requested resource exceeds the maximum number allowed."
            )
        original(rule, targets)

    models.Rule.put_targets = put_targets


def _reserved_source(event: dict[str, Any]) -> bool:
    return getattr(_routing, "external", False) and str(event.get("Source")).startswith("aws.")


def _bus_exists(backend: Any, event: dict[str, Any]) -> bool:
    name = backend._normalize_event_bus_arn(event.get("EventBusName"))
    return name in backend.event_buses


def _malformed_detail(event: Any) -> bool:
    """A Detail that parses as JSON but is not an object (unparsable ones moto refuses itself)."""
    detail = event.get("Detail") if isinstance(event, dict) else None
    if not isinstance(detail, str) or not detail:
        return False
    try:
        return not isinstance(json.loads(detail), dict)
    except ValueError:
        return False


def _epoch(value: Any) -> float:
    """Seconds since the epoch of an archived event's time (ISO text, or moto's number)."""
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return 0.0


def _routed(function: Any, *args: Any) -> Any:
    previous = getattr(_routing, "active", False)
    _routing.active = True
    try:
        return function(*args)
    finally:
        _routing.active = previous


def _send_to_targets(self: Any, event: dict[str, Any], transform_input: bool = True) -> None:
    # Callers outside PutEvents and replays (moto's own S3 -> EventBridge path) would deliver twice.
    if not getattr(_routing, "active", False):
        return
    only = getattr(_routing, "filter_arns", None)
    if only and self.arn not in only:
        return
    from localstack.services.events.delivery import route_event

    route_event(self, event)


def _missing_rule_and_statement_wording(models: Any) -> None:
    """AWS's words (recorded): a rule that does not exist names its bus ("Rule r does not exist on
    EventBus default."), in DescribeRule, EnableRule, DisableRule and ListTargetsByRule (moto: no bus,
    or a crash on the missing key); RemovePermission of an unknown statement says so even when the bus
    has no policy."""
    from moto.events.exceptions import ResourceNotFoundException

    def missing_rule(backend: Any, name: str, event_bus_arn: str | None) -> Exception:
        bus = backend._normalize_event_bus_arn(event_bus_arn)
        return ResourceNotFoundException(f"Rule {name} does not exist on EventBus {bus}.")

    original_describe = models.EventsBackend.describe_rule
    original_targets = models.EventsBackend.list_targets_by_rule
    original_remove = models.EventsBackend.remove_permission

    def describe_rule(self: Any, name: str, event_bus_arn: str | None) -> Any:
        bus = self._get_event_bus(self._normalize_event_bus_arn(event_bus_arn))
        if name not in bus.rules:
            raise missing_rule(self, name, event_bus_arn)
        return original_describe(self, name, event_bus_arn)

    def list_targets_by_rule(
        self: Any, rule_id: str, event_bus_arn: str | None, *args: Any, **kwargs: Any
    ) -> Any:
        bus = self._get_event_bus(self._normalize_event_bus_arn(event_bus_arn))
        if rule_id not in bus.rules:
            raise missing_rule(self, rule_id, event_bus_arn)
        return original_targets(self, rule_id, event_bus_arn, *args, **kwargs)

    def remove_permission(
        self: Any, event_bus_name: str | None, statement_id: str, remove_all_permissions: bool
    ) -> None:
        bus = self.describe_event_bus(event_bus_name or "default")
        if not remove_all_permissions and not bus.has_permissions():
            raise ResourceNotFoundException("Statement with the provided id does not exist.")
        original_remove(self, event_bus_name, statement_id, remove_all_permissions)

    def switch(original: Any) -> Any:
        def enable_or_disable(self: Any, name: str, event_bus_arn: str | None) -> bool:
            bus = self._get_event_bus(self._normalize_event_bus_arn(event_bus_arn))
            if name not in bus.rules:
                raise missing_rule(self, name, event_bus_arn)
            return original(self, name, event_bus_arn)

        return enable_or_disable

    models.EventsBackend.enable_rule = switch(models.EventsBackend.enable_rule)
    models.EventsBackend.disable_rule = switch(models.EventsBackend.disable_rule)
    models.EventsBackend.describe_rule = describe_rule
    _tags_of_the_named_resource(models, ResourceNotFoundException)
    models.EventsBackend.list_targets_by_rule = list_targets_by_rule
    models.EventsBackend.remove_permission = remove_permission


def _tags_of_the_named_resource(models: Any, not_found: Any) -> None:
    """TagResource, UntagResource and ListTagsForResource find the rule on the bus its ARN names, or the
    bus itself, and say which is missing in AWS's words (recorded): moto looked the last ARN segment up
    everywhere and called every miss a rule of the default bus."""

    def resource_arn(backend: Any, arn: str) -> str:
        resource = arn.split(":", 5)[-1]
        kind, _, rest = resource.partition("/")
        if kind == "event-bus":
            bus = backend.event_buses.get(rest)
            if bus is None:
                raise not_found(f"Event bus {rest} does not exist.")
            return bus.arn
        bus_name, _, name = rest.rpartition("/")
        bus_name = bus_name or "default"
        bus = backend.event_buses.get(bus_name)
        rule = bus.rules.get(name) if bus is not None else None
        if rule is None:
            raise not_found(f"Rule {name} does not exist on EventBus {bus_name}.")
        return rule.arn

    def tag_resource(self: Any, arn: str, tags: Any) -> None:
        self.tagger.tag_resource(resource_arn(self, arn), self.tagger.convert_dict_to_tags_input(tags))

    def untag_resource(self: Any, arn: str, tag_keys: list[str]) -> None:
        self.tagger.untag_resource_using_names(resource_arn(self, arn), tag_keys)

    def list_tags_for_resource(self: Any, arn: str) -> Any:
        return self.tagger.list_tags_for_resource(resource_arn(self, arn))

    models.EventsBackend.tag_resource = tag_resource
    models.EventsBackend.untag_resource = untag_resource
    models.EventsBackend.list_tags_for_resource = list_tags_for_resource


def _archive_and_replay_listing(models: Any) -> None:
    """ListArchives by the ARN of a bus that does not exist answers AWS's ResourceNotFoundException
    (recorded; moto listed nothing). A replay that delivered events shows EventLastReplayedTime in
    ListReplays and DescribeReplay (recorded; moto had no such field). SizeBytes adds up the archived
    events' entry sizes as AWS's PutEvents size rules count them (moto reported the size of a Python
    list object: the same 184 bytes for one event or a thousand)."""
    from moto.events.exceptions import ResourceNotFoundException

    original_list = models.EventsBackend.list_archives
    original_short = models.Replay.describe_short
    original_archive_short = models.Archive.describe_short

    def list_archives(self: Any, name_prefix: str | None, source_arn: str | None, state: str | None) -> Any:
        if source_arn and name_prefix is None and state is None:
            bus = source_arn.rsplit("/", 1)[-1]
            if bus not in self.event_buses:
                raise ResourceNotFoundException(f"Event bus {bus} does not exist.")
        return original_list(self, name_prefix, source_arn, state)

    def describe_short(replay: Any) -> dict[str, Any]:
        answer = original_short(replay)
        last = getattr(replay, "event_last_replayed_time", None)
        if last is not None:
            answer["EventLastReplayedTime"] = last
        return answer

    def describe_archive_short(archive: Any) -> dict[str, Any]:
        answer = original_archive_short(archive)
        answer["SizeBytes"] = sum(archived_event_size(event) for event in archive.events)
        return answer

    models.EventsBackend.list_archives = list_archives
    models.Replay.describe_short = describe_short
    models.Archive.describe_short = describe_archive_short


def archived_event_size(event: dict[str, Any]) -> int:
    """An event's size as AWS's "Calculating PutEvents event entry size" counts it: the UTF-8 bytes of
    Source, DetailType, Detail and each resource, plus 14 bytes for its time (an archived event has one)."""
    detail = event.get("detail")
    if not isinstance(detail, str):
        detail = json.dumps(detail if detail is not None else {})
    parts = [str(event.get("source") or ""), str(event.get("detail-type") or ""), detail]
    parts += [str(resource) for resource in event.get("resources") or []]
    return 14 + sum(len(part.encode("utf-8")) for part in parts)


def _bus_and_target_listing(models: Any) -> None:
    """As AWS answers (recorded): ListTargetsByRule pages by target Id (moto paged by Arn, so targets
    sharing an ARN gave the first page again); ListEventBuses entries carry CreationTime and
    LastModifiedTime; PutPermission with Principal "*" stores the principal "*" (moto wrote the
    account ARN arn:aws:iam::*:root)."""
    from moto.events import responses, utils

    utils.PAGINATION_MODEL["list_targets_by_rule"]["unique_attribute"] = "Id"

    original_from_params = models.EventsBackend._put_permission_from_params

    def put_permission_from_params(
        self: Any, event_bus: Any, action: Any, principal: str, statement_id: str, condition: Any
    ) -> None:
        original_from_params(self, event_bus, action, principal, statement_id, condition)
        if principal == "*":
            event_bus._statements[statement_id].principal = "*"

    original_list_buses = responses.EventsHandler.list_event_buses

    def list_event_buses(handler: Any) -> Any:
        body, headers = original_list_buses(handler)
        answer = json.loads(body)
        for entry in answer.get("EventBuses") or []:
            bus = handler.events_backend.event_buses.get(entry.get("Name"))
            if bus is not None:
                entry["CreationTime"] = bus.creation_time
                entry["LastModifiedTime"] = bus.last_modified_time
        return json.dumps(answer), headers

    models.EventsBackend._put_permission_from_params = put_permission_from_params
    responses.EventsHandler.list_event_buses = list_event_buses


def _bus_policies(models: Any) -> None:
    """As recorded against AWS: PutPermission adds a statement under its StatementId and keeps the other
    statements of the same principal (moto dropped them), and PutPermission with a Policy replaces the
    bus's whole policy (moto merged it into the statements already there)."""
    bus = models.EventBus

    def add_permission(self: Any, statement_id: str, action: str, principal: Any, condition: Any) -> None:
        self._statements[statement_id] = models.EventBusPolicyStatement(
            sid=statement_id, action=action, principal=principal, condition=condition, resource=self.arn
        )

    def add_policy(self: Any, policy: dict[str, Any]) -> None:
        self._statements.clear()
        for statement in policy["Statement"]:
            self._statements[statement["Sid"]] = models.EventBusPolicyStatement.from_dict(statement)

    bus.add_permission = add_permission
    bus.add_policy = add_policy
