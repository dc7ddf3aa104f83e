"""SNS answers checked against answers recorded from AWS, round 2: a topic's DeliveryPolicy as AWS shows
it back (LocalStack's test_topic_delivery_policy_crud and test_subscribe_external_http_endpoint_content_type
recordings), over the edge and the legacy port."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(params=["edge", "legacy"])
def sns(request, aws_client):
    return aws_client("sns", legacy=request.param == "legacy")


@pytest.fixture
def topic(sns, unique_name):
    made = []

    def make(**attributes: str) -> str:
        arn = sns.create_topic(Name=unique_name("policy"), Attributes=attributes)["TopicArn"]
        made.append(arn)
        return arn

    yield make
    for arn in made:
        sns.delete_topic(TopicArn=arn)


def _shown(sns, arn: str) -> dict:
    return sns.get_topic_attributes(TopicArn=arn)["Attributes"]


def test_topic_delivery_policy_shows_disable_subscription_overrides(sns, topic):
    arn = topic(
        DeliveryPolicy=json.dumps(
            {"http": {"defaultRequestPolicy": {"headerContentType": "application/json"}}}
        )
    )
    assert _shown(sns, arn)["DeliveryPolicy"] == (
        '{"http":{"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"application/json"}}}'
    )


def test_topic_delivery_policy_keeps_the_retry_policy_as_given(sns, topic):
    arn = topic()
    policy = {
        "http": {"defaultHealthyRetryPolicy": {"minDelayTarget": 5, "maxDelayTarget": 6, "numRetries": 1}}
    }
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(policy))
    shown = _shown(sns, arn)
    assert json.loads(shown["DeliveryPolicy"]) == {
        "http": {
            "defaultHealthyRetryPolicy": {"minDelayTarget": 5, "maxDelayTarget": 6, "numRetries": 1},
            "disableSubscriptionOverrides": False,
        }
    }
    assert list(json.loads(shown["DeliveryPolicy"])["http"]) == [
        "defaultHealthyRetryPolicy",
        "disableSubscriptionOverrides",
    ]
    assert json.loads(shown["EffectiveDeliveryPolicy"]) == {
        "http": {
            "defaultHealthyRetryPolicy": {
                "minDelayTarget": 5,
                "maxDelayTarget": 6,
                "numRetries": 1,
                "numMaxDelayRetries": 0,
                "numNoDelayRetries": 0,
                "numMinDelayRetries": 0,
                "backoffFunction": "linear",
            },
            "disableSubscriptionOverrides": False,
            "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
        }
    }
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DeliveryPolicy", AttributeValue="")
    assert "DeliveryPolicy" not in _shown(sns, arn)
