"""Corrections to moto's s3 backend, applied by the starter before the backend is built."""

from __future__ import annotations

import threading
from typing import Any

_applied = False
_lock = threading.Lock()


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        from moto.s3 import notifications as moto_notifications
        from moto.s3.responses import S3Response

        from localstack.services.s3 import notifications

        # moto delivered events straight into other backends, past their listeners, and in the
        # request thread: record them instead; the S3 listener dispatches them after success.
        moto_notifications.send_event = notifications.capture
        # The listener sends s3:TestEvent once the configuration is stored (moto sent it itself).
        moto_notifications.send_test_event = lambda account_id, bucket: None
        # moto's answer left out EventBridgeConfiguration and wrote filter rule names in lower case.
        S3Response.get_bucket_notification = get_bucket_notification
        # moto held every object body in memory, and closed versions other requests still read.
        from localstack.config import get_config
        from localstack.services.s3 import key_writes, streaming

        config = get_config()
        streaming.apply(config.run_dir / "spool", config.body_memory_limit)
        # Concurrent writes of one key lost versions.
        key_writes.apply()
        _applied = True


def _filter_rules(item: Any) -> list[dict[str, str]]:
    rules = item.filters.get("S3Key", {}).get("FilterRule", [])
    return [{"Name": rule["Name"].capitalize(), "Value": rule["Value"]} for rule in rules]


def get_bucket_notification(response: Any) -> Any:
    """GetBucketNotificationConfiguration as AWS answers it."""
    from moto.core.responses import ActionResult, EmptyResult

    config = response.backend.get_bucket_notification_configuration(response.bucket_name)
    if not config:
        return response.serialized(EmptyResult())

    def entry(item: Any, arn_key: str) -> dict[str, Any]:
        result: dict[str, Any] = {"Id": item.id, arn_key: item.arn, "Events": list(item.events)}
        if item.filters:
            result["Filter"] = {"Key": {"FilterRules": _filter_rules(item)}}
        return result

    result: dict[str, Any] = {
        "TopicConfigurations": [entry(t, "TopicArn") for t in config.topic],
        "QueueConfigurations": [entry(q, "QueueArn") for q in config.queue],
        "LambdaFunctionConfigurations": [entry(c, "LambdaFunctionArn") for c in config.cloud_function],
    }
    if config.event_bridge is not None:
        result["EventBridgeConfiguration"] = {}
    response.data["Action"] = "GetBucketNotificationConfiguration"
    return response.serialized(ActionResult(result))
