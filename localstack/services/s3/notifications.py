"""S3 event notifications: object events seen during a request, shaped as AWS sends them, delivered
to SQS, SNS, Lambda and EventBridge through the event dispatcher with in-process clients.

moto raises its object events inside the backend call (it knows the stored object: size, eTag,
version), but delivers them by writing straight into other backends, past every listener. Our patch
turns moto's `send_event` into `capture`, which only records the event on the request's thread;
the S3 listener takes the records after a successful response and dispatches them here.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote_plus

from localstack.config import get_config
from localstack.utils import fast_ids
from localstack.utils.aws.internal_client import connect_to

# The events of this slice; moto's other events (tagging, ACL, restore) stay with the S3 API they
# come from and are delivered only when the request is that API.
_EVENT_QUERIES = {"ObjectTagging": "tagging", "ObjectAcl": "acl", "ObjectRestore": "restore"}
_EVENTBRIDGE_REASONS = {
    "ObjectCreated:Put": "PutObject",
    "ObjectCreated:Post": "POST Object",
    "ObjectCreated:Copy": "CopyObject",
    "ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload",
}
OWNER_PRINCIPAL = "A3NL1KOZZKEXAMPLE"

LOG = logging.getLogger(__name__)

_pending = threading.local()
_sequence_lock = threading.Lock()
_last_sequencer = 0


@functools.cache
def synchronous() -> bool:
    """`SYNCHRONOUS_S3_EVENTS=1`: deliver before the S3 call answers (deterministic tests)."""
    return get_config().is_synchronous("s3")


@dataclass
class ObjectEvent:
    """One object event, the object's state copied when it happened (a later write may replace it)."""

    name: str  # without "s3:", e.g. "ObjectCreated:Put"
    key: str
    size: int | None = None
    etag: str | None = None
    version_id: str | None = None
    sequencer: str = ""
    time: float = 0.0
    # A restore's: the storage class restored from, and when the restored copy expires (epoch seconds).
    storage_class: str | None = None
    restore_expiry: float | None = None

    def __post_init__(self) -> None:
        self.sequencer = self.sequencer or next_sequencer()
        self.time = self.time or time.time()


def next_sequencer() -> str:
    """A hex string that grows with every event, as AWS orders events of one key by it."""
    global _last_sequencer
    with _sequence_lock:
        _last_sequencer = max(_last_sequencer + 1, time.time_ns())
        return f"{_last_sequencer:018X}"


# ---- capture (moto's send_event, patched) ----------------------------------------------------------


def begin_request() -> None:
    """The S3 listener starts a request on this thread: collect its events until it answers."""
    _pending.events = []


def capture(account_id: str, event_name: str, bucket: Any, key: Any) -> None:
    """Replaces moto's `notifications.send_event`: record the event for this request's listener, or,
    for a backend call outside any S3 request (CloudFormation), dispatch it at once."""
    config = getattr(bucket, "notification_configuration", None)
    if config is None or key is None:
        return
    name = str(getattr(event_name, "value", event_name)).removeprefix("s3:")
    events = getattr(_pending, "events", None)
    removed = name.startswith("ObjectRemoved")
    # In a request, deletes come from the response: moto misses delete markers, versions, absent keys.
    if removed and events is not None:
        return
    version = getattr(key, "version_id", None)
    event = ObjectEvent(
        name=name,
        key=key.name,
        size=None if removed else key.size,
        etag=None if removed else key.etag.strip('"'),
        version_id=None if version in (None, "null") else str(version),
    )
    raised = [event]
    if name.startswith("ObjectRestore"):
        event.storage_class = getattr(key, "storage_class", None) or "GLACIER"
        expiry = getattr(key, "_expiry", None)
        event.restore_expiry = expiry.replace(tzinfo=timezone.utc).timestamp() if expiry is not None else None
        if name == "ObjectRestore:Post":
            # moto restores at once: S3 then reports the restore as completed, by itself.
            raised.append(replace(event, name="ObjectRestore:Completed", sequencer=""))
    if events is not None:
        events.extend((bucket, one) for one in raised)
        return
    try:
        info = new_request_info(bucket.account_id, bucket.region_name, None, "127.0.0.1")
        dispatch(bucket, raised, info)
    except Exception:
        # Called inside moto's operation: a delivery problem must not fail it.
        LOG.exception("Could not dispatch S3 event %s for %s", name, key.name)


def take_captured() -> list[tuple[Any, ObjectEvent]]:
    events = getattr(_pending, "events", None) or []
    _pending.events = None
    return events


def wanted_for_request(event: ObjectEvent, query: str) -> bool:
    """moto raises tagging/ACL events inside other operations too (CompleteMultipartUpload)."""
    family = event.name.partition(":")[0]
    needed = _EVENT_QUERIES.get(family)
    return needed is None or needed in query


# ---- event documents --------------------------------------------------------------------------------


@dataclass
class RequestInfo:
    """What the event says about the request that caused it."""

    account_id: str
    region: str
    principal: str
    source_ip: str
    request_id: str
    host_id: str
    # The request's X-Amzn-Trace-Id: a queue message S3 sends carries it as its AWSTraceHeader.
    trace_header: str | None = None


def new_request_info(account_id: str, region: str, access_key: str | None, source_ip: str) -> RequestInfo:
    request_id = fast_ids.uuid4_hex()[:16].upper()
    return RequestInfo(
        account_id=account_id,
        region=region,
        principal=f"AWS:{access_key or account_id}",
        source_ip=source_ip,
        request_id=request_id,
        host_id=fast_ids.uuid4_hex() + fast_ids.uuid4_hex(),
    )


def _iso(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def encode_key(key: str) -> str:
    """Keys in S3 event records are form-encoded (space as '+'), slashes kept."""
    return quote_plus(key, safe="/*")


_ATTRIBUTE_EVENTS = frozenset({"ObjectTagging", "ObjectAcl"})


def s3_record(event: ObjectEvent, bucket: Any, configuration_id: str, info: RequestInfo) -> dict[str, Any]:
    """One element of `Records` in the schema AWS documents (eventVersion 2.1; 2.3 for tagging and ACL
    events, whose object names only its key, eTag and version, as S3 answered in LocalStack's recordings)."""
    obj: dict[str, Any] = {"key": encode_key(event.key)}
    attribute_event = event.name.partition(":")[0] in _ATTRIBUTE_EVENTS
    if event.size is not None and not attribute_event:
        obj["size"] = event.size
    if event.etag is not None:
        obj["eTag"] = event.etag
    if event.version_id is not None:
        obj["versionId"] = event.version_id
    if not attribute_event:
        obj["sequencer"] = event.sequencer
    record = {
        "eventVersion": "2.3" if attribute_event else "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket.region_name,
        "eventTime": _iso(event.time),
        "eventName": event.name,
        "userIdentity": {"principalId": info.principal},
        "requestParameters": {"sourceIPAddress": info.source_ip},
        "responseElements": {"x-amz-request-id": info.request_id, "x-amz-id-2": info.host_id},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": configuration_id,
            "bucket": {
                "name": bucket.name,
                "ownerIdentity": {"principalId": OWNER_PRINCIPAL},
                "arn": f"arn:aws:s3:::{bucket.name}",
            },
            "object": obj,
        },
    }
    if event.name == "ObjectRestore:Completed":
        # Completed by S3 itself, for the bucket owner, with when the restored copy expires.
        record["userIdentity"] = {"principalId": f"AmazonCustomer:{OWNER_PRINCIPAL}"}
        restored: dict[str, Any] = {"lifecycleRestoreStorageClass": event.storage_class}
        if event.restore_expiry is not None:
            restored = {"lifecycleRestorationExpiryTime": _iso(event.restore_expiry), **restored}
        record["glacierEventData"] = {"restoreEventData": restored}
    return record


_ATTRIBUTE_DETAIL_TYPES = {
    "ObjectAcl:Put": "Object ACL Updated",
    "ObjectTagging:Put": "Object Tags Added",
    "ObjectTagging:Delete": "Object Tags Deleted",
}


def eventbridge_entry(event: ObjectEvent, bucket: Any, info: RequestInfo) -> dict[str, Any] | None:
    """The PutEvents entry S3 sends to the default bus, or None for events EventBridge does not get."""
    obj: dict[str, Any] = {"key": event.key}
    detail: dict[str, Any] = {"version": "0", "bucket": {"name": bucket.name}, "object": obj}
    if event.name.startswith("ObjectCreated"):
        detail_type = "Object Created"
        obj["size"] = event.size
        obj["etag"] = event.etag
        reason = _EVENTBRIDGE_REASONS.get(event.name, "PutObject")
    elif event.name.startswith("ObjectRemoved"):
        detail_type = "Object Deleted"
        reason = "DeleteObject"
        marker = event.name == "ObjectRemoved:DeleteMarkerCreated"
        detail["deletion-type"] = "Delete Marker Created" if marker else "Permanently Deleted"
    elif event.name in _ATTRIBUTE_DETAIL_TYPES:
        # Tag and ACL changes name the object's key, eTag and version, and no reason.
        detail_type = _ATTRIBUTE_DETAIL_TYPES[event.name]
        obj["etag"] = event.etag
        reason = None
    elif event.name in ("ObjectRestore:Post", "ObjectRestore:Completed"):
        return _restore_entry(event, bucket, info)
    else:
        return None
    if event.version_id is not None:
        obj["version-id"] = event.version_id
    if reason is not None:
        obj["sequencer"] = event.sequencer
    detail.update(
        {"request-id": info.request_id, "requester": info.account_id, "source-ip-address": info.source_ip}
    )
    if reason is not None:
        detail["reason"] = reason
    return _entry(event, bucket, detail_type, detail)


def _restore_entry(event: ObjectEvent, bucket: Any, info: RequestInfo) -> dict[str, Any]:
    """Object Restore Initiated / Completed, as S3 recorded them: key, size and etag, the storage class
    restored from, no reason or sequencer; the completion (S3's own) with its expiry, without a source IP."""
    obj: dict[str, Any] = {"key": event.key, "size": event.size, "etag": event.etag}
    if event.version_id is not None:
        obj["version-id"] = event.version_id
    detail: dict[str, Any] = {"version": "0", "bucket": {"name": bucket.name}, "object": obj}
    detail.update({"request-id": info.request_id, "requester": info.account_id})
    if event.name == "ObjectRestore:Post":
        detail["source-ip-address"] = info.source_ip
        detail_type = "Object Restore Initiated"
    else:
        detail_type = "Object Restore Completed"
        if event.restore_expiry is not None:
            detail["restore-expiry-time"] = _iso(event.restore_expiry)
    detail["source-storage-class"] = event.storage_class
    return _entry(event, bucket, detail_type, detail)


def _entry(event: ObjectEvent, bucket: Any, detail_type: str, detail: dict[str, Any]) -> dict[str, Any]:
    return {
        "Time": datetime.fromtimestamp(event.time, tz=timezone.utc),
        "Source": "aws.s3",
        "DetailType": detail_type,
        "Resources": [f"arn:aws:s3:::{bucket.name}"],
        "Detail": json.dumps(detail),
        "EventBusName": "default",
    }


def test_event(bucket_name: str, info: RequestInfo) -> dict[str, Any]:
    """The message S3 sends to a destination when a notification configuration is put."""
    return {
        "Service": "Amazon S3",
        "Event": "s3:TestEvent",
        "Time": _iso(time.time()),
        "Bucket": bucket_name,
        "RequestId": info.request_id,
        "HostId": info.host_id,
    }


# ---- dispatch and delivery --------------------------------------------------------------------------


def dispatch(bucket: Any, events: list[ObjectEvent], info: RequestInfo) -> None:
    """Hand each (event, destination) pair to the event dispatcher."""
    config = bucket.notification_configuration
    if config is None or not events:
        return
    from localstack.services import infra

    dispatcher = infra.current().dispatcher
    sync = synchronous()
    deliveries: list[tuple[Any, ...]] = []
    for event in events:
        full_name = f"s3:{event.name}"
        for kind, targets in _destinations(config):
            for target in targets:
                if target.matches(full_name, event.key):
                    body = {"Records": [s3_record(event, bucket, target.id, info)]}
                    deliveries.append((deliver, kind, target.arn, json.dumps(body), info.trace_header))
        if config.event_bridge is not None:
            entry = eventbridge_entry(event, bucket, info)
            if entry is not None:
                deliveries.append((deliver_eventbridge, bucket.account_id, bucket.region_name, entry))
    for delivery in deliveries:
        dispatcher.submit(*delivery, synchronous=sync)


def _destinations(config: Any) -> list[tuple[str, list]]:
    return [("sqs", config.queue), ("sns", config.topic), ("lambda", config.cloud_function)]


def dispatch_test_events(bucket: Any, info: RequestInfo) -> None:
    config = bucket.notification_configuration
    if config is None:
        return
    from localstack.services import infra

    body = json.dumps(test_event(bucket.name, info))
    dispatcher = infra.current().dispatcher
    arns = [("sqs", q.arn) for q in config.queue] + [("sns", t.arn) for t in config.topic]
    for kind, arn in dict.fromkeys(arns):
        dispatcher.submit(deliver, kind, arn, body, synchronous=synchronous())


def deliver(kind: str, arn: str, body: str, trace_header: str | None = None) -> None:
    """Send one notification document to an SQS queue, SNS topic or Lambda function, by ARN."""
    from botocore.exceptions import ClientError

    from localstack.utils.aws.internal_client import send_message

    _, _, _, region, account_id, resource = arn.split(":", 5)
    try:
        if kind == "sqs":
            members: dict[str, Any] = {}
            if trace_header:
                members["MessageSystemAttributes"] = {
                    "AWSTraceHeader": {"DataType": "String", "StringValue": trace_header}
                }
            send_message(queue_url(account_id, resource), body, account_id, region, **members)
        elif kind == "sns":
            client = connect_to(kind, account_id=account_id, region=region)
            client.publish(TopicArn=arn, Message=body, Subject="Amazon S3 Notification")
        else:
            client = connect_to(kind, account_id=account_id, region=region)
            client.invoke(FunctionName=arn, InvocationType="Event", Payload=body.encode("utf-8"))
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500)
        if status >= 500:
            raise  # worth a retry
        # A destination deleted since the configuration was put: AWS drops the event too.
        LOG.warning("S3 event not delivered to %s: %s", arn, error)


def queue_url(account_id: str, name: str) -> str:
    from localstack.services import infra

    return f"http://localhost:{infra.current().edge_port}/{account_id}/{name}"


def deliver_eventbridge(account_id: str, region: str, entry: dict[str, Any]) -> None:
    client = connect_to("events", account_id=account_id, region=region)
    result = client.put_events(Entries=[entry])
    if result.get("FailedEntryCount"):
        raise RuntimeError(f"EventBridge refused the S3 event: {result.get('Entries')}")
