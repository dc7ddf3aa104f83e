"""Corrections to moto's events backend, applied by the starter before the backend is built.

moto delivers events itself, inline and only to a few targets, with its own pattern matcher; we route
every delivery through our matcher and the event dispatcher instead (delivery.py), exactly once.
"""

from __future__ import annotations

import json
import threading
from typing import Any

_applied = False
_lock = threading.Lock()
# Set while PutEvents or a replay runs in this thread: only those may deliver (see _send_to_targets).
_routing = threading.local()
MALFORMED_DETAIL = {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}


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
            accepted = [event for event in events if not _malformed_detail(event)]
            results = iter(_routed(original_put_events, self, accepted) if accepted else [])
            return [MALFORMED_DETAIL if _malformed_detail(event) else next(results) for event in events]

        def replay_events(self: Any, archive: Any) -> None:
            _routed(original_replay, self, archive)

        # moto matches with its own pattern code, ignores DISABLED rules, lets schedule-only rules take
        # every event, and reaches only some targets, inline: deliver through delivery.py instead.
        models.Rule.send_to_targets = _send_to_targets
        models.EventsBackend.put_events = put_events
        models.Replay.replay_events = replay_events
        # moto's S3 CreateBucket "notification" invokes Lambda/SFN backends directly: AWS has no such
        # event (S3 reaches EventBridge through PutEvents, done by our S3 listener).
        notifications._send_safe_notification = lambda *args, **kwargs: None
        _applied = True


def _malformed_detail(event: Any) -> bool:
    """A Detail that parses as JSON but is not an object (unparsable ones moto refuses itself)."""
    detail = event.get("Detail") if isinstance(event, dict) else None
    if not isinstance(detail, str) or not detail:
        return False
    try:
        return not isinstance(json.loads(detail), dict)
    except ValueError:
        return False


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
    from localstack.services.events.delivery import route_event

    route_event(self, event)
