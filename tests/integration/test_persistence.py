"""PERSISTENCE=1: every service family's state comes back after `stop`/`start` (the snapshot) and after
`kill -9` (the request log, replayed), compared through the APIs."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.integration.s3_notification_support import allow_s3
from tests.persistent_server import PersistentServer

SERVICES = [
    "s3",
    "sqs",
    "dynamodb",
    "lambda",
    "kms",
    "iam",
    "sts",
    "sns",
    "events",
    "logs",
    "secretsmanager",
    "ssm",
    "kinesis",
    "stepfunctions",
    "apigateway",
    "cloudformation",
]
ROLE = "arn:aws:iam::000000000000:role/persisted"


def _zip(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", source)
    return buffer.getvalue()


def _clean(value: object) -> object:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in ("ResponseMetadata", "NextToken")}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def create_everything(server: PersistentServer) -> dict:
    """Resources of every family; returns what only the client knew (receipt handles, ciphertexts)."""
    stepfunctions = server.client("stepfunctions")
    machine = stepfunctions.create_state_machine(
        name="kept-machine",
        definition=json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}),
        roleArn=ROLE,
    )["stateMachineArn"]
    execution = stepfunctions.start_execution(stateMachineArn=machine, name="kept-run", input='{"x": 1}')
    cloudformation = server.client("cloudformation")
    template = {
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "kept-stack-q"}}}
    }
    cloudformation.create_stack(StackName="kept-stack", TemplateBody=json.dumps(template))
    _wait(
        lambda: (
            stepfunctions.describe_execution(executionArn=execution["executionArn"])["status"] == "SUCCEEDED"
        )
    )
    _wait(
        lambda: (
            cloudformation.describe_stacks(StackName="kept-stack")["Stacks"][0]["StackStatus"]
            == "CREATE_COMPLETE"
        )
    )
    # The snapshot taken once writes pause (2 s) holds what executions and stacks did (their state
    # records in the log: test_persistence_background.py).
    _wait(lambda: (server.state_dir / "requests.log").stat().st_size == len(b"LSREQLOG 3\n"))
    s3 = server.client("s3")
    s3.create_bucket(Bucket="kept-bucket")
    s3.put_bucket_tagging(Bucket="kept-bucket", Tagging={"TagSet": [{"Key": "team", "Value": "a"}]})
    s3.put_bucket_cors(
        Bucket="kept-bucket",
        CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]},
    )
    s3.put_object(Bucket="kept-bucket", Key="before-versioning", Body=b"v0")
    s3.put_bucket_versioning(Bucket="kept-bucket", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="kept-bucket", Key="doc.txt", Body=b"one", Metadata={"owner": "me"}, Tagging="k=v")
    s3.put_object(Bucket="kept-bucket", Key="doc.txt", Body=b"two", ContentType="text/plain")
    s3.put_object(Bucket="kept-bucket", Key="big.bin", Body=bytes(range(256)) * 4096)
    # Over BODY_MEMORY_LIMIT: spooled to disk, logged from the spool file, replayed into one again.
    s3.put_object(Bucket="kept-bucket", Key="spooled.bin", Body=bytes(range(255)) * 8300)
    upload = s3.create_multipart_upload(Bucket="kept-bucket", Key="multipart.bin")["UploadId"]
    parts = []
    for number, body in ((1, b"p" * (5 * 1024 * 1024)), (2, b"last part")):
        etag = s3.upload_part(
            Bucket="kept-bucket", Key="multipart.bin", UploadId=upload, PartNumber=number, Body=body
        )["ETag"]
        parts.append({"PartNumber": number, "ETag": etag})
    s3.complete_multipart_upload(
        Bucket="kept-bucket", Key="multipart.bin", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    s3.delete_object(Bucket="kept-bucket", Key="before-versioning")

    sqs = server.client("sqs")
    queue = sqs.create_queue(QueueName="kept-queue", Attributes={"VisibilityTimeout": "300"})["QueueUrl"]
    for index in range(3):
        sqs.send_message(
            QueueUrl=queue,
            MessageBody=f"m{index}",
            MessageAttributes={"n": {"DataType": "Number", "StringValue": str(index)}},
        )
    received = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=1)["Messages"][0]
    fifo = sqs.create_queue(
        QueueName="kept.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    )["QueueUrl"]
    sqs.send_message(QueueUrl=fifo, MessageBody="f1", MessageGroupId="g")
    sqs.send_message(QueueUrl=fifo, MessageBody="f2", MessageGroupId="g")

    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
        TableName="kept-table",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    for index in range(5):
        dynamodb.put_item(
            TableName="kept-table",
            Item={"pk": {"S": "p"}, "sk": {"N": str(index)}, "g": {"S": f"g{index % 2}"}},
        )
    dynamodb.update_item(
        TableName="kept-table",
        Key={"pk": {"S": "p"}, "sk": {"N": "1"}},
        UpdateExpression="SET c = :c",
        ExpressionAttributeValues={":c": {"N": "7"}},
    )
    dynamodb.update_time_to_live(
        TableName="kept-table", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"}
    )

    iam = server.client("iam")
    iam.create_role(RoleName="persisted", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17"}))
    awslambda = server.client("lambda")
    awslambda.create_function(
        FunctionName="kept-fn",
        Runtime="python3.11",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": _zip("def handler(event, context):\n    return {'got': event}\n")},
        Environment={"Variables": {"AB": "1"}},
    )
    version = awslambda.publish_version(FunctionName="kept-fn")["Version"]
    awslambda.create_alias(FunctionName="kept-fn", Name="live", FunctionVersion=version)
    awslambda.create_event_source_mapping(
        FunctionName="kept-fn", EventSourceArn=_queue_arn(sqs, fifo), Enabled=False, BatchSize=1
    )

    kms = server.client("kms")
    key_id = kms.create_key(Description="kept")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/kept", TargetKeyId=key_id)
    ciphertext = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]

    server.client("secretsmanager").create_secret(Name="kept-secret", SecretString="s3cr3t")
    server.client("ssm").put_parameter(Name="/kept/p", Value="v1", Type="String")
    server.client("ssm").put_parameter(Name="/kept/p", Value="v2", Type="String", Overwrite=True)
    sns = server.client("sns")
    topic = sns.create_topic(Name="kept-topic")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=_queue_arn(sqs, queue))
    notify = sqs.create_queue(QueueName="kept-notify")["QueueUrl"]
    allow_s3(sqs, notify)
    s3.put_bucket_notification_configuration(
        Bucket="kept-bucket",
        NotificationConfiguration={
            "QueueConfigurations": [
                {"Id": "to-queue", "QueueArn": _queue_arn(sqs, notify), "Events": ["s3:ObjectRemoved:*"]}
            ]
        },
    )
    _wait(
        lambda: (
            sqs.get_queue_attributes(QueueUrl=notify, AttributeNames=["ApproximateNumberOfMessages"])[
                "Attributes"
            ]["ApproximateNumberOfMessages"]
            == "1"
        )
    )
    events = server.client("events")
    events.put_rule(Name="kept-rule", EventPattern=json.dumps({"source": ["kept"]}))
    events.put_targets(Rule="kept-rule", Targets=[{"Id": "q", "Arn": _queue_arn(sqs, queue)}])
    logs = server.client("logs")
    logs.create_log_group(logGroupName="kept-group")
    logs.create_log_stream(logGroupName="kept-group", logStreamName="s")
    logs.put_log_events(
        logGroupName="kept-group",
        logStreamName="s",
        logEvents=[{"timestamp": int(time.time() * 1000), "message": "hello"}],
    )
    kinesis = server.client("kinesis")
    kinesis.create_stream(StreamName="kept-stream", ShardCount=1)
    kinesis.put_record(StreamName="kept-stream", Data=b"r1", PartitionKey="p")
    apigateway = server.client("apigateway")
    api = apigateway.create_rest_api(name="kept-api")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    apigateway.create_resource(restApiId=api, parentId=root, pathPart="items")
    fifo_ids = [
        sqs.send_message(QueueUrl=fifo, MessageBody=b, MessageGroupId="g")["MessageId"] for b in ("f3",)
    ]
    return {"receipt": received["ReceiptHandle"], "ciphertext": ciphertext, "api": api, "fifo_ids": fifo_ids}


def _wait(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _queue_arn(sqs: object, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]  # type: ignore[attr-defined]


def describe_everything(server: PersistentServer, known: dict) -> dict:
    """Everything a client can read back about what `create_everything` made."""
    s3, sqs, dynamodb = server.client("s3"), server.client("sqs"), server.client("dynamodb")
    awslambda, kms = server.client("lambda"), server.client("kms")
    seen: dict = {}
    seen["buckets"] = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    seen["bucket_tags"] = s3.get_bucket_tagging(Bucket="kept-bucket")["TagSet"]
    seen["cors"] = s3.get_bucket_cors(Bucket="kept-bucket")["CORSRules"]
    seen["versioning"] = s3.get_bucket_versioning(Bucket="kept-bucket")["Status"]
    seen["notifications"] = _clean(s3.get_bucket_notification_configuration(Bucket="kept-bucket"))
    versions = s3.list_object_versions(Bucket="kept-bucket")
    seen["versions"] = _clean(versions.get("Versions"))
    seen["markers"] = _clean(versions.get("DeleteMarkers"))
    # Access control finds the bucket by its name, across accounts: the name index is restored too.
    try:
        with urllib.request.urlopen(f"{server.url}/kept-bucket/doc.txt", timeout=10) as answer:
            seen["anonymous_read"] = answer.status
    except urllib.error.HTTPError as error:
        seen["anonymous_read"] = error.code
    bodies = {}
    for version in versions["Versions"]:
        got = s3.get_object(Bucket="kept-bucket", Key=version["Key"], VersionId=version["VersionId"])
        bodies[f"{version['Key']}@{version['VersionId']}"] = (
            got["Body"].read(),
            got["Metadata"],
            got["ContentType"],
            s3.get_object_tagging(Bucket="kept-bucket", Key=version["Key"], VersionId=version["VersionId"])[
                "TagSet"
            ],
        )
    seen["bodies"] = bodies

    queue = sqs.get_queue_url(QueueName="kept-queue")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    seen["queue_attributes"] = attributes
    notify = sqs.get_queue_url(QueueName="kept-notify")["QueueUrl"]
    # The s3:TestEvent AWS sends on configuration arrived once, and a replay does not send it again.
    seen["notify_messages"] = sqs.get_queue_attributes(
        QueueUrl=notify, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    table = dynamodb.describe_table(TableName="kept-table")["Table"]
    seen["table"] = _clean({k: v for k, v in table.items() if k not in ("ItemCount", "TableSizeBytes")})
    seen["items"] = sorted(
        json.dumps(item, sort_keys=True) for item in dynamodb.scan(TableName="kept-table")["Items"]
    )
    seen["index"] = dynamodb.query(
        TableName="kept-table",
        IndexName="by-g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "g1"}},
    )["Count"]
    seen["ttl"] = dynamodb.describe_time_to_live(TableName="kept-table")["TimeToLiveDescription"]

    function = awslambda.get_function(FunctionName="kept-fn")
    seen["function"] = _clean(function["Configuration"])
    seen["versions_fn"] = [
        v["Version"] for v in awslambda.list_versions_by_function(FunctionName="kept-fn")["Versions"]
    ]
    seen["alias"] = _clean(awslambda.get_alias(FunctionName="kept-fn", Name="live"))
    seen["mappings"] = [
        (m["UUID"], m["EventSourceArn"], m["State"])
        for m in awslambda.list_event_source_mappings(FunctionName="kept-fn")["EventSourceMappings"]
    ]
    seen["invoke"] = json.loads(
        awslambda.invoke(FunctionName="kept-fn:live", Payload=b'{"a": 1}')["Payload"].read()
    )

    seen["kms_plain"] = kms.decrypt(CiphertextBlob=known["ciphertext"])["Plaintext"]
    seen["kms_alias"] = [
        a["TargetKeyId"] for a in kms.list_aliases()["Aliases"] if a["AliasName"] == "alias/kept"
    ]
    seen["secret"] = server.client("secretsmanager").get_secret_value(SecretId="kept-secret")["SecretString"]
    parameter = server.client("ssm").get_parameter(Name="/kept/p")["Parameter"]
    seen["parameter"] = (parameter["Value"], parameter["Version"])
    seen["role"] = server.client("iam").get_role(RoleName="persisted")["Role"]["Arn"]
    sns = server.client("sns")
    seen["topics"] = [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    seen["subscriptions"] = _clean(sns.list_subscriptions()["Subscriptions"])
    events = server.client("events")
    seen["rule"] = _clean(events.describe_rule(Name="kept-rule"))
    seen["targets"] = _clean(events.list_targets_by_rule(Rule="kept-rule")["Targets"])
    logs = server.client("logs")
    seen["log_events"] = [
        e["message"] for e in logs.get_log_events(logGroupName="kept-group", logStreamName="s")["events"]
    ]
    kinesis = server.client("kinesis")
    shard = kinesis.list_shards(StreamName="kept-stream")["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(
        StreamName="kept-stream", ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )
    records = kinesis.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    seen["kinesis"] = [(r["Data"], r["SequenceNumber"]) for r in records]
    machines = server.client("stepfunctions").list_state_machines()["stateMachines"]
    seen["machines"] = [(m["name"], m["stateMachineArn"]) for m in machines]
    executions = server.client("stepfunctions").list_executions(
        stateMachineArn=machines[0]["stateMachineArn"]
    )
    arn = executions["executions"][0]["executionArn"]
    seen["executions"] = _clean(executions["executions"])
    history = server.client("stepfunctions").get_execution_history(executionArn=arn)["events"]
    seen["history"] = [(e["type"], e["id"]) for e in history]
    stack = server.client("cloudformation").describe_stacks(StackName="kept-stack")["Stacks"][0]
    seen["stack"] = (stack["StackId"], stack["StackStatus"])
    seen["stack_resources"] = [
        (r["LogicalResourceId"], r["PhysicalResourceId"])
        for r in server.client("cloudformation").list_stack_resources(StackName="kept-stack")[
            "StackResourceSummaries"
        ]
    ]
    apigateway = server.client("apigateway")
    seen["apis"] = [(a["id"], a["name"]) for a in apigateway.get_rest_apis()["items"]]
    seen["resources"] = sorted(r["path"] for r in apigateway.get_resources(restApiId=known["api"])["items"])
    return seen


def check_messages(server: PersistentServer, known: dict) -> None:
    """Messages keep their visibility, receive counts, receipt handles and FIFO deduplication."""
    sqs = server.client("sqs")
    queue = sqs.get_queue_url(QueueName="kept-queue")["QueueUrl"]
    visible = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, AttributeNames=["All"])["Messages"]
    # m0 was received before the restart with a 300 s visibility timeout: still in flight.
    assert sorted((m["Body"], m["Attributes"]["ApproximateReceiveCount"]) for m in visible) == [
        ("m1", "1"),
        ("m2", "1"),
    ]
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=known["receipt"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=queue, AttributeNames=["All"])["Messages"]
    assert [(m["Body"], m["Attributes"]["ApproximateReceiveCount"]) for m in again] == [("m0", "2")]
    fifo = sqs.get_queue_url(QueueName="kept.fifo")["QueueUrl"]
    # Content-based deduplication remembers f3: sending it again adds no message.
    sqs.send_message(QueueUrl=fifo, MessageBody="f3", MessageGroupId="g")
    bodies = [m["Body"] for m in sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)["Messages"]]
    assert bodies == ["f1", "f2", "f3"]


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_every_family_survives_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, SERVICES).start()
    try:
        known = create_everything(server)
        expected = describe_everything(server, known)
        assert expected["anonymous_read"] == 403
        server.restart(kill=(how == "kill"))
        after = describe_everything(server, known)
        if how == "kill":
            # A replay stamps each request with the time it arrived, within milliseconds of moto's.
            for key in ("CreatedTimestamp", "LastModifiedTimestamp"):
                moment = float(expected["queue_attributes"].pop(key))
                assert abs(float(after["queue_attributes"].pop(key)) - moment) < 1.0
        for key in expected:
            assert after[key] == expected[key], key
        check_messages(server, known)
    finally:
        server.stop()
    log = server.log()
    assert "localstack/persistence" not in log and "replaying" not in log, log[-5000:]


def test_long_polls_do_not_hold_up_writes(tmp_path: Path) -> None:
    """A ReceiveMessage waiting 10 s must not block the SendMessage that ends its wait (writes are
    serialised while persisting), and the message it got is received again after a crash as AWS would."""
    import threading

    server = PersistentServer(tmp_path, ["sqs"]).start()
    try:
        sqs = server.client("sqs")
        queue = sqs.create_queue(QueueName="waiting", Attributes={"ReceiveMessageWaitTimeSeconds": "10"})[
            "QueueUrl"
        ]
        got: list = []
        waiter = threading.Thread(target=lambda: got.append(sqs.receive_message(QueueUrl=queue)))
        began = time.monotonic()
        waiter.start()
        time.sleep(0.5)
        server.client("sqs").send_message(QueueUrl=queue, MessageBody="wake up")
        assert time.monotonic() - began < 3.0
        waiter.join(timeout=15)
        assert time.monotonic() - began < 3.0
        assert [m["Body"] for m in got[0]["Messages"]] == ["wake up"]
        server.restart(kill=True)
        attributes = server.client("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])[
            "Attributes"
        ]
        # Received once before the crash: in flight, for the queue's 30 s visibility timeout.
        assert attributes["ApproximateNumberOfMessagesNotVisible"] == "1"
        assert attributes["ReceiveMessageWaitTimeSeconds"] == "10"
    finally:
        server.stop()
