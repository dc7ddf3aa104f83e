"""A create/list/describe/delete round trip per service, through the edge and through the legacy port."""

from __future__ import annotations

import json
import time

import pytest
from botocore.exceptions import ClientError

ROUTES = pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
ROLE_ARN = "arn:aws:iam::000000000000:role/smoke-role"


@ROUTES
def test_acm_request_describe_delete(aws_client, unique_name, legacy):
    acm = aws_client("acm", legacy=legacy)
    domain = f"{unique_name('acm')}.example.com"
    arn = acm.request_certificate(DomainName=domain, ValidationMethod="DNS")["CertificateArn"]
    try:
        assert acm.describe_certificate(CertificateArn=arn)["Certificate"]["DomainName"] == domain
        listed = acm.list_certificates()["CertificateSummaryList"]
        assert arn in [c["CertificateArn"] for c in listed]
    finally:
        acm.delete_certificate(CertificateArn=arn)
    listed = acm.list_certificates()["CertificateSummaryList"]
    assert arn not in [c["CertificateArn"] for c in listed]


CFN_TEMPLATE = {
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "QUEUE"}},
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "BUCKET"}},
    },
    "Outputs": {"QueueUrl": {"Value": {"Ref": "Queue"}}},
}


@ROUTES
def test_cloudformation_stack_resources_are_shared(aws_client, unique_name, legacy):
    cfn = aws_client("cloudformation", legacy=legacy)
    sqs, s3 = aws_client("sqs"), aws_client("s3")
    queue, bucket, stack = unique_name("cfnq"), unique_name("cfnb"), unique_name("stack")
    template = json.dumps(CFN_TEMPLATE).replace("QUEUE", queue).replace("BUCKET", bucket)
    cfn.create_stack(StackName=stack, TemplateBody=template)
    fast = {"Delay": 1, "MaxAttempts": 60}
    try:
        # As a user's code does: creation is asynchronous on AWS, and under load it may outlast the answer.
        cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig=fast)
        described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
        assert described["StackStatus"] == "CREATE_COMPLETE"
        url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
        assert url.endswith(f"/000000000000/{queue}")
        assert {o["OutputKey"]: o["OutputValue"] for o in described["Outputs"]}["QueueUrl"].endswith(queue)
        s3.head_bucket(Bucket=bucket)
        types = {
            r["ResourceType"] for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
        }
        assert types == {"AWS::SQS::Queue", "AWS::S3::Bucket"}
    finally:
        cfn.delete_stack(StackName=stack)
        cfn.get_waiter("stack_delete_complete").wait(StackName=stack, WaiterConfig=fast)
    with pytest.raises(ClientError):
        sqs.get_queue_url(QueueName=queue)


@ROUTES
def test_cloudwatch_metrics_and_alarms(aws_client, unique_name, legacy):
    cloudwatch = aws_client("cloudwatch", legacy=legacy)
    namespace, alarm = unique_name("ns"), unique_name("alarm")
    cloudwatch.put_metric_data(
        Namespace=namespace,
        MetricData=[{"MetricName": "Hits", "Value": 3.0, "Dimensions": [{"Name": "Page", "Value": "home"}]}],
    )
    metrics = cloudwatch.list_metrics(Namespace=namespace)["Metrics"]
    assert [(m["MetricName"], m["Dimensions"]) for m in metrics] == [
        ("Hits", [{"Name": "Page", "Value": "home"}])
    ]
    cloudwatch.put_metric_alarm(
        AlarmName=alarm,
        Namespace=namespace,
        MetricName="Hits",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanThreshold",
    )
    try:
        alarms = cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"]
        assert [a["Namespace"] for a in alarms] == [namespace]
    finally:
        cloudwatch.delete_alarms(AlarmNames=[alarm])
    assert cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"] == []


@ROUTES
def test_ec2_regions_and_vpc(aws_client, legacy):
    ec2 = aws_client("ec2", legacy=legacy)
    regions = {r["RegionName"] for r in ec2.describe_regions()["Regions"]}
    assert {"us-east-1", "eu-west-1"} <= regions
    vpc_id = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    try:
        vpcs = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
        assert [v["CidrBlock"] for v in vpcs] == ["10.42.0.0/16"]
    finally:
        ec2.delete_vpc(VpcId=vpc_id)
    with pytest.raises(ClientError) as error:
        ec2.describe_vpcs(VpcIds=[vpc_id])
    assert error.value.response["Error"]["Code"] == "InvalidVpcID.NotFound"


@ROUTES
def test_es_domain(aws_client, unique_name, legacy):
    es = aws_client("es", legacy=legacy)
    name = unique_name("es")
    created = es.create_elasticsearch_domain(DomainName=name, ElasticsearchVersion="7.10")
    assert created["DomainStatus"]["DomainName"] == name
    try:
        described = es.describe_elasticsearch_domain(DomainName=name)["DomainStatus"]
        assert described["ARN"].endswith(f"domain/{name}")
        assert name in [d["DomainName"] for d in es.list_domain_names()["DomainNames"]]
    finally:
        es.delete_elasticsearch_domain(DomainName=name)
    assert name not in [d["DomainName"] for d in es.list_domain_names()["DomainNames"]]


@ROUTES
def test_opensearch_domain(aws_client, unique_name, legacy):
    opensearch = aws_client("opensearch", legacy=legacy)
    name = unique_name("os")
    created = opensearch.create_domain(DomainName=name, EngineVersion="OpenSearch_2.11")
    assert created["DomainStatus"]["DomainName"] == name
    try:
        described = opensearch.describe_domain(DomainName=name)["DomainStatus"]
        assert described["EngineVersion"] == "OpenSearch_2.11"
        assert name in [d["DomainName"] for d in opensearch.list_domain_names()["DomainNames"]]
    finally:
        opensearch.delete_domain(DomainName=name)
    assert name not in [d["DomainName"] for d in opensearch.list_domain_names()["DomainNames"]]


@ROUTES
def test_events_rule_and_targets(aws_client, unique_name, legacy):
    events = aws_client("events", legacy=legacy)
    rule = unique_name("rule")
    target_arn = "arn:aws:sqs:us-east-1:000000000000:smoke-target"
    arn = events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["smoke"]}))["RuleArn"]
    try:
        assert arn.endswith(f"rule/{rule}")
        events.put_targets(Rule=rule, Targets=[{"Id": "t1", "Arn": target_arn}])
        assert [r["Name"] for r in events.list_rules(NamePrefix=rule)["Rules"]] == [rule]
        targets = events.list_targets_by_rule(Rule=rule)["Targets"]
        assert [(t["Id"], t["Arn"]) for t in targets] == [("t1", target_arn)]
        events.remove_targets(Rule=rule, Ids=["t1"])
    finally:
        events.delete_rule(Name=rule)
    assert events.list_rules(NamePrefix=rule)["Rules"] == []


@ROUTES
def test_firehose_delivers_to_s3(aws_client, unique_name, legacy):
    firehose, s3 = aws_client("firehose", legacy=legacy), aws_client("s3")
    bucket, stream = unique_name("fh"), unique_name("stream")
    s3.create_bucket(Bucket=bucket)
    try:
        firehose.create_delivery_stream(
            DeliveryStreamName=stream,
            ExtendedS3DestinationConfiguration={
                "RoleARN": ROLE_ARN,
                "BucketARN": f"arn:aws:s3:::{bucket}",
                # Zero buffering: the record is written at once instead of after the 300 s default.
                "BufferingHints": {"IntervalInSeconds": 0, "SizeInMBs": 1},
            },
        )
        try:
            description = firehose.describe_delivery_stream(DeliveryStreamName=stream)[
                "DeliveryStreamDescription"
            ]
            assert description["DeliveryStreamStatus"] == "ACTIVE"
            assert stream in firehose.list_delivery_streams()["DeliveryStreamNames"]
            firehose.put_record(DeliveryStreamName=stream, Record={"Data": b"record-1"})
            deadline = time.monotonic() + 10
            keys: list[str] = []
            while not keys and time.monotonic() < deadline:
                keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
                time.sleep(0.05)
            assert len(keys) == 1
            assert s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read() == b"record-1"
        finally:
            firehose.delete_delivery_stream(DeliveryStreamName=stream)
        assert stream not in firehose.list_delivery_streams()["DeliveryStreamNames"]
    finally:
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)


@ROUTES
def test_iam_user_and_role(aws_client, unique_name, legacy):
    iam = aws_client("iam", legacy=legacy)
    user, role = unique_name("user"), unique_name("role")
    assume = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    assert iam.create_user(UserName=user)["User"]["Arn"] == f"arn:aws:iam::000000000000:user/{user}"
    try:
        assert iam.get_user(UserName=user)["User"]["UserName"] == user
        role_arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(assume))["Role"]["Arn"]
        try:
            assert role_arn == f"arn:aws:iam::000000000000:role/{role}"
            assert iam.get_role(RoleName=role)["Role"]["RoleName"] == role
            assert role in [r["RoleName"] for r in iam.list_roles()["Roles"]]
        finally:
            iam.delete_role(RoleName=role)
    finally:
        iam.delete_user(UserName=user)
    assert user not in [u["UserName"] for u in iam.list_users()["Users"]]


@ROUTES
def test_kinesis_put_get_records(aws_client, unique_name, legacy):
    kinesis = aws_client("kinesis", legacy=legacy)
    stream = unique_name("ks")
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    try:
        description = kinesis.describe_stream(StreamName=stream)["StreamDescription"]
        assert description["StreamStatus"] == "ACTIVE"
        assert stream in kinesis.list_streams()["StreamNames"]
        shard_id = description["Shards"][0]["ShardId"]
        kinesis.put_record(StreamName=stream, Data=b"payload", PartitionKey="k")
        iterator = kinesis.get_shard_iterator(
            StreamName=stream, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
        )
        records = kinesis.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        assert [(r["Data"], r["PartitionKey"]) for r in records] == [(b"payload", "k")]
    finally:
        kinesis.delete_stream(StreamName=stream)
    assert stream not in kinesis.list_streams()["StreamNames"]


@ROUTES
def test_kms_encrypt_decrypt(aws_client, legacy):
    kms = aws_client("kms", legacy=legacy)
    key_id = kms.create_key(Description="smoke")["KeyMetadata"]["KeyId"]
    try:
        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "smoke"
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret bytes")["CiphertextBlob"]
        assert blob != b"secret bytes"
        decrypted = kms.decrypt(CiphertextBlob=blob)
        assert decrypted["Plaintext"] == b"secret bytes"
        assert decrypted["KeyId"].endswith(key_id)
    finally:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"


@ROUTES
def test_logs_put_get_events(aws_client, unique_name, legacy):
    logs = aws_client("logs", legacy=legacy)
    group, stream = unique_name("/smoke/group"), "stream-1"
    logs.create_log_group(logGroupName=group)
    try:
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
        assert [
            g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
        ] == [group]
        logs.put_log_events(
            logGroupName=group,
            logStreamName=stream,
            logEvents=[{"timestamp": int(time.time() * 1000), "message": "hello"}],
        )
        events = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True)["events"]
        assert [e["message"] for e in events] == ["hello"]
    finally:
        logs.delete_log_group(logGroupName=group)
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"] == []


@ROUTES
def test_redshift_cluster(aws_client, unique_name, legacy):
    redshift = aws_client("redshift", legacy=legacy)
    cluster = unique_name("rs")
    created = redshift.create_cluster(
        ClusterIdentifier=cluster,
        NodeType="dc2.large",
        MasterUsername="admin",
        MasterUserPassword="Passw0rd1",
        ClusterType="single-node",
    )["Cluster"]
    assert created["ClusterIdentifier"] == cluster
    try:
        clusters = redshift.describe_clusters(ClusterIdentifier=cluster)["Clusters"]
        assert [c["NodeType"] for c in clusters] == ["dc2.large"]
    finally:
        redshift.delete_cluster(ClusterIdentifier=cluster, SkipFinalClusterSnapshot=True)
    with pytest.raises(ClientError) as error:
        redshift.describe_clusters(ClusterIdentifier=cluster)
    assert error.value.response["Error"]["Code"] == "ClusterNotFound"


@ROUTES
def test_route53_zone_and_records(aws_client, unique_name, legacy):
    route53 = aws_client("route53", legacy=legacy)
    zone_name = f"{unique_name('zone')}.example.com."
    zone_id = route53.create_hosted_zone(Name=zone_name, CallerReference=unique_name("ref"))["HostedZone"][
        "Id"
    ]
    record = {"Name": f"www.{zone_name}", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.0.1"}]}
    try:
        assert route53.get_hosted_zone(Id=zone_id)["HostedZone"]["Name"] == zone_name
        route53.change_resource_record_sets(
            HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]}
        )
        records = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
        assert ("A", ["10.0.0.1"]) in [
            (r["Type"], [v["Value"] for v in r.get("ResourceRecords", [])])
            for r in records
            if r["Name"] == record["Name"]
        ]
        route53.change_resource_record_sets(
            HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "DELETE", "ResourceRecordSet": record}]}
        )
    finally:
        route53.delete_hosted_zone(Id=zone_id)
    assert zone_id not in [z["Id"] for z in route53.list_hosted_zones()["HostedZones"]]


@ROUTES
def test_secretsmanager_secret_value(aws_client, unique_name, legacy):
    secrets = aws_client("secretsmanager", legacy=legacy)
    name = unique_name("secret")
    arn = secrets.create_secret(Name=name, SecretString="s3cr3t")["ARN"]
    try:
        assert secrets.get_secret_value(SecretId=name)["SecretString"] == "s3cr3t"
        assert secrets.describe_secret(SecretId=arn)["Name"] == name
    finally:
        secrets.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
    with pytest.raises(ClientError) as error:
        secrets.get_secret_value(SecretId=name)
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


@ROUTES
def test_ses_verify_and_send(aws_client, unique_name, legacy):
    ses = aws_client("ses", legacy=legacy)
    sender = f"{unique_name('from')}@example.com"
    ses.verify_email_identity(EmailAddress=sender)
    try:
        assert sender in ses.list_identities(IdentityType="EmailAddress")["Identities"]
        sent_before = ses.get_send_quota()["SentLast24Hours"]
        message_id = ses.send_email(
            Source=sender,
            Destination={"ToAddresses": ["someone@example.com"]},
            Message={"Subject": {"Data": "hi"}, "Body": {"Text": {"Data": "hello"}}},
        )["MessageId"]
        assert message_id
        assert ses.get_send_quota()["SentLast24Hours"] == sent_before + 1
    finally:
        ses.delete_identity(Identity=sender)
    assert sender not in ses.list_identities(IdentityType="EmailAddress")["Identities"]


@ROUTES
def test_ssm_parameter(aws_client, unique_name, legacy):
    ssm = aws_client("ssm", legacy=legacy)
    name = f"/smoke/{unique_name('param')}"
    assert ssm.put_parameter(Name=name, Value="v1", Type="String")["Version"] == 1
    try:
        assert ssm.get_parameter(Name=name)["Parameter"]["Value"] == "v1"
        ssm.put_parameter(Name=name, Value="v2", Type="String", Overwrite=True)
        parameter = ssm.get_parameter(Name=name)["Parameter"]
        assert (parameter["Value"], parameter["Version"]) == ("v2", 2)
    finally:
        ssm.delete_parameter(Name=name)
    with pytest.raises(ClientError) as error:
        ssm.get_parameter(Name=name)
    assert error.value.response["Error"]["Code"] == "ParameterNotFound"


@ROUTES
def test_stepfunctions_state_machine(aws_client, unique_name, legacy):
    sfn = aws_client("stepfunctions", legacy=legacy)
    name = unique_name("sm")
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}})
    arn = sfn.create_state_machine(name=name, definition=definition, roleArn=ROLE_ARN)["stateMachineArn"]
    try:
        assert arn.endswith(f"stateMachine:{name}")
        assert arn in [m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]]
        assert json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"])["StartAt"] == "Done"
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)
    assert arn not in [m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]]


@ROUTES
def test_sts_caller_identity(aws_client, legacy):
    identity = aws_client("sts", legacy=legacy).get_caller_identity()
    assert identity["Account"] == "000000000000"
    assert identity["Arn"].startswith("arn:aws:")


@ROUTES
def test_swf_domain(aws_client, unique_name, legacy):
    swf = aws_client("swf", legacy=legacy)
    name = unique_name("swf")
    swf.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
    try:
        assert swf.describe_domain(name=name)["domainInfo"]["status"] == "REGISTERED"
        registered = swf.list_domains(registrationStatus="REGISTERED")["domainInfos"]
        assert name in [d["name"] for d in registered]
    finally:
        swf.deprecate_domain(name=name)
    deprecated = swf.list_domains(registrationStatus="DEPRECATED")["domainInfos"]
    assert name in [d["name"] for d in deprecated]


@ROUTES
def test_resourcegroupstaggingapi_finds_tagged_key(aws_client, unique_name, legacy):
    kms = aws_client("kms")
    tagging = aws_client("resourcegroupstaggingapi", legacy=legacy)
    tag_value = unique_name("v")
    key = kms.create_key(Tags=[{"TagKey": "smoke", "TagValue": tag_value}])["KeyMetadata"]
    key_arn = key["Arn"]
    try:
        found = tagging.get_resources(TagFilters=[{"Key": "smoke", "Values": [tag_value]}])[
            "ResourceTagMappingList"
        ]
        assert [(r["ResourceARN"], r["Tags"]) for r in found] == [
            (key_arn, [{"Key": "smoke", "Value": tag_value}])
        ]
    finally:
        # By id: moto's ScheduleKeyDeletion does not resolve a key ARN (500 KeyError).
        kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)


@ROUTES
def test_es_and_opensearch_share_domains(aws_client, unique_name, legacy):
    es, opensearch = aws_client("es", legacy=legacy), aws_client("opensearch", legacy=legacy)
    name = unique_name("shared")
    es.create_elasticsearch_domain(DomainName=name, ElasticsearchVersion="7.10")
    try:
        listed = {d["DomainName"]: d.get("EngineType") for d in opensearch.list_domain_names()["DomainNames"]}
        assert listed[name] == "Elasticsearch"
        assert opensearch.describe_domain(DomainName=name)["DomainStatus"]["DomainName"] == name
    finally:
        opensearch.delete_domain(DomainName=name)
    assert name not in [d["DomainName"] for d in es.list_domain_names()["DomainNames"]]
