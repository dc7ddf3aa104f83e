"""Every service moto serves alone answers through the edge and its legacy port, with one real call each."""

from __future__ import annotations

import pytest

from localstack import constants
from localstack.services.plugins import PACKAGES

# service -> (method, arguments, a key of the answer); the call creates or lists something real.
CALLS: dict[str, tuple[str, dict, str]] = {
    "account": (
        "put_alternate_contact",
        {
            "AlternateContactType": "BILLING",
            "EmailAddress": "a@example.com",
            "Name": "A",
            "PhoneNumber": "+15555550100",
            "Title": "T",
        },
        "ResponseMetadata",
    ),
    "apigatewaymanagementapi": ("get_connection", {"ConnectionId": "abc"}, "ConnectedAt"),
    "appconfig": ("create_application", {"Name": "smoke"}, "Id"),
    "application-autoscaling": ("describe_scalable_targets", {"ServiceNamespace": "ecs"}, "ScalableTargets"),
    "appsync": ("list_apis", {}, "apis"),
    "athena": ("list_work_groups", {}, "WorkGroups"),
    "autoscaling": ("describe_auto_scaling_groups", {}, "AutoScalingGroups"),
    "backup": ("list_backup_plans", {}, "BackupPlansList"),
    "batch": ("describe_compute_environments", {}, "computeEnvironments"),
    "bedrock": ("get_model_invocation_logging_configuration", {}, "ResponseMetadata"),
    "ce": (
        "get_cost_and_usage",
        {
            "TimePeriod": {"Start": "2026-01-01", "End": "2026-02-01"},
            "Granularity": "MONTHLY",
            "Metrics": ["BlendedCost"],
        },
        "ResultsByTime",
    ),
    "cloudfront": ("list_distributions", {}, "DistributionList"),
    "cloudtrail": ("describe_trails", {}, "trailList"),
    "codecommit": ("create_repository", {"repositoryName": "smoke"}, "repositoryMetadata"),
    "cognito-identity": ("list_identity_pools", {"MaxResults": 10}, "IdentityPools"),
    "cognito-idp": ("create_user_pool", {"PoolName": "smoke"}, "UserPool"),
    "config": ("describe_configuration_recorders", {}, "ConfigurationRecorders"),
    "dsql": ("list_clusters", {}, "clusters"),
    "ecr": ("create_repository", {"repositoryName": "smoke"}, "repository"),
    "ecs": ("create_cluster", {"clusterName": "smoke"}, "cluster"),
    "efs": ("describe_file_systems", {}, "FileSystems"),
    "eks": ("list_clusters", {}, "clusters"),
    "elasticache": ("describe_cache_clusters", {}, "CacheClusters"),
    "elasticbeanstalk": ("describe_applications", {}, "Applications"),
    "elb": ("describe_load_balancers", {}, "LoadBalancerDescriptions"),
    "elbv2": ("describe_load_balancers", {}, "LoadBalancers"),
    "emr": ("list_clusters", {}, "Clusters"),
    "emr-serverless": ("list_applications", {}, "applications"),
    "fis": ("list_experiment_templates", {}, "experimentTemplates"),
    "glacier": ("list_vaults", {"accountId": "-"}, "VaultList"),
    "glue": ("create_database", {"DatabaseInput": {"Name": "smoke"}}, "ResponseMetadata"),
    "iot": ("create_thing", {"thingName": "smoke"}, "thingArn"),
    "iot-data": (
        "update_thing_shadow",
        {"thingName": "smoke", "payload": b'{"state": {"desired": {"on": 1}}}'},
        "payload",
    ),
    "kafka": ("list_clusters_v2", {}, "ClusterInfoList"),
    "kinesisanalyticsv2": ("list_applications", {}, "ApplicationSummaries"),
    "lakeformation": ("get_data_lake_settings", {}, "DataLakeSettings"),
    "mediastore": ("list_containers", {}, "Containers"),
    "mediastore-data": ("list_items", {}, "Items"),
    "meteringmarketplace": ("batch_meter_usage", {"UsageRecords": [], "ProductCode": "p"}, "Results"),
    "mq": ("list_brokers", {}, "BrokerSummaries"),
    "organizations": ("list_aws_service_access_for_organization", {}, "EnabledServicePrincipals"),
    "pinpoint": ("get_apps", {}, "ApplicationsResponse"),
    "pipes": ("list_pipes", {}, "Pipes"),
    "ram": ("list_permissions", {}, "permissions"),
    "rds": ("describe_db_instances", {}, "DBInstances"),
    "rds-data": (
        "execute_statement",
        {
            "resourceArn": "arn:aws:rds:us-east-1:000000000000:cluster:c",
            "secretArn": "arn:aws:secretsmanager:us-east-1:000000000000:secret:s",
            "sql": "select 1",
        },
        "records",
    ),
    "redshift-data": (
        "execute_statement",
        {"ClusterIdentifier": "c", "Database": "d", "Sql": "select 1"},
        "Id",
    ),
    "resource-groups": ("list_groups", {}, "GroupIdentifiers"),
    "route53resolver": ("list_resolver_endpoints", {}, "ResolverEndpoints"),
    "s3tables": ("list_table_buckets", {}, "tableBuckets"),
    "sagemaker": ("list_endpoints", {}, "Endpoints"),
    "sagemaker-runtime": ("invoke_endpoint", {"EndpointName": "e", "Body": b"{}"}, "Body"),
    "scheduler": ("list_schedule_groups", {}, "ScheduleGroups"),
    "sesv2": ("list_email_identities", {}, "EmailIdentities"),
    "support": ("describe_cases", {}, "cases"),
    "timestream-query": ("query", {"QueryString": "SELECT 1"}, "Rows"),
    "timestream-write": ("list_databases", {}, "Databases"),
    "transfer": ("list_connectors", {}, "Connectors"),
    "wafv2": ("list_web_acls", {"Scope": "REGIONAL"}, "WebACLs"),
    "xray": ("get_trace_summaries", {"StartTime": 0, "EndTime": 1}, "TraceSummaries"),
    # rpc-v2-cbor services: the SDK speaks CBOR, moto JSON.
    "acm-pca": ("list_certificate_authorities", {}, "CertificateAuthorities"),
    "codebuild": ("list_projects", {}, "projects"),
    "codedeploy": ("create_application", {"applicationName": "smoke"}, "applicationId"),
    "codepipeline": ("list_pipelines", {}, "pipelines"),
    "memorydb": ("describe_clusters", {}, "Clusters"),
    "route53domains": ("list_domains", {}, "Domains"),
    "servicediscovery": ("create_http_namespace", {"Name": "smoke"}, "OperationId"),
    "shield": ("list_protections", {}, "Protections"),
    "transcribe": ("list_transcription_jobs", {}, "TranscriptionJobSummaries"),
}
# s3control's SDK endpoint rules put the account id in the host (`<account>.<endpoint host>`), which a
# local endpoint cannot resolve; its routing is covered by the routing vectors.
NO_SMOKE = {"s3control"}


def test_every_moto_only_service_has_a_smoke_call():
    moto_only = {name for name in constants.ALL_SERVICES if name not in PACKAGES}
    # Services with a package only for moto's patches (ECS, ECR, Glue, RDS, SageMaker) keep their calls.
    assert moto_only <= set(CALLS) | NO_SMOKE
    assert set(CALLS) <= set(constants.ALL_SERVICES)


# Calls that need another service's resource first: service -> (that service, method, arguments).
SETUP: dict[str, tuple[str, str, dict]] = {"iot-data": ("iot", "create_thing", {"thingName": "smoke"})}


def _call(aws_client, service: str, name: str, legacy: bool = False) -> dict:
    if service in SETUP:
        other, setup_method, setup_arguments = SETUP[service]
        getattr(aws_client(other), setup_method)(**{k: _named(v, name) for k, v in setup_arguments.items()})
    client = aws_client(service, legacy=legacy, config={"inject_host_prefix": False})
    method, arguments, key = CALLS[service]
    # Each call creates its own resources: "smoke" becomes a unique name.
    arguments = {k: _named(v, name) for k, v in arguments.items()}
    answer = getattr(client, method)(**arguments)
    assert key in answer, f"{service}.{method} answered {sorted(answer)}"
    return answer


def _named(value: object, name: str) -> object:
    if value == "smoke":
        return name
    if isinstance(value, dict):
        return {k: _named(v, name) for k, v in value.items()}
    return value


@pytest.mark.parametrize("service", sorted(CALLS))
def test_served_on_the_edge(aws_client, unique_name, service):
    _call(aws_client, service, unique_name("smoke"))


@pytest.mark.parametrize("service", sorted(name for name in CALLS if name in constants.LEGACY_PORTS))
def test_served_on_the_legacy_port(aws_client, unique_name, service):
    _call(aws_client, service, unique_name("smoke"), legacy=True)


def test_health_lists_them(server):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server.edge_url}/_localstack/health", timeout=10) as response:
        services = json.loads(response.read())["services"]
    for name in CALLS:
        assert services[name] in ("available", "running")


def test_an_operation_moto_lacks_answers_not_implemented(aws_client):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as caught:
        aws_client("xray").get_sampling_rules()
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert error["Error"]["Code"] == "NotImplemented"
    assert "GetSamplingRules" in error["Error"]["Message"]


def test_cbor_answers_carry_timestamps_and_errors(aws_client, unique_name):
    import datetime

    from botocore.exceptions import ClientError

    discovery = aws_client("servicediscovery")
    name = unique_name("ns")
    discovery.create_http_namespace(Name=name)
    (namespace,) = [n for n in discovery.list_namespaces()["Namespaces"] if n["Name"] == name]
    assert isinstance(namespace["CreateDate"], datetime.datetime)
    assert namespace["Type"] == "HTTP"
    with pytest.raises(ClientError) as caught:
        aws_client("codedeploy").get_application(applicationName=unique_name("missing"))
    assert caught.value.response["Error"]["Code"] == "ApplicationDoesNotExistException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
