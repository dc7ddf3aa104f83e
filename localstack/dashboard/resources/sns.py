"""SNS in the dashboard: topics and their subscriptions."""

from __future__ import annotations

from typing import Any

from localstack.dashboard.scope import Scope, required


def topics(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    sns = aws.client("sns")
    result, token = [], None
    while True:
        page = sns.list_topics(**({"NextToken": token} if token else {}))
        result.extend(
            {"TopicArn": t["TopicArn"], "Name": t["TopicArn"].rsplit(":", 1)[-1]} for t in page["Topics"]
        )
        token = page.get("NextToken")
        if not token or len(result) >= 1000:
            return result


def subscriptions(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    sns = aws.client("sns")
    return sns.list_subscriptions_by_topic(TopicArn=required(params, "topic")).get("Subscriptions", [])


ACTIONS = {"topics": topics, "subscriptions": subscriptions}
