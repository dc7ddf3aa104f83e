"""Work per integration round trip, counted instead of timed: the emulator runs in this process, the
client makes one action at a time in the main thread (an S3 PutObject with a queue notification, an SNS
Publish to a subscribed queue, a warm Lambda invoke, an API Gateway proxy call, a Step Functions Pass
execution) and waits for its result; the server's threads are profiled, the client's are not.

    python -m bench.latency_work [--rounds 100] [--top 15] [scenario ...]

Per round: Python calls made by the server's threads (a profile hook set before the server starts; it
does not move with the machine's load), server CPU (process CPU minus the client thread's, measured in a
second pass without the hook), wall time, and the number of timed waits the server's threads began
(`Condition.wait`/`Event.wait` with a timeout and `time.sleep`: polling shows up here).
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from typing import Any, Callable

URL = ""
TRACE = False
ROLE = "arn:aws:iam::000000000000:role/bench"
_main = threading.get_ident()
_counting = False
_calls: collections.Counter = collections.Counter()
_total = [0, 0]  # python calls, timed waits


def _hook(frame: Any, event: str, arg: Any) -> None:
    if not _counting:
        return
    if event == "call":
        _total[0] += 1
        code = frame.f_code
        _calls[(code.co_filename, code.co_firstlineno, code.co_name)] += 1
    elif event == "c_call" and getattr(arg, "__name__", "") == "sleep":
        _total[1] += 1


_profilers: list = []


def _profile_threads() -> None:
    """Each thread started from now on runs under its own cProfile profiler timed by its CPU clock."""
    import cProfile

    original = threading.Thread.run

    def run(thread: threading.Thread) -> None:
        profiler = cProfile.Profile(time.thread_time)
        _profilers.append(profiler)
        profiler.enable()
        try:
            original(thread)
        finally:
            profiler.disable()

    threading.Thread.run = run  # type: ignore[method-assign]


def _cpu_snapshot() -> dict:
    totals: dict = collections.defaultdict(lambda: [0, 0.0])
    for profiler in list(_profilers):
        profiler.snapshot_stats()
        for func, (_, calls, tottime, _, _) in profiler.stats.items():
            totals[func][0] += calls
            totals[func][1] += tottime
    return totals


def _start_server(services: str, profile: str | None) -> Any:
    from localstack.config import Config
    from localstack.services.infra import Infrastructure
    from tests.server_process import free_port

    global URL
    port = free_port()
    URL = f"http://127.0.0.1:{port}"
    if profile == "calls":
        threading.setprofile(_hook)
    elif profile == "cpu":
        _profile_threads()
    env = {"SERVICES": services, "DEBUG": "0", "EDGE_PORT": str(port), "USE_LEGACY_PORTS": "0"}
    env["DATA_DIR"] = tempfile.mkdtemp()
    infra = Infrastructure(Config.from_env(env))
    threading.Thread(target=infra.start, daemon=True).start()
    if not infra.ready.wait(30):
        raise RuntimeError("server did not start")
    return infra


def _client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 0}, read_timeout=30)
    return boto3.session.Session().client(
        service,
        endpoint_url=URL,
        config=config,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def _queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _receive_one(sqs: Any, url: str) -> None:
    messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5).get("Messages", [])
    if not messages:
        raise RuntimeError("no message within 5 s")
    sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])


_marks: list[tuple[str, float]] = []


def _traced(owner: Any, attribute: str, label: str) -> None:
    """Wrap owner.attribute to record when it is entered and left (the --trace mode)."""
    original = getattr(owner, attribute)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _marks.append((f"{label}>", time.perf_counter()))
        try:
            return original(*args, **kwargs)
        finally:
            _marks.append((f"{label}<", time.perf_counter()))

    setattr(owner, attribute, wrapper)


def s3_sqs() -> Callable[[int], None]:
    if TRACE:
        from localstack.services.s3 import notifications

        _traced(notifications, "dispatch", "dispatch")
        _traced(notifications, "deliver", "deliver")
    s3, sqs = _client("s3"), _client("sqs")
    url, arn = _queue(sqs, "work-s3")
    from tests.integration.s3_notification_support import allow_s3

    allow_s3(sqs, url)
    s3.create_bucket(Bucket="work-s3")
    config = {"QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]}
    s3.put_bucket_notification_configuration(Bucket="work-s3", NotificationConfiguration=config)
    _receive_one(sqs, url)  # the test event

    def act(i: int) -> None:
        _marks.append(("put>", time.perf_counter()))
        s3.put_object(Bucket="work-s3", Key=f"k{i}", Body=b"x" * 128)
        _marks.append(("put<", time.perf_counter()))
        _receive_one(sqs, url)
        _marks.append(("received", time.perf_counter()))

    return act


def sns_sqs() -> Callable[[int], None]:
    sns, sqs = _client("sns"), _client("sqs")
    url, arn = _queue(sqs, "work-sns")
    topic = sns.create_topic(Name="work-sns")["TopicArn"]
    from bench.delivery_latency import allow_sns

    allow_sns(sqs, url, arn)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)

    def act(i: int) -> None:
        sns.publish(TopicArn=topic, Message=f"m{i}")
        _receive_one(sqs, url)

    return act


def _function(name: str, text: str) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", text)
    created = _client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": buffer.getvalue()},
    )
    return created["FunctionArn"]


def lambda_invoke() -> Callable[[int], None]:
    name = "work-fn"
    _function(name, "def handler(event, context):\n    return {'ok': True, 'echo': event}\n")
    client = _client("lambda")

    def act(i: int) -> None:
        client.invoke(FunctionName=name, Payload=b'{"n": 1}')["Payload"].read()

    return act


def apigw_lambda() -> Callable[[int], None]:
    import requests

    arn = _function(
        "work-apigw",
        "def handler(event, context):\n    return {'statusCode': 200, 'body': event['path']}\n",
    )
    apigw = _client("apigateway")
    api = apigw.create_rest_api(name="work")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    resource = apigw.create_resource(restApiId=api, parentId=root, pathPart="{proxy+}")["id"]
    apigw.put_method(restApiId=api, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"
    apigw.put_integration(
        restApiId=api,
        resourceId=resource,
        httpMethod="ANY",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=uri,
    )
    apigw.create_deployment(restApiId=api, stageName="work")
    session = requests.Session()
    target = f"{URL}/restapis/{api}/work/_user_request_/items/1"

    def act(i: int) -> None:
        session.get(target).raise_for_status()

    return act


def sfn_pass() -> Callable[[int], None]:
    sfn = _client("stepfunctions")
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.a", "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"y.$": "$.a.x"}, "Next": "C"},
            "C": {"Type": "Succeed"},
        },
    }
    machine = sfn.create_state_machine(name="work", definition=json.dumps(definition), roleArn=ROLE)

    def act(i: int) -> None:
        arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input="{}")["executionArn"]
        while sfn.describe_execution(executionArn=arn)["status"] == "RUNNING":
            time.sleep(0.001)

    return act


SCENARIOS: dict[str, tuple[str, Callable[[], Callable[[int], None]]]] = {
    "s3_sqs": ("s3,sqs", s3_sqs),
    "sns_sqs": ("sns,sqs", sns_sqs),
    "lambda": ("lambda", lambda_invoke),  # no log shipping: its batches land in random rounds
    "apigw": ("apigateway,lambda,logs,iam", apigw_lambda),
    "sfn": ("stepfunctions,sqs", sfn_pass),
}


def measure(name: str, rounds: int, profile: str, top: int) -> dict:
    global _counting
    services, build = SCENARIOS[name]
    infra = _start_server(services, profile)
    try:
        act = build()
        for i in range(20):
            act(-1 - i)
        time.sleep(0.6)  # background first-time work (the Lambda log shipper's client) done
        walls = []
        cpu0, own0 = time.process_time(), time.thread_time()
        _calls.clear()
        _total[:] = [0, 0]
        before = _cpu_snapshot() if profile == "cpu" else {}
        _counting = True
        for i in range(rounds):
            started = time.perf_counter()
            act(i)
            walls.append((time.perf_counter() - started) * 1000)
        _counting = False
        server_cpu = (time.process_time() - cpu0) - (time.thread_time() - own0)
        result = {"wall_ms_median": round(statistics.median(walls), 2)}
        if TRACE:
            result["trace_ms_median"] = _trace_summary()
        if profile == "cpu":
            after = _cpu_snapshot()
            rows = []
            for func, (calls, tottime) in after.items():
                old = before.get(func, [0, 0.0])
                rows.append((tottime - old[1], calls - old[0], func))
            rows.sort(reverse=True)
            result["profiled_cpu_ms_per_round"] = round(sum(r[0] for r in rows) * 1000 / rounds, 3)
            result["top"] = [
                f"{t * 1000 / rounds:7.3f} ms {n / rounds:7.1f}  {f.split('site-packages/')[-1]}:{line} {fn}"
                for t, n, (f, line, fn) in rows[:top]
            ]
            dump = os.environ.get("LATENCY_WORK_DUMP")
            if dump:
                with open(f"{dump}.{name}.cpu.json", "w") as out:
                    json.dump(
                        [[f, line, fn, t * 1000 / rounds, n / rounds] for t, n, (f, line, fn) in rows], out
                    )
        elif profile:
            result["python_calls_per_round"] = round(_total[0] / rounds)
            result["sleeps_per_round"] = round(_total[1] / rounds, 2)
            result["top"] = [
                f"{count / rounds:8.1f}  {file.split('site-packages/')[-1]}:{line} {func}"
                for (file, line, func), count in _calls.most_common(top)
            ]
            dump = os.environ.get("LATENCY_WORK_DUMP")
            if dump:
                with open(f"{dump}.{name}.json", "w") as out:
                    rows = [[f, line, func, n / rounds] for (f, line, func), n in _calls.items()]
                    json.dump(rows, out)
        else:
            result["server_cpu_ms_per_round"] = round(server_cpu * 1000 / rounds, 3)
        return result
    finally:
        infra.stop()


def _trace_summary() -> dict:
    """Median time of each mark after the round's first mark."""
    rounds: list[dict[str, float]] = []
    for label, at in _marks:
        if label == "put>":
            rounds.append({})
            start = at
        if rounds and label not in rounds[-1]:
            rounds[-1][label] = (at - start) * 1000
    labels = list(rounds[-1]) if rounds else []
    return {label: round(statistics.median(r[label] for r in rounds if label in r), 2) for label in labels}


def main() -> None:
    global TRACE
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument(
        "--profile", choices=["calls", "cpu"], help="count Python calls or profile CPU (slows every call)"
    )
    parser.add_argument("--trace", action="store_true", help="time marks along the path (s3_sqs)")
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    args = parser.parse_args()
    TRACE = args.trace
    for name in args.scenarios:
        result = measure(name, args.rounds, args.profile, args.top)
        top = result.pop("top", [])
        print(name, json.dumps(result), flush=True)
        for line in top:
            print("   ", line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
