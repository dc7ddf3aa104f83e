"""AWS's own 4xx for requests moto-only services (ECS, ECR, Glue, ...) crashed on: unknown names,
members left out, the default resource a request names by leaving it out."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def _error(error: Any) -> tuple[str, str, int]:
    response = error.value.response
    status = response["ResponseMetadata"]["HTTPStatusCode"]
    return response["Error"]["Code"], response["Error"]["Message"], status


NO_SUCH_PROVIDER = (
    "The specified capacity provider does not exist. Specify a valid name or ARN and try again."
)


def test_an_unknown_capacity_provider_is_a_client_exception(server, aws_client):
    ecs = aws_client("ecs")
    with pytest.raises(ClientError) as error:
        ecs.delete_capacity_provider(capacityProvider="nofive-missing")
    assert _error(error) == ("ClientException", NO_SUCH_PROVIDER, 400)
    with pytest.raises(ClientError) as error:
        ecs.update_capacity_provider(
            name="nofive-missing", autoScalingGroupProvider={"managedTerminationProtection": "DISABLED"}
        )
    assert _error(error) == ("ClientException", NO_SUCH_PROVIDER, 400)


def test_capacity_providers_are_not_replaced_and_all_are_described(server, aws_client, unique_name, cleanup):
    ecs = aws_client("ecs")
    name = unique_name("nofive-cp")
    arn = "arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:a:autoScalingGroupName/g"
    created = ecs.create_capacity_provider(name=name, autoScalingGroupProvider={"autoScalingGroupArn": arn})
    cleanup.append(lambda: ecs.delete_capacity_provider(capacityProvider=name))
    with pytest.raises(ClientError) as error:
        ecs.create_capacity_provider(name=name, autoScalingGroupProvider={"autoScalingGroupArn": arn + "2"})
    assert _error(error) == (
        "ClientException",
        "The specified capacity provider already exists. To change the configuration of an existing "
        "capacity provider, update the capacity provider.",
        400,
    )
    providers = ecs.describe_capacity_providers()["capacityProviders"]
    by_name = {provider["name"]: provider for provider in providers}
    assert by_name[name]["autoScalingGroupProvider"]["autoScalingGroupArn"] == arn  # the first one kept
    assert by_name[name]["capacityProviderArn"] == created["capacityProvider"]["capacityProviderArn"]
    assert by_name["FARGATE"]["status"] == "ACTIVE"
    assert by_name["FARGATE_SPOT"]["capacityProviderArn"].endswith(":capacity-provider/FARGATE_SPOT")
    assert "autoScalingGroupProvider" not in by_name["FARGATE"]
    with pytest.raises(ClientError) as error:
        ecs.create_capacity_provider(name=unique_name("nofive-cp"))
    assert _error(error)[0] == "InvalidParameterException"


def test_leaving_the_cluster_out_names_the_default_cluster(server, aws_client):
    ecs = aws_client("ecs", region="ap-south-2")  # a region without a default cluster
    with pytest.raises(ClientError) as error:
        ecs.put_attributes(attributes=[{"name": "nofive"}])
    assert _error(error) == ("ClusterNotFoundException", "Cluster not found.", 400)
    with pytest.raises(ClientError) as error:
        ecs.register_container_instance(instanceIdentityDocument='{"instanceId": "i-0nofive"}')
    assert _error(error) == ("ClusterNotFoundException", "Cluster not found.", 400)
    with pytest.raises(ClientError) as error:
        ecs.deregister_container_instance(containerInstance="nofive")
    assert _error(error) == ("ClusterNotFoundException", "Cluster not found.", 400)


def test_container_instances_of_an_empty_cluster(server, aws_client, unique_name, cleanup):
    ecs = aws_client("ecs")
    cluster = unique_name("nofive")
    ecs.create_cluster(clusterName=cluster)
    cleanup.append(lambda: ecs.delete_cluster(cluster=cluster))
    with pytest.raises(ClientError) as error:
        ecs.deregister_container_instance(cluster=cluster, containerInstance="nofive")
    assert _error(error)[0::2] == ("InvalidParameterException", 400)
    with pytest.raises(ClientError) as error:
        ecs.register_container_instance(cluster=cluster)
    assert _error(error)[0::2] == ("InvalidParameterException", 400)
    with pytest.raises(ClientError) as error:
        ecs.delete_task_set(cluster=cluster, service="nofive", taskSet="ts")
    assert _error(error) == ("ServiceNotFoundException", "Service not found.", 400)


def test_put_image_into_an_unknown_repository(server, aws_client, unique_name, cleanup):
    ecr = aws_client("ecr")
    with pytest.raises(ClientError) as error:
        ecr.put_image(repositoryName="nofive-missing", imageManifest="{}")
    assert _error(error) == (
        "RepositoryNotFoundException",
        "The repository with name 'nofive-missing' does not exist in the registry with id '000000000000'",
        400,
    )
    name = unique_name("nofive")
    ecr.create_repository(repositoryName=name)
    cleanup.append(lambda: ecr.delete_repository(repositoryName=name, force=True))
    with pytest.raises(ClientError) as error:
        ecr.put_image(repositoryName=name, imageManifest="not json")
    assert _error(error) == (
        "InvalidParameterException",
        "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
        400,
    )


def test_registry_scanning_without_rules_is_an_empty_rule_set(server, aws_client):
    ecr = aws_client("ecr", region="ap-south-2")
    answer = ecr.put_registry_scanning_configuration(scanType="BASIC")
    assert answer["registryScanningConfiguration"] == {"scanType": "BASIC", "rules": []}
    assert ecr.get_registry_scanning_configuration()["scanningConfiguration"]["rules"] == []


def test_the_default_glue_registry_that_was_never_made_is_not_found(server, aws_client):
    glue = aws_client("glue", region="ap-south-2")
    for call in (glue.get_registry, glue.delete_registry):
        with pytest.raises(ClientError) as error:
            call(RegistryId={})
        assert _error(error) == (
            "EntityNotFoundException",
            "Registry is not found. RegistryName: default-registry",
            400,
        )


def _signed(server, service: str, url_path: str, data: bytes, headers: dict) -> Any:
    import requests
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    url = server.edge_url + url_path
    request = AWSRequest(method="POST", url=url, data=data, headers=headers)
    SigV4Auth(Credentials("000000000000", "test"), service, "us-east-1").add_auth(request)
    return requests.post(url, data=data, headers=dict(request.headers), timeout=30)


@pytest.mark.parametrize(
    "service, target, operation",
    [
        ("codepipeline", "CodePipeline_20150709", "GetPipeline"),
        ("servicediscovery", "Route53AutoNaming_v20170314", "GetNamespace"),
    ],
)
def test_a_member_of_the_wrong_type_is_a_serialization_error_in_cbor_and_json(
    server, service, target, operation
):
    from localstack.utils import cbor

    member = "name" if service == "codepipeline" else "Id"
    response = _signed(
        server,
        service,
        f"/service/{target}/operation/{operation}",
        cbor.encode({member: {"a": 1}}),
        {"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor", "Accept": "application/cbor"},
    )
    assert response.status_code == 400
    assert cbor.decode(response.content) == {
        "__type": "SerializationException",
        "message": "Start of structure or map found where not expected",
    }
    # The same member in the JSON protocol these services also speak (moto crashed on both).
    response = _signed(
        server,
        service,
        "/",
        b'{"%s": {"a": 1}}' % member.encode(),
        {"X-Amz-Target": f"{target}.{operation}", "Content-Type": "application/x-amz-json-1.1"},
    )
    assert response.status_code == 400
    assert response.json()["__type"] == "SerializationException"


def test_xray_members_of_the_wrong_type_are_a_serialization_error(server):
    # moto's X-Ray catches its own crash and answered 500 InternalFailure.
    response = _signed(
        server,
        "xray",
        "/TraceSummaries",
        b'{"StartTime": {}, "EndTime": 1}',
        {"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert response.headers["x-amzn-ErrorType"].startswith("SerializationException")


def test_a_glacier_job_without_a_type_is_a_missing_parameter(server, aws_client, unique_name, cleanup):
    glacier = aws_client("glacier")
    vault = unique_name("nofive")
    glacier.create_vault(vaultName=vault)
    cleanup.append(lambda: glacier.delete_vault(vaultName=vault))
    with pytest.raises(ClientError) as error:
        glacier.initiate_job(vaultName=vault, jobParameters={"Description": "no type"})
    assert _error(error)[0::2] == ("MissingParameterValueException", 400)
    assert "jobParameters.type" in _error(error)[1]
    assert glacier.describe_vault(vaultName=vault)["VaultName"] == vault


def test_a_job_execution_of_an_unknown_job_is_not_found(server, aws_client):
    iot = aws_client("iot")
    with pytest.raises(iot.exceptions.ResourceNotFoundException) as error:
        iot.cancel_job_execution(jobId="nofive-job", thingName="nofive-thing")
    assert _error(error)[2] == 404
    assert "nofive-job" in _error(error)[1]


def test_a_group_configuration_needs_its_group(server, aws_client):
    groups = aws_client("resource-groups")
    with pytest.raises(ClientError) as error:
        groups.get_group_configuration()
    assert _error(error) == (
        "BadRequestException",
        "1 validation error detected: Value null at 'group' failed to satisfy constraint: "
        "Member must not be null",
        400,
    )


def test_an_api_key_expiry_past_any_date_is_a_bad_request(server, aws_client):
    appsync = aws_client("appsync")
    api = appsync.create_graphql_api(name="nofive", authenticationType="API_KEY")["graphqlApi"]["apiId"]
    try:
        with pytest.raises(ClientError) as error:
            appsync.create_api_key(apiId=api, expires=10**40)
        assert _error(error)[0::2] == ("BadRequestException", 400)
        assert appsync.list_api_keys(apiId=api)["apiKeys"] == []  # nothing half-made
    finally:
        appsync.delete_graphql_api(apiId=api)


def test_labels_of_an_unknown_parameter_leave_nothing_behind(server, aws_client):
    ssm = aws_client("ssm", region="ap-south-2")
    for call in (ssm.label_parameter_version, ssm.unlabel_parameter_version):
        with pytest.raises(ssm.exceptions.ParameterNotFound) as error:
            call(Name="/nofive/missing", ParameterVersion=1, Labels=["l"])
        assert _error(error) == ("ParameterNotFound", "Parameter /nofive/missing not found.", 400)
    # moto stored an empty entry under the name; listing tagged resources then crashed on it.
    tagging = aws_client("resourcegroupstaggingapi", region="ap-south-2")
    assert "TagKeys" in tagging.get_tag_keys()
    assert (
        ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/nofive/missing"]}])[
            "Parameters"
        ]
        == []
    )


def test_an_ecs_tag_without_a_key_is_refused_and_tagged_resources_still_list(server, aws_client, unique_name):
    ecs = aws_client("ecs", region="ap-south-2")
    family = unique_name("nofive")
    container = {"name": "c", "image": "i", "memory": 64}
    with pytest.raises(ClientError) as error:
        ecs.register_task_definition(family=family, containerDefinitions=[container], tags=[{"value": "v"}])
    assert _error(error)[0::2] == ("InvalidParameterException", 400)
    ecs.register_task_definition(family=family, containerDefinitions=[container], tags=[{"key": "k"}])
    tagging = aws_client("resourcegroupstaggingapi", region="ap-south-2")
    arns = [item["ResourceARN"] for item in tagging.get_resources()["ResourceTagMappingList"]]
    assert any(family in arn for arn in arns)


def test_rds_paging_and_log_file_filters_are_read(server, aws_client):
    rds = aws_client("rds")
    with pytest.raises(rds.exceptions.DBInstanceNotFoundFault):
        rds.describe_db_log_files(DBInstanceIdentifier="nofive", FilenameContains="error", Marker="m")
    answer = rds.describe_blue_green_deployments(MaxRecords=20)
    assert answer["BlueGreenDeployments"] == []


def test_a_point_in_time_restore_without_its_source_is_a_missing_parameter(server, aws_client):
    rds = aws_client("rds")
    with pytest.raises(ClientError) as error:
        rds.restore_db_cluster_to_point_in_time(DBClusterIdentifier="nofive-restored")
    assert _error(error)[0::2] == ("MissingParameter", 400)
    assert "SourceDBClusterIdentifier" in _error(error)[1]


def test_option_groups_of_an_engine_without_any_are_an_empty_list(server, aws_client):
    rds = aws_client("rds", region="ap-south-2")
    assert rds.describe_option_groups(EngineName="nofive-engine")["OptionGroupsList"] == []


def test_an_unknown_feature_group_is_not_found(server, aws_client):
    sagemaker = aws_client("sagemaker")
    with pytest.raises(ClientError) as error:
        sagemaker.describe_feature_group(FeatureGroupName="nofive")
    assert _error(error)[0::2] == ("ResourceNotFound", 400)


def test_tagged_resources_list_with_a_model_card(server, aws_client, unique_name):
    sagemaker = aws_client("sagemaker", region="ap-south-2")
    card = unique_name("nofive")
    sagemaker.create_model_card(
        ModelCardName=card, Content="{}", ModelCardStatus="Draft", Tags=[{"Key": "k", "Value": "v"}]
    )
    tagging = aws_client("resourcegroupstaggingapi", region="ap-south-2")
    arns = [item["ResourceARN"] for item in tagging.get_resources()["ResourceTagMappingList"]]
    assert any(arn.endswith(f"model-card/{card}") for arn in arns)
    assert "k" in tagging.get_tag_keys()["TagKeys"]
