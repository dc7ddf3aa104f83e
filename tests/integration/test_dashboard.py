"""The dashboard's HTTP endpoints under /_localstack/dashboard: the page and its files, the resources of
each service (created with boto3, then read and changed through the dashboard), the request log and its
server-sent events, health, and START_WEB=0."""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.integration.lambda_functions import create_function, zip_of
from tests.server_process import start_server

DASHBOARD = "/_localstack/dashboard"


@pytest.fixture
def api(server):
    base = f"{server.edge_url}{DASHBOARD}/api/"

    class Api:
        def get(self, path: str, **params: str) -> requests.Response:
            return requests.get(base + path, params=params, timeout=30)

        def post(self, path: str, data: bytes = b"", headers: dict | None = None, **params: str):
            return requests.post(base + path, params=params, data=data, headers=headers, timeout=60)

        def json(self, path: str, **params: str):
            answer = self.get(path, **params)
            assert answer.status_code == 200, answer.text
            return answer.json()

    return Api()


def test_page_and_its_files_are_served(server):
    redirect = requests.get(f"{server.edge_url}{DASHBOARD}", allow_redirects=False, timeout=10)
    assert redirect.status_code == 308 and redirect.headers["Location"] == f"{DASHBOARD}/"
    page = requests.get(f"{server.edge_url}{DASHBOARD}/", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert 'src="static/dashboard.js"' in page.text and "http" not in page.text.split("<body>")[0].lower()
    for name, kind in (("dashboard.js", "text/javascript"), ("dashboard.css", "text/css")):
        answer = requests.get(f"{server.edge_url}{DASHBOARD}/static/{name}", timeout=10)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(kind)
    assert requests.get(f"{server.edge_url}{DASHBOARD}/static/../routes.py", timeout=10).status_code == 404


def test_s3_buckets_objects_upload_and_download(api, aws_client, unique_name, cleanup):
    s3 = aws_client("s3")
    bucket = unique_name("dash")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    s3.put_object(Bucket=bucket, Key="docs/a.txt", Body=b"from boto3")
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="docs/a.txt"))
    assert bucket in [b["Name"] for b in api.json("resources/s3/buckets")]
    (listed,) = api.json("resources/s3/objects", bucket=bucket)["objects"]
    assert (listed["Key"], listed["Size"]) == ("docs/a.txt", 10)

    uploaded = api.post("resources/s3/upload", b"\x00binary\xff", bucket=bucket, key="up/b.bin")
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="up/b.bin"))
    assert uploaded.status_code == 200 and uploaded.json()["Size"] == 8
    assert s3.get_object(Bucket=bucket, Key="up/b.bin")["Body"].read() == b"\x00binary\xff"
    download = api.get("resources/s3/download", bucket=bucket, key="docs/a.txt")
    assert download.content == b"from boto3"
    assert download.headers["Content-Disposition"] == "attachment; filename*=UTF-8''a.txt"

    missing = api.get("resources/s3/objects", bucket=unique_name("missing"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NoSuchBucket"
    assert api.get("resources/s3/objects").json()["error"]["code"] == "MissingParameter"


def test_sqs_counts_peek_send_and_purge(api, aws_client, unique_name, cleanup):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("dash"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    sqs.send_message(QueueUrl=url, MessageBody="from boto3")
    sent = api.post("resources/sqs/send", b"from the dashboard", queueUrl=url)
    assert sent.status_code == 200, sent.text
    (queue,) = [q for q in api.json("resources/sqs/queues") if q["QueueUrl"] == url]
    assert (queue["Messages"], queue["InFlight"]) == (2, 0)
    peeked = api.json("resources/sqs/peek", queueUrl=url)
    assert [m["Body"] for m in peeked] == ["from boto3", "from the dashboard"]
    assert peeked[1]["MessageId"] == sent.json()["MessageId"]
    # A peek leaves the messages as they were: still visible, never received.
    assert {
        m["Attributes"]["ApproximateReceiveCount"] for m in api.json("resources/sqs/peek", queueUrl=url)
    } == {"0"}
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert len(received) == 2
    assert api.post("resources/sqs/purge", queueUrl=url).status_code == 200
    assert api.json("resources/sqs/peek", queueUrl=url) == []
    gone = api.get("resources/sqs/peek", queueUrl=url.rsplit("/", 1)[0] + "/no-such-queue")
    assert gone.status_code == 400
    assert gone.json()["error"] == {
        "code": "AWS.SimpleQueueService.NonExistentQueue",
        "message": "The specified queue does not exist.",
    }


def test_writes_take_a_post_from_the_dashboard_only(api, server, aws_client, unique_name, cleanup):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("dash"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    assert api.get("resources/sqs/send", queueUrl=url).status_code == 405
    foreign = api.post("resources/sqs/send", b"x", headers={"Origin": "http://evil.example"}, queueUrl=url)
    assert foreign.status_code == 403
    own = {"Origin": server.edge_url}
    assert api.post("resources/sqs/send", b"x", headers=own, queueUrl=url).status_code == 200
    assert api.get("resources/nothing/list").status_code == 404


def test_dynamodb_tables_scan_and_query(api, aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    table = unique_name("dash")
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=table))
    for pk, sk in (("a", "1"), ("a", "2"), ("b", "1")):
        ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": sk}, "v": {"S": f"{pk}{sk}"}})
    (listed,) = [t for t in api.json("resources/dynamodb/tables") if t["TableName"] == table]
    assert listed["KeySchema"][0] == {"AttributeName": "pk", "KeyType": "HASH"}
    scanned = api.json("resources/dynamodb/scan", table=table)
    assert scanned["count"] == 3 and scanned["lastKey"] is None
    first = api.json("resources/dynamodb/scan", table=table, limit="2")
    rest = api.json("resources/dynamodb/scan", table=table, startKey=first["lastKey"])
    assert len(first["items"]) + len(rest["items"]) == 3
    queried = api.json("resources/dynamodb/query", table=table, value="a")
    assert [item["v"]["S"] for item in queried["items"]] == ["a1", "a2"] and queried["key"] == "pk"


def test_lambda_functions_invoke_and_last_logs(api, awslambda, unique_name, cleanup):
    name = unique_name("dash")
    create_function(
        awslambda, name, "python3.12", "py_echo.handler", zip_of("py_echo.py"), cleanup, Timeout=10
    )
    awslambda.get_waiter("function_active_v2").wait(FunctionName=name)
    assert name in [f["FunctionName"] for f in api.json("resources/lambda/functions")]
    invoked = api.post("resources/lambda/invoke", b'{"hello": "dashboard"}', function=name)
    assert invoked.status_code == 200, invoked.text
    answer = invoked.json()
    assert answer["StatusCode"] == 200 and answer["FunctionError"] is None
    assert json.loads(answer["Payload"])["event"] == {"hello": "dashboard"}
    assert "END RequestId" in answer["Log"]
    deadline = time.monotonic() + 10
    while not any("END RequestId" in e["message"] for e in api.json("resources/lambda/logs", function=name)):
        assert time.monotonic() < deadline, "the invocation's log never reached CloudWatch Logs"
        time.sleep(0.2)


def test_logs_groups_and_events(api, aws_client, unique_name, cleanup):
    logs = aws_client("logs")
    group = f"/dash/{unique_name('g')}"
    logs.create_log_group(logGroupName=group)
    cleanup.append(lambda: logs.delete_log_group(logGroupName=group))
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    now = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName=group,
        logStreamName="s",
        logEvents=[{"timestamp": now, "message": "first"}, {"timestamp": now + 1, "message": "second"}],
    )
    assert group in [g["logGroupName"] for g in api.json("resources/logs/groups")]
    assert [e["message"] for e in api.json("resources/logs/events", group=group)] == ["first", "second"]


def test_sns_topics_and_subscriptions(api, aws_client, unique_name, cleanup):
    sns, sqs = aws_client("sns"), aws_client("sqs")
    topic = sns.create_topic(Name=unique_name("dash"))["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    url = sqs.create_queue(QueueName=unique_name("dash"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    assert topic in [t["TopicArn"] for t in api.json("resources/sns/topics")]
    (subscription,) = api.json("resources/sns/subscriptions", topic=topic)
    assert (subscription["Protocol"], subscription["Endpoint"]) == ("sqs", arn)


def test_step_functions_executions_and_history(api, aws_client, unique_name, cleanup):
    sfn = aws_client("stepfunctions")
    definition = {
        "StartAt": "Done",
        "States": {"Done": {"Type": "Pass", "Result": {"ok": True}, "End": True}},
    }
    machine = sfn.create_state_machine(
        name=unique_name("dash"),
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::000000000000:role/sfn",
    )["stateMachineArn"]
    cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=machine))
    execution = sfn.start_execution(stateMachineArn=machine, input="{}")["executionArn"]
    assert machine in [m["stateMachineArn"] for m in api.json("resources/stepfunctions/machines")]
    deadline = time.monotonic() + 10
    while (history := api.json("resources/stepfunctions/history", execution=execution))["execution"][
        "status"
    ] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert history["execution"]["status"] == "SUCCEEDED"
    types = [event["type"] for event in history["events"]]
    assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionSucceeded"
    (listed,) = api.json("resources/stepfunctions/executions", machine=machine)
    assert listed["executionArn"] == execution


def test_cloudformation_stacks_events_and_resources(api, aws_client, unique_name, cleanup):
    cfn = aws_client("cloudformation")
    stack = unique_name("dash")
    template = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}
    cfn.create_stack(StackName=stack, TemplateBody=json.dumps(template))
    cleanup.append(lambda: cfn.delete_stack(StackName=stack))
    cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig={"Delay": 1})
    (listed,) = [s for s in api.json("resources/cloudformation/stacks") if s["StackName"] == stack]
    assert listed["StackStatus"] == "CREATE_COMPLETE"
    (resource,) = api.json("resources/cloudformation/resources", stack=stack)
    assert (resource["LogicalResourceId"], resource["ResourceType"]) == ("Queue", "AWS::SQS::Queue")
    events = api.json("resources/cloudformation/events", stack=stack)
    assert any(e["LogicalResourceId"] == "Queue" and e["ResourceStatus"] == "CREATE_COMPLETE" for e in events)


def test_resources_of_another_account_and_region(api, aws_client, unique_name, cleanup):
    other = {"aws_access_key_id": "111122223333", "aws_secret_access_key": "test"}
    sqs = aws_client("sqs", region="eu-west-1", credentials=other)
    url = sqs.create_queue(QueueName=unique_name("dash"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    scopes = api.json("scopes")
    assert "111122223333" in scopes["accounts"] and "eu-west-1" in scopes["regions"]
    theirs = api.json("resources/sqs/queues", account="111122223333", region="eu-west-1")
    assert url in [q["QueueUrl"] for q in theirs]
    assert url not in [q["QueueUrl"] for q in api.json("resources/sqs/queues")]
    assert api.get("resources/sqs/queues", account="me").json()["error"]["code"] == "InvalidParameter"
    assert api.get("resources/sqs/queues", region="moon").status_code == 400


def test_request_log_lists_streams_and_details_a_failing_call(api, server, aws_client, unique_name):
    since = max([c["id"] for c in api.json("requests")], default=0)
    stream = requests.get(
        f"{server.edge_url}{DASHBOARD}/api/requests/stream", params={"since": since}, stream=True, timeout=30
    )
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    missing = unique_name("missing")
    with pytest.raises(aws_client("sqs").exceptions.QueueDoesNotExist):
        aws_client("sqs").get_queue_url(QueueName=missing)
    events = []
    # Read as it comes: a larger chunk would wait for bytes that the next event only brings.
    lines = stream.iter_lines(chunk_size=1, decode_unicode=True)
    for line in lines:
        if line.startswith("data: "):
            events.append(json.loads(line[6:]))
            if events[-1]["operation"] == "GetQueueUrl" and not events[-1]["internal"]:
                break
    stream.close()
    failed = events[-1]
    assert (failed["service"], failed["status"], failed["account"], failed["region"]) == (
        "sqs",
        400,
        "000000000000",
        "us-east-1",
    )
    assert failed["id"] in [c["id"] for c in api.json("requests", since=str(since))]
    detail = api.json(f"requests/{failed['id']}")
    assert missing in detail["request"]["body"]
    assert "QueueDoesNotExist" in detail["response"]["body"]
    assert api.get("requests/999999999").status_code == 404
    # The dashboard's own reads are not in the log.
    assert all(
        c["operation"] != "ListQueues" or not c["internal"] for c in api.json("requests", since=str(since))
    )


def test_health_shows_services_and_configuration(api, server):
    health = api.json("health")
    states = {s["name"]: s for s in health["services"]}
    assert states["sqs"]["state"] in ("available", "running") and states["sqs"]["port"] == server.ports["sqs"]
    assert health["config"]["EDGE_PORT"] == str(server.edge_port)
    assert health["config"]["START_WEB"] == "1"


def test_start_web_0_turns_it_off_and_an_open_stream_does_not_hold_stop(tmp_path):
    (tmp_path / "off").mkdir()
    (tmp_path / "on").mkdir()
    off = start_server(tmp_path / "off", services=["sqs"], extra_env={"START_WEB": "0"})
    try:
        assert requests.get(f"{off.edge_url}{DASHBOARD}/", timeout=10).status_code == 404
    finally:
        off.stop()
    on = start_server(tmp_path / "on", services=["sqs"])
    stream = requests.get(f"{on.edge_url}{DASHBOARD}/api/requests/stream", stream=True, timeout=30)
    assert stream.status_code == 200
    on.stop()  # terminates, and kills only if the process is still there after 15 s
    stream.close()
    assert on.process.returncode in (0, -15), on.log()[-2000:]


def test_stream_limit_and_state_reset_clears_the_request_log(tmp_path):
    own = start_server(tmp_path, services=["sqs"])
    streams: list[requests.Response] = []
    try:
        base = f"{own.edge_url}{DASHBOARD}/api/requests"
        own.client("sqs").list_queues()
        assert [c["operation"] for c in api_calls(base)] == ["ListQueues"]
        for _ in range(16):
            streams.append(requests.get(f"{base}/stream", stream=True, timeout=30))
            assert streams[-1].status_code == 200
            next(streams[-1].iter_lines(chunk_size=1))  # the first line: the stream is counted
        refused = requests.get(f"{base}/stream", timeout=30)
        assert refused.status_code == 503
        assert refused.json()["error"] == {
            "code": "TooManyStreams",
            "message": "At most 16 request-log streams are open.",
        }
        own.reset()
        assert api_calls(base) == []
    finally:
        for stream in streams:
            stream.close()
        own.stop()


def api_calls(base: str) -> list[dict]:
    answer = requests.get(base, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_express_machine_lists_no_executions(api, aws_client, unique_name, cleanup):
    # ListExecutions refuses Express machines (StateMachineTypeNotSupported, as AWS answers); the
    # dashboard shows them with an empty execution list instead of an error.
    sfn = aws_client("stepfunctions")
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
    machine = sfn.create_state_machine(
        name=unique_name("dash-express"),
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::000000000000:role/sfn",
        type="EXPRESS",
    )["stateMachineArn"]
    cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=machine))
    assert api.json("resources/stepfunctions/executions", machine=machine) == []
