"""DynamoDB Contributor Insights: Update, Describe and List with AWS's statuses, modes, rule names and
errors."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def ddb(aws_client):
    return aws_client("dynamodb", region="ap-southeast-2")


@pytest.fixture
def table(ddb, unique_name, cleanup):
    name = unique_name("insights")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return name


def _answer(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def test_a_new_table_has_insights_disabled(ddb, table):
    assert _answer(ddb.describe_contributor_insights(TableName=table)) == {
        "TableName": table,
        "ContributorInsightsStatus": "DISABLED",
    }
    assert _answer(ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="DISABLE")) == {
        "TableName": table,
        "ContributorInsightsStatus": "DISABLED",
    }
    assert ddb.list_contributor_insights(TableName=table)["ContributorInsightsSummaries"] == []


def test_enable_change_mode_and_disable(ddb, table):
    enabled = ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE")
    assert _answer(enabled) == {
        "TableName": table,
        "ContributorInsightsStatus": "ENABLING",
        "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS",
    }
    described = ddb.describe_contributor_insights(TableName=table)
    assert described["ContributorInsightsStatus"] == "ENABLED"
    rules = described["ContributorInsightsRuleList"]
    stamp = rules[0].rpartition("-")[2]
    assert re.fullmatch(r"\d{13}", stamp)
    assert rules == [
        f"DynamoDBContributorInsights-{kind}-{table}-{stamp}" for kind in ("PKC", "PKT", "SKC", "SKT")
    ]
    # The mode in force again changes nothing; another mode re-enables, keeping the rules' names.
    again = ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="ENABLE")
    assert again["ContributorInsightsStatus"] == "ENABLED"
    narrowed = ddb.update_contributor_insights(
        TableName=table, ContributorInsightsAction="ENABLE", ContributorInsightsMode="THROTTLED_KEYS"
    )
    assert narrowed["ContributorInsightsStatus"] == "ENABLING"
    assert ddb.describe_contributor_insights(TableName=table)["ContributorInsightsRuleList"] == [
        f"DynamoDBContributorInsights-PKT-{table}-{stamp}",
        f"DynamoDBContributorInsights-SKT-{table}-{stamp}",
    ]
    assert ddb.list_contributor_insights(TableName=table)["ContributorInsightsSummaries"] == [
        {
            "TableName": table,
            "ContributorInsightsStatus": "ENABLED",
            "ContributorInsightsMode": "THROTTLED_KEYS",
        }
    ]
    disabled = ddb.update_contributor_insights(TableName=table, ContributorInsightsAction="DISABLE")
    assert (disabled["ContributorInsightsStatus"], disabled["ContributorInsightsMode"]) == (
        "DISABLING",
        "THROTTLED_KEYS",
    )
    after = ddb.describe_contributor_insights(TableName=table)
    assert (after["ContributorInsightsStatus"], after["ContributorInsightsMode"]) == (
        "DISABLED",
        "THROTTLED_KEYS",
    )
    assert "LastUpdateDateTime" in after and "ContributorInsightsRuleList" not in after
    assert ddb.list_contributor_insights(TableName=table)["ContributorInsightsSummaries"] == []


def test_a_global_index_has_its_own_insights(ddb, table):
    ddb.update_contributor_insights(TableName=table, IndexName="by-g", ContributorInsightsAction="ENABLE")
    described = ddb.describe_contributor_insights(TableName=table, IndexName="by-g")
    stamp = described["ContributorInsightsRuleList"][0].rpartition("-")[2]
    assert described["ContributorInsightsRuleList"] == [
        f"DynamoDBContributorInsights-PKC-{table}-by-g-{stamp}",
        f"DynamoDBContributorInsights-PKT-{table}-by-g-{stamp}",
    ]
    assert ddb.describe_contributor_insights(TableName=table)["ContributorInsightsStatus"] == "DISABLED"


def _error(call, **kwargs) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_missing_tables_and_indexes(ddb, table):
    assert _error(ddb.describe_contributor_insights, TableName="no-such-insights-table") == (
        "ResourceNotFoundException",
        "Requested resource not found: Table: no-such-insights-table not found",
    )
    assert _error(
        ddb.update_contributor_insights,
        TableName=table,
        IndexName="ghost",
        ContributorInsightsAction="ENABLE",
    ) == (
        "ResourceNotFoundException",
        f"Requested resource not found: Index: ghost not found for table: {table}",
    )
