"""The AWS CLI against the emulator: through `awslocal` and through plain `aws --endpoint-url`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from localstack import constants

BIN = Path(sys.executable).parent
AWSLOCAL = BIN / "awslocal"
AWS = BIN / "aws"

pytestmark = pytest.mark.skipif(
    not (AWSLOCAL.exists() and AWS.exists()), reason="awscli and awscli-local are not installed in this venv"
)

TABLE_SPEC = {
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
}
TABLE_ARGS = [
    "--attribute-definitions",
    "AttributeName=id,AttributeType=S",
    "--key-schema",
    "AttributeName=id,KeyType=HASH",
    "--billing-mode",
    "PAY_PER_REQUEST",
]


def delete_table(dynamodb, name: str) -> None:
    if name in dynamodb.list_tables()["TableNames"]:
        dynamodb.delete_table(TableName=name)


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment: test credentials, us-east-1, no profile or config of the machine."""
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": constants.TEST_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": constants.TEST_SECRET_ACCESS_KEY,
        "AWS_DEFAULT_REGION": constants.DEFAULT_REGION,
        "AWS_CONFIG_FILE": str(home / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-credentials"),
        "DISABLE_DEPRECATION_NOTICE": "1",
        **extra,
    }


def run(args: list[str], env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def local_env(server, tmp_path):
    """awslocal finds the edge through LOCALSTACK_HOST (host:port), as its docs say."""
    return cli_env(tmp_path, LOCALSTACK_HOST=f"127.0.0.1:{server.edge_port}")


def test_awslocal_s3_mb_cp_ls(aws_client, local_env, tmp_path, unique_name):
    bucket = unique_name("cli")
    source = tmp_path / "hello.txt"
    source.write_text("hello from the cli")
    s3 = aws_client("s3")
    try:
        assert f"make_bucket: {bucket}" in run([AWSLOCAL, "s3", "mb", f"s3://{bucket}"], local_env, tmp_path)
        run([AWSLOCAL, "s3", "cp", source, f"s3://{bucket}/dir/hello.txt"], local_env, tmp_path)
        assert bucket in run([AWSLOCAL, "s3", "ls"], local_env, tmp_path)
        listing = run([AWSLOCAL, "s3", "ls", f"s3://{bucket}/dir/"], local_env, tmp_path)
        assert listing.split()[-1] == "hello.txt"
        assert s3.get_object(Bucket=bucket, Key="dir/hello.txt")["Body"].read() == b"hello from the cli"
        run(
            [AWSLOCAL, "s3", "cp", f"s3://{bucket}/dir/hello.txt", tmp_path / "back.txt"], local_env, tmp_path
        )
        assert (tmp_path / "back.txt").read_text() == "hello from the cli"
    finally:
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)


def test_awslocal_sqs_and_dynamodb(aws_client, server, local_env, tmp_path, unique_name):
    name = unique_name("cliq")
    created = json.loads(run([AWSLOCAL, "sqs", "create-queue", "--queue-name", name], local_env, tmp_path))
    url = created["QueueUrl"]
    try:
        assert url == f"http://localhost:{server.edge_port}/000000000000/{name}"
        listed = json.loads(
            run([AWSLOCAL, "sqs", "list-queues", "--queue-name-prefix", name], local_env, tmp_path)
        )
        assert listed["QueueUrls"] == [url]
        table = json.loads(
            run(
                [AWSLOCAL, "dynamodb", "create-table", "--table-name", name, *TABLE_ARGS],
                local_env,
                tmp_path,
            )
        )["TableDescription"]
        assert table["TableArn"].endswith(f":000000000000:table/{name}")
        tables = json.loads(run([AWSLOCAL, "dynamodb", "list-tables"], local_env, tmp_path))
        assert name in tables["TableNames"]
    finally:
        aws_client("sqs").delete_queue(QueueUrl=url)
        delete_table(aws_client("dynamodb"), name)


def test_awslocal_reads_aws_endpoint_url(server, tmp_path):
    env = cli_env(tmp_path, AWS_ENDPOINT_URL=server.edge_url)
    identity = json.loads(run([AWSLOCAL, "sts", "get-caller-identity"], env, tmp_path))
    assert identity["Account"] == "000000000000"


def test_plain_aws_with_endpoint_url(aws_client, server, tmp_path, unique_name):
    env = cli_env(tmp_path)
    endpoint = ["--endpoint-url", server.edge_url]
    bucket, queue = unique_name("plain"), unique_name("plainq")
    dynamodb = aws_client("dynamodb")
    try:
        run([AWS, *endpoint, "s3", "mb", f"s3://{bucket}"], env, tmp_path)
        assert bucket in run([AWS, *endpoint, "s3", "ls"], env, tmp_path)
        url = json.loads(run([AWS, *endpoint, "sqs", "create-queue", "--queue-name", queue], env, tmp_path))[
            "QueueUrl"
        ]
        listed = json.loads(
            run([AWS, *endpoint, "sqs", "list-queues", "--queue-name-prefix", queue], env, tmp_path)
        )
        assert listed["QueueUrls"] == [url]
        dynamodb.create_table(TableName=queue, **TABLE_SPEC)
        tables = json.loads(run([AWS, *endpoint, "dynamodb", "list-tables"], env, tmp_path))
        assert queue in tables["TableNames"]
    finally:
        delete_table(dynamodb, queue)
        aws_client("s3").delete_bucket(Bucket=bucket)
        sqs = aws_client("sqs")
        for url in sqs.list_queues(QueueNamePrefix=queue).get("QueueUrls", []):
            sqs.delete_queue(QueueUrl=url)


# One read-only command per service of issue 2, with a key its JSON answer must hold.
EVERY_SERVICE = {
    "acm": (["acm", "list-certificates"], "CertificateSummaryList"),
    "apigateway": (["apigateway", "get-rest-apis"], "items"),
    "apigatewayv2": (["apigatewayv2", "get-apis"], "Items"),
    "cloudformation": (["cloudformation", "list-stacks"], "StackSummaries"),
    "cloudwatch": (["cloudwatch", "list-metrics"], "Metrics"),
    "dynamodb": (["dynamodb", "list-tables"], "TableNames"),
    "dynamodbstreams": (["dynamodbstreams", "list-streams"], "Streams"),
    "ec2": (["ec2", "describe-regions"], "Regions"),
    "es": (["es", "list-domain-names"], "DomainNames"),
    "events": (["events", "list-rules"], "Rules"),
    "firehose": (["firehose", "list-delivery-streams"], "DeliveryStreamNames"),
    "iam": (["iam", "list-roles"], "Roles"),
    "kinesis": (["kinesis", "list-streams"], "StreamNames"),
    "kms": (["kms", "list-keys"], "Keys"),
    "lambda": (["lambda", "list-functions"], "Functions"),
    "logs": (["logs", "describe-log-groups"], "logGroups"),
    "opensearch": (["opensearch", "list-domain-names"], "DomainNames"),
    "redshift": (["redshift", "describe-clusters"], "Clusters"),
    "resourcegroupstaggingapi": (["resourcegroupstaggingapi", "get-resources"], "ResourceTagMappingList"),
    "route53": (["route53", "list-hosted-zones"], "HostedZones"),
    "s3": (["s3api", "list-buckets"], "Buckets"),
    "secretsmanager": (["secretsmanager", "list-secrets"], "SecretList"),
    "ses": (["ses", "list-identities"], "Identities"),
    "sns": (["sns", "list-topics"], "Topics"),
    "sqs": (["sqs", "create-queue", "--queue-name", "QUEUE"], "QueueUrl"),
    "ssm": (["ssm", "describe-parameters"], "Parameters"),
    "stepfunctions": (["stepfunctions", "list-state-machines"], "stateMachines"),
    "sts": (["sts", "get-caller-identity"], "Account"),
    "swf": (["swf", "list-domains", "--registration-status", "REGISTERED"], "domainInfos"),
}

# Runs every command with the CLI's own driver in one interpreter: the same requests as `aws`,
# without paying the CLI's start-up once per service.
CLI_DRIVER_SCRIPT = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from awscli.clidriver import create_clidriver

    endpoint, commands = sys.argv[1], json.loads(sys.argv[2])
    results = {}
    for service, args in commands.items():
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = create_clidriver().main(["--endpoint-url", endpoint, "--output", "json", *args])
        results[service] = {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}
    sys.__stdout__.write(json.dumps(results))
    """
)


def test_aws_cli_reaches_every_service(aws_client, server, tmp_path, unique_name):
    queue = unique_name("cli-every")
    commands = {
        service: [queue if a == "QUEUE" else a for a in args] for service, (args, _) in EVERY_SERVICE.items()
    }
    try:
        result = subprocess.run(
            [sys.executable, "-c", CLI_DRIVER_SCRIPT, server.edge_url, json.dumps(commands)],
            env=cli_env(tmp_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        outcomes = json.loads(result.stdout)
        failures = {
            service: outcome
            for service, outcome in outcomes.items()
            if outcome["code"] != 0 or EVERY_SERVICE[service][1] not in json.loads(outcome["stdout"] or "{}")
        }
        assert failures == {}
        assert json.loads(outcomes["sts"]["stdout"])["Account"] == "000000000000"
    finally:
        sqs = aws_client("sqs")
        for url in sqs.list_queues(QueueNamePrefix=queue).get("QueueUrls", []):
            sqs.delete_queue(QueueUrl=url)
