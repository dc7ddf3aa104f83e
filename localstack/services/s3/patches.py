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
        _statements_apply_only_when_their_conditions_hold()
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


def _statements_apply_only_when_their_conditions_hold() -> None:
    """moto's bucket policy check treated a Condition on a key the request does not carry as met,
    so CDK's `Deny if aws:SecureTransport is false` refused every upload. In IAM a condition on an
    absent key does not hold (except ...IfExists and Null), and the statement does not apply."""
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult

    original = IAMPolicyStatement.is_action_permitted
    if getattr(original, "_ls_conditions", False):
        return

    def is_action_permitted(
        self: Any,
        action: str,
        resource: str = "*",
        principal: Any = None,
        incoming_condition_values: Any = None,
    ) -> Any:
        known = incoming_condition_values or {}
        for operator, values in (self._statement.get("Condition") or {}).items():
            if operator.endswith("IfExists") or operator == "Null" or not isinstance(values, dict):
                continue
            if any(key not in known for key in values):
                return PermissionResult.NEUTRAL
        return original(self, action, resource, principal, incoming_condition_values)

    is_action_permitted._ls_conditions = True  # type: ignore[attr-defined]
    IAMPolicyStatement.is_action_permitted = is_action_permitted
