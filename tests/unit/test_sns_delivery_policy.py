"""The retry schedule and the shown forms of SNS delivery policies (no sockets)."""

from __future__ import annotations

import json

from localstack.services.sns import delivery_policy


def _topic(**retry: object) -> str:
    return json.dumps({"http": {"defaultHealthyRetryPolicy": retry}})


def test_no_policy_means_the_emulator_default() -> None:
    assert delivery_policy.retry_delays(None, "") is None


def test_aws_default_is_three_retries_twenty_seconds_apart() -> None:
    assert delivery_policy.retry_delays(None, _topic(numRetries=3)) == [20.0, 20.0, 20.0]


def test_phases_in_order() -> None:
    policy = _topic(
        minDelayTarget=5,
        maxDelayTarget=30,
        numRetries=10,
        numNoDelayRetries=1,
        numMinDelayRetries=2,
        numMaxDelayRetries=3,
        backoffFunction="linear",
    )
    assert delivery_policy.retry_delays(None, policy) == [0, 5, 5, 10, 15, 20, 25, 30, 30, 30]


def test_subscription_overrides_topic_unless_disabled() -> None:
    subscription = json.dumps(
        {"healthyRetryPolicy": {"numRetries": 1, "minDelayTarget": 1, "maxDelayTarget": 1}}
    )
    assert delivery_policy.retry_delays(subscription, _topic(numRetries=5)) == [1.0]
    disabled = json.dumps(
        {"http": {"disableSubscriptionOverrides": True, "defaultHealthyRetryPolicy": {"numRetries": 2}}}
    )
    assert delivery_policy.retry_delays(subscription, disabled) == [20.0, 20.0]


def test_content_type_and_shown_forms() -> None:
    topic = json.dumps({"http": {"defaultRequestPolicy": {"headerContentType": "application/json"}}})
    assert delivery_policy.content_type(None, topic) == "application/json"
    assert (
        delivery_policy.content_type('{"requestPolicy": {"headerContentType": "text/xml"}}', topic)
        == "text/xml"
    )
    effective = json.loads(delivery_policy.effective_subscription_policy(None, topic))
    assert effective["requestPolicy"] == {"headerContentType": "application/json"}
    assert effective["healthyRetryPolicy"]["numRetries"] == 3
    assert delivery_policy.subscription_policy_shown("") is None
