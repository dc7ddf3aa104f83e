"""The confirmation handshake of HTTP/S and email subscriptions, and of SQS subscriptions made by an
account that does not own the queue: pending until ConfirmSubscription with the token sent to the
endpoint (a SubscriptionConfirmation POST, a message in the queue, or a kept email)."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from localstack.services.sns import envelopes, models
from localstack.services.sns.filters import invalid
from localstack.utils.aws.errors import AWSError

LOG = logging.getLogger(__name__)

NEEDS_CONFIRMATION = ("http", "https", "email", "email-json")
PENDING_ARN = "pending confirmation"


def moto_subscription(subscription_arn: str) -> Any:
    from moto.sns.models import sns_backends

    parts = subscription_arn.split(":")
    if len(parts) < 7:
        return None
    return sns_backends[parts[4]][parts[3]].subscriptions.get(subscription_arn)


def is_pending(subscription: Any) -> bool:
    return getattr(subscription, "ls_confirmation", "confirmed") == "pending"


def _foreign_queue(subscription: Any, caller_account: str | None) -> bool:
    """An SQS endpoint the subscribing account does not own: AWS asks its owner to confirm (the queue
    owner's own Subscribe to another account's topic needs no confirmation; SNS developer guide,
    sending messages to a queue in a different account)."""
    parts = str(subscription.endpoint).split(":")
    return (
        subscription.protocol == "sqs"
        and bool(caller_account)
        and len(parts) == 6
        and parts[4] != caller_account
    )


def on_subscribed(subscription_arn: str, caller_account: str | None = None) -> bool:
    """After moto's Subscribe: start the handshake for a new HTTP/S or email subscription, or an SQS one
    for a queue of another account (again if it is still pending, as AWS re-sends). True if the
    subscription is pending."""
    subscription = moto_subscription(subscription_arn)
    if subscription is None:
        return False
    if subscription.protocol not in NEEDS_CONFIRMATION and not _foreign_queue(subscription, caller_account):
        return False
    state = getattr(subscription, "ls_confirmation", None)
    if state == "confirmed":
        return False
    store = models.store_for_arn(subscription_arn)
    token = secrets.token_hex(144)  # AWS's tokens are 288 hex digits
    with store.lock:
        store.pending_tokens[token] = subscription_arn
    subscription.ls_confirmation = "pending"
    subscription.attributes["PendingConfirmation"] = "true"
    subscription.attributes["ConfirmationWasAuthenticated"] = "false"
    if subscription.protocol in ("http", "https", "sqs"):
        from localstack.services.sns.delivery import submit

        # Signing happens off the request thread (the first signature generates the key).
        send = _queue_confirmation if subscription.protocol == "sqs" else _post_confirmation
        submit(send, subscription.endpoint, subscription.topic.arn, token)
    else:
        document = envelopes.confirmation(subscription.topic.arn, token, signed=False)
        store.kept_messages.append(
            {
                "type": "SubscriptionConfirmation",
                "protocol": subscription.protocol,
                "endpoint": subscription.endpoint,
                "topicArn": subscription.topic.arn,
                "subscriptionArn": subscription_arn,
                "messageId": document["MessageId"],
                "subject": "AWS Notification - Subscription Confirmation",
                "message": document["Message"],
                "token": token,
                "subscribeURL": document["SubscribeURL"],
                "timestamp": document["Timestamp"],
                "accountId": store.account_id,
                "region": store.region,
            }
        )
    return True


def _post_confirmation(url: str, topic_arn: str, token: str) -> None:
    from localstack.services.sns.senders import DeliveryError, post

    document = envelopes.confirmation(topic_arn, token)
    headers = {
        "x-amz-sns-message-type": document["Type"],
        "x-amz-sns-message-id": document["MessageId"],
        "x-amz-sns-topic-arn": document["TopicArn"],
    }
    try:
        post(url, envelopes.to_json(document), headers)
    except DeliveryError as error:
        LOG.warning("SNS subscription confirmation to %s failed: %s", url, error)


def _queue_confirmation(queue_arn: str, topic_arn: str, token: str) -> None:
    """The SubscriptionConfirmation document as a message in the queue (its policy must let SNS in)."""
    from localstack.services.sqs import queue_policy_access
    from localstack.utils.aws.internal_client import send_message

    document = envelopes.confirmation(topic_arn, token)
    _, _, _, region, account, name = queue_arn.split(":")
    members: dict[str, Any] = {}
    if name.endswith(".fifo"):
        members = {"MessageGroupId": "default", "MessageDeduplicationId": document["MessageId"]}
    try:
        queue_policy_access.check_send(queue_arn, queue_policy_access.SNS, topic_arn)
        send_message(
            f"http://localhost/{account}/{name}", envelopes.to_json(document), account, region, **members
        )
    except Exception as error:
        LOG.warning("SNS subscription confirmation to %s failed: %s", queue_arn, error)


_TOKEN_SHAPE = re.compile(r"[0-9a-f]{288}")


def confirm(topic_arn: str | None, token: str | None) -> str:
    """ConfirmSubscription: the subscription ARN the token belongs to, now confirmed."""
    if not topic_arn:
        raise AWSError("InvalidParameter", "Invalid parameter: TopicArn")
    if not token:
        raise AWSError("InvalidParameter", "Invalid parameter: Token")
    parts = topic_arn.split(":")
    if len(parts) != 6 or not topic_arn.startswith("arn:"):
        raise invalid("Topic")  # recorded against AWS ("not-an-arn" with a token that was sent)
    store = models.sns_stores[parts[4]][parts[3]]
    with store.lock:
        subscription_arn = store.pending_tokens.get(token)
    if subscription_arn is None and _sent_in_another_region(parts[4], parts[3], token):
        raise invalid("Topic")  # recorded against AWS: the right topic name in another region
    if subscription_arn is None and not _TOKEN_SHAPE.fullmatch(token):
        # Recorded against AWS: a token that is not 288 hex digits ("randomtoken", or a real one with a
        # digit left out) is refused in other words than a well-formed token nobody was sent.
        raise AWSError("InvalidParameter", "Invalid token")
    subscription = moto_subscription(subscription_arn) if subscription_arn else None
    if subscription is None:
        raise invalid("Token")
    # A token sent for this region confirms its subscription even when the TopicArn names another
    # topic of the region, one that does not exist too (recorded against AWS).
    subscription.ls_confirmation = "confirmed"
    subscription.attributes["PendingConfirmation"] = "false"
    subscription.attributes["ConfirmationWasAuthenticated"] = "true"
    return subscription.arn


def _sent_in_another_region(account: str, region: str, token: str) -> bool:
    for other, store in models.sns_stores[account].items():
        if other != region:
            with store.lock:
                if token in store.pending_tokens:
                    return True
    return False


def unsubscribe(subscription_arn: str) -> None:
    """Unsubscribe by ARN alone (as the UnsubscribeURL does), in the subscription's own region."""
    from moto.sns.models import sns_backends

    parts = subscription_arn.split(":")
    if len(parts) != 7 or parts[2] != "sns":
        raise invalid("SubscriptionArn")
    sns_backends[parts[4]][parts[3]].unsubscribe(subscription_arn)
