"""Hooks around the sns backend: subscription handshakes and filter-policy checks before moto, and
delivery of every accepted message to the subscribers after it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.sns import (
    delivery,
    direct_publish,
    filters,
    publishing,
    signing,
    sms_sandbox,
    subscriptions,
    validation,
)
from localstack.utils import fast_ids
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

_ACTION = re.compile(rb"(?:^|&)Action=([A-Za-z]+)")
_SUBSCRIPTION_ARN = re.compile(r"<SubscriptionArn>([^<]*)</SubscriptionArn>")
XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/"


def _action(path: str, data: bytes) -> str:
    match = _ACTION.search(data or b"")
    if match is None and "?" in path:
        match = _ACTION.search(path.split("?", 1)[1].encode("latin-1", "replace"))
    return match.group(1).decode() if match else ""


def _params(path: str, data: bytes) -> dict[str, str]:
    params = dict(parse_qsl(path.split("?", 1)[1])) if "?" in path else {}
    if data:
        params.update(parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def _attributes(params: dict[str, str], member: str = "Attributes") -> dict[str, str]:
    """<member>.entry.N.key / .value of a query-protocol request."""
    start = f"{member}.entry."
    keys = {k.split(".")[2]: v for k, v in params.items() if k.startswith(start) and k.endswith(".key")}
    return {name: params.get(f"{start}{index}.value", "") for index, name in keys.items()}


def _xml(action: str, result: str) -> Response:
    inner = f"<{action}Result>{result}</{action}Result>" if result else ""
    body = (
        f'<{action}Response xmlns="{XMLNS}">{inner}'
        f"<ResponseMetadata><RequestId>{fast_ids.request_id()}</RequestId></ResponseMetadata></{action}Response>"
    )
    return Response(body, status=200, mimetype="text/xml")


class SnsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        publishing.begin()
        action = _action(path, data)
        if action == "ConfirmSubscription":
            params = _params(path, data)
            arn = subscriptions.confirm(params.get("TopicArn"), params.get("Token"))
            return _xml(action, f"<SubscriptionArn>{escape(arn)}</SubscriptionArn>")
        if action == "Unsubscribe" and not headers.get("Authorization"):
            # The UnsubscribeURL of a notification, visited unsigned: the ARN names account and region.
            subscriptions.unsubscribe(_params(path, data).get("SubscriptionArn", ""))
            return _xml(action, "")
        if action in validation.TOPIC_ARN_ACTIONS:
            region = request_context.region_of(headers, "", get_config().default_region)
            validation.check_topic_arn(action, _params(path, data), region)
        if action in ("Unsubscribe", "GetSubscriptionAttributes", "SetSubscriptionAttributes"):
            # The same ARN checks before the lookup (recorded against AWS for Unsubscribe and
            # GetSubscriptionAttributes: a malformed ARN is InvalidParameter, not NotFound).
            validation.check_unsubscribe(_params(path, data))
        elif action == "CreateTopic":
            validation.check_topic_name(_params(path, data))
        if action == "Subscribe":
            params = _params(path, data)
            protocol = (params.get("Protocol") or "").lower()
            if (params.get("TopicArn") or "").endswith(".fifo") and protocol != "sqs":
                # FIFO topics deliver to SQS queues only.
                raise AWSError("InvalidParameter", f"Invalid parameter: Invalid protocol type: {protocol}")
            validation.subscribe(params, _attributes(params))
        elif action == "SetSubscriptionAttributes":
            _validate_attribute_change(_params(path, data))
        elif action in ("PutDataProtectionPolicy", "GetDataProtectionPolicy"):
            return _data_protection_policy(action, _params(path, data))
        elif action == "SetTopicAttributes":
            validation.set_topic_attribute(_params(path, data))
        elif action == "Publish":
            params = _params(path, data)
            validation.publish(params)
            if direct_publish.ENABLED:
                answered = direct_publish.answer(params, headers)
                if answered is not None:
                    return answered  # delivered by return_response, as moto's answers are
        elif action == "CreatePlatformApplication":
            params = _params(path, data)
            validation.create_platform_application(
                params.get("Name", ""), params.get("Platform", ""), _attributes(params)
            )
        elif action == "AddPermission":
            validation.add_permission(_params(path, data))
        elif action == "TagResource":
            validation.tag_resource(_params(path, data))
        elif action == "OptInPhoneNumber":
            validation.opt_in_phone_number(_params(path, data))
        elif action in sms_sandbox.ACTIONS:
            query = path.split("?", 1)[1] if "?" in path else ""
            account, region = request_context.account_and_region(headers, query)
            return sms_sandbox.handle(action, _params(path, data), account, region)
        elif action == "ListOriginationNumbers":
            # An emulated account owns no origination numbers (moto answers NotImplemented).
            return _xml(action, "<PhoneNumbers/>")
        elif action == "CreatePlatformEndpoint":
            params = _params(path, data)
            validation.create_platform_endpoint(params, _attributes(params))
        elif action == "SetSMSAttributes":
            validation.set_sms_attributes(_attributes(_params(path, data), "attributes"))
        elif action == "SetPlatformApplicationAttributes":
            params = _params(path, data)
            validation.set_platform_application_attributes(
                _attributes(params), validation.platform_of(params.get("PlatformApplicationArn") or "")
            )
        elif action == "PublishBatch":
            if b"PublishBatchRequestEntries.member." not in (data or b"") and (
                "PublishBatchRequestEntries.member." not in path
            ):
                # moto answers an empty batch with success; AWS refuses it.
                raise AWSError("EmptyBatchRequest", "The batch request doesn't contain any entries.")
            validation.publish_batch(_params(path, data))
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        action = _action(path, data)
        if response.status_code >= 300:
            publishing.take()
            return None  # the edge puts moto's query errors in AWS's shape (errors.normalize_xml_error)
        if action in ("Publish", "PublishBatch"):
            return _deliver_published(
                response, headers.get("X-Amzn-Trace-Id") or headers.get("x-amzn-trace-id")
            )
        if action == "Subscribe" and not signing.has_key():
            # The signing key takes ~100 ms to make: not at start-up, not in the first delivery. Not
            # at CreateTopic either: a topic without subscriptions signs nothing, and making the key
            # loads cryptography (~8 MB of RSS).
            from localstack.services import infra

            infra.current().dispatcher.submit(signing.cert_name)
        if action == "Subscribe":
            return _after_subscribe(path, data, headers, response)
        if action == "CreateTopic":
            _keep_creation_policy(_params(path, data), response)
        if action in ("ListSubscriptions", "ListSubscriptionsByTopic"):
            return _show_pending(response)
        return None


def _deliver_published(response: Response, trace_header: str | None = None) -> Response | None:
    published = publishing.take()
    sequenced = [p for p in published if p.sequence_number]
    for item in published:
        item.trace_header = trace_header or None
        delivery.dispatch(item)
    if not sequenced:
        return None
    # FIFO topics answer each message's SequenceNumber, which moto leaves out.
    body = response.get_data(as_text=True)
    for item in sequenced:
        tag = f"<MessageId>{item.message_id}</MessageId>"
        body = body.replace(tag, f"{tag}<SequenceNumber>{item.sequence_number}</SequenceNumber>", 1)
    response.set_data(body)
    return response


def _after_subscribe(path: str, data: bytes, headers: Any, response: Response) -> Response | None:
    body = response.get_data(as_text=True)
    match = _SUBSCRIPTION_ARN.search(body)
    query = path.split("?", 1)[1] if "?" in path else ""
    caller = request_context.account_for_access_key(request_context.access_key_of(headers, query))
    if match is None or not subscriptions.on_subscribed(match.group(1), caller):
        return None
    if _params(path, data).get("ReturnSubscriptionArn", "").lower() == "true":
        return None
    response.set_data(
        body.replace(match.group(0), f"<SubscriptionArn>{subscriptions.PENDING_ARN}</SubscriptionArn>")
    )
    return response


def _show_pending(response: Response) -> Response | None:
    """AWS lists a subscription awaiting confirmation as 'PendingConfirmation'."""
    body = response.get_data(as_text=True)
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        subscription = subscriptions.moto_subscription(match.group(1))
        if subscription is not None and subscriptions.is_pending(subscription):
            changed = True
            return "<SubscriptionArn>PendingConfirmation</SubscriptionArn>"
        return match.group(0)

    body = _SUBSCRIPTION_ARN.sub(replace, body)
    if not changed:
        return None
    response.set_data(body)
    return response


def _data_protection_policy(action: str, params: dict[str, str]) -> Response:
    """Put/GetDataProtectionPolicy (moto has neither): the policy is kept on the topic, as given."""
    topic = validation.topic_or_not_found(params.get("ResourceArn") or "")
    if action == "GetDataProtectionPolicy":
        policy = getattr(topic, "ls_data_protection_policy", "")
        return _xml(action, f"<DataProtectionPolicy>{escape(policy)}</DataProtectionPolicy>")
    policy = params.get("DataProtectionPolicy") or ""
    validation.data_protection_policy(policy)
    topic.ls_data_protection_policy = policy
    return _xml(action, "")


def _keep_creation_policy(params: dict[str, str], response: Response) -> None:
    policy = params.get("DataProtectionPolicy")
    match = re.search(r"<TopicArn>([^<]*)</TopicArn>", response.get_data(as_text=True))
    if policy and match:
        topic = validation.topic_or_not_found(match.group(1))
        topic.ls_data_protection_policy = policy


def _validate_attribute_change(params: dict[str, str]) -> None:
    name, value = params.get("AttributeName") or "", params.get("AttributeValue")
    subscription = subscriptions.moto_subscription(params.get("SubscriptionArn", ""))
    if subscription is None:
        # AWS's words (recorded); moto's NotFound names the ARN instead.
        raise AWSError("NotFound", "Subscription does not exist", 404)
    topic_arn = getattr(subscription.topic, "arn", "")
    validation.subscription_attribute(name, value, topic_arn, subscription.endpoint)
    protocol = getattr(subscription, "protocol", "")
    if (
        name == "RawMessageDelivery"
        and str(value).lower() == "true"
        and protocol not in validation.RAW_PROTOCOLS
    ):
        # Subscribe's refusal (recorded against AWS), without Subscribe's "Attributes Reason: " prefix
        # as every other SetSubscriptionAttributes check words it.
        raise validation.invalid(f"Delivery protocol [{protocol}] does not support raw message delivery.")
    current = subscription.attributes
    if name == "FilterPolicy":
        filters.validate(value, current.get("FilterPolicyScope"))
    elif name == "FilterPolicyScope":
        filters.validate(current.get("FilterPolicy"), value)
