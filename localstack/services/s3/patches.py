"""Corrections to moto's s3 backend, applied by the starter before the backend is built."""

from __future__ import annotations

import threading
from typing import Any

from localstack.utils import lazy_imports

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
        # An empty TagSet clears an object's tags (PutObjectTagging); moto's reader failed on it.
        S3Response._tagging_from_xml = _empty_tag_set_allowed(S3Response._tagging_from_xml)
        # moto held every object body in memory, and closed versions other requests still read.
        from localstack.config import get_config
        from localstack.services.s3 import key_writes, streaming, versioning

        config = get_config()
        streaming.apply(config.run_dir / "spool", config.body_memory_limit)
        # Suspended versioning replaces only the null version; moto dropped every version of the key.
        versioning.apply()
        # Before key_writes: a key's tags go under the same lock as the key.
        _tags_go_with_what_they_tag()
        # Concurrent writes of one key lost versions.
        key_writes.apply()
        _apply_defaults()
        # moto's IAM access control is not imported until moto checks access (moto_apps).
        lazy_imports.when_imported(
            "moto.iam.access_control", _statements_apply_only_when_their_conditions_hold
        )
        _applied = True


def _apply_defaults() -> None:
    from moto.s3 import models, responses, utils

    from localstack.services.s3 import acl, conditions, defaults, lifecycle_checks, listing, object_lock

    # New buckets are BucketOwnerEnforced with Block Public Access on (AWS since April 2023).
    models.FakeBucket.__init__ = defaults.new_bucket_defaults(models.FakeBucket.__init__)
    # Every object is encrypted with SSE-S3 unless another encryption is asked for (since January 2023).
    models.FakeKey.__init__ = defaults.sse_s3_by_default(models.FakeKey.__init__)
    # GetBucketEncryption shows the default SSE-S3 rule where moto answered "not found".
    models.S3Backend.get_bucket_encryption = defaults.default_encryption(
        models.S3Backend.get_bucket_encryption
    )
    # moto computed CRC32 in place of CRC32C and CRC64NVME without optional native libraries.
    models.compute_checksum = responses.compute_checksum = defaults.compute_checksum
    # Objects uploaded without a checksum get CRC64NVME (FULL_OBJECT), computed once when first read.
    models.FakeKey.checksum_value = defaults.checksum_value_property
    models.S3Backend.put_object = defaults.default_checksum_on_put(models.S3Backend.put_object)
    models.S3Backend.complete_multipart_upload = defaults.default_checksum_on_complete(
        models.S3Backend.complete_multipart_upload
    )
    # Conditional CompleteMultipartUpload needs the time the upload began (409 on a conflicting write).
    models.FakeMultipart.__init__ = conditions.record_initiation(models.FakeMultipart.__init__)
    # ...and whether its key was deleted since (a conditional completion then conflicts).
    models.S3Backend.delete_object = conditions.record_deletes(models.S3Backend.delete_object)
    # An empty AllowedOrigin (or header) element is stored as ""; moto's parser gave None and failed.
    from localstack.services.s3 import cors

    models.FakeBucket.set_cors = cors.with_empty_values(models.FakeBucket.set_cors)
    # S3 names a lifecycle rule sent without an ID; moto stored it nameless.
    models.FakeBucket.set_lifecycle = lifecycle_checks.with_rule_ids(models.FakeBucket.set_lifecycle)
    # Log delivery permissions are decided before moto (`logging_target`, the policy evaluator); moto's own
    # test took only one literal policy shape and refused lists, wildcards and conditions.
    models.FakeBucket._log_permissions_enabled_policy = staticmethod(
        lambda target_bucket, target_prefix: True
    )
    # S3 accepts an Object Lock configuration on any versioned bucket; moto wanted it empty.
    models.S3Backend.put_object_lock_configuration = object_lock.put_lock_configuration
    # Listings read a sorted index of key names, kept as keys come and go: moto sorted the whole bucket
    # on every ListObjects call.
    store = utils._VersionedKeyStore
    store.__setitem__ = listing.indexed_setter(store.__setitem__)
    store.setlist = listing.indexed_setter(store.setlist)
    store.pop = listing.indexed_remover(store.pop)
    store.__delitem__ = listing.indexed_remover(store.__delitem__)
    # The listener's access evaluator decides every request; moto's own anonymous check (a policy subset
    # without conditions, object ACLs only) refused what the evaluator allowed.
    models.FakeBucket.get_permission = _permitted
    # GetBucketAcl/GetObjectAcl listed only the first permission of each grant (public-read-write read
    # as public-read) and no owner display name.
    responses.S3Response._acl_to_dict = staticmethod(acl.acl_to_dict)
    # FULL_OBJECT multipart checksums: computed from the stored object, not from a second copy of it.
    models.MultipartChecksumBuilder.build = defaults.lazy_full_object_build(
        models.MultipartChecksumBuilder.build
    )
    models.MultipartChecksumBuilder.addPart = defaults.add_part_without_copy(
        models.MultipartChecksumBuilder.addPart
    )


def _empty_tag_set_allowed(original: Any) -> Any:
    import re

    any_tag = re.compile(rb"<(\w+:)?Tag[\s>]")

    def read(response: Any) -> dict[str, str]:
        body = response.body.encode("utf-8") if isinstance(response.body, str) else (response.body or b"")
        return original(response) if any_tag.search(body) else {}

    return read


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


def _permitted(bucket: Any, action: str, resource: str) -> Any:
    from moto.iam.access_control import PermissionResult

    return PermissionResult.PERMITTED


def _statements_apply_only_when_their_conditions_hold(access_control: Any = None) -> None:
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


def _tags_go_with_what_they_tag() -> None:
    """moto kept the tags of deleted objects and buckets: a bucket made again under a deleted one's name
    had its tags, and every object ever written left a tag set behind (the soak's 0.3 MB)."""
    from moto.s3.models import FakeKey, S3Backend

    delete_object, delete_bucket = S3Backend.delete_object, S3Backend.delete_bucket

    def delete_object_and_its_tags(
        self: Any, bucket_name: str, key_name: str, *args: Any, **kwargs: Any
    ) -> Any:
        keys = self.get_bucket(bucket_name).keys
        before = list(keys.getlist(key_name) or [])
        result = delete_object(self, bucket_name, key_name, *args, **kwargs)
        kept = {id(key) for key in keys.getlist(key_name) or []}
        for key in before:
            # A delete marker wraps the key it hides and has no tags of its own.
            if isinstance(key, FakeKey) and id(key) not in kept:
                self.tagger.delete_all_tags_for_resource(key.arn)
        return result

    def delete_bucket_and_its_tags(self: Any, bucket_name: str) -> Any:
        bucket = delete_bucket(self, bucket_name)
        if bucket is not None:
            self.tagger.delete_all_tags_for_resource(bucket.arn)
        return bucket

    S3Backend.delete_object = delete_object_and_its_tags
    S3Backend.delete_bucket = delete_bucket_and_its_tags
