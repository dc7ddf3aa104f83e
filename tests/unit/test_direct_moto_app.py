"""Parity of moto_apps.DirectMotoApp (moto's routes without Flask) with moto's Flask server app: the
same requests give the same answers, also for requests that match no route."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from localstack.services import moto_apps

AUTH = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/{}/aws4_request, SignedHeaders=host, Signature=x"
# Times moto writes (ISO dates, epoch seconds) differ between two runs a moment apart.
TIMES = re.compile(
    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?|\b1\d{9}(\d{3})?(\.\d+)?\b|\w{3}, \d\d \w{3} \d{4} [\d:]+ GMT"
)


def _form(**fields: str) -> dict:
    return {
        "method": "POST",
        "path": "/",
        "data": fields,
        "content_type": "application/x-www-form-urlencoded",
    }


def _target(target: str, body: str) -> dict:
    return {
        "method": "POST",
        "path": "/",
        "data": body,
        "headers": {"X-Amz-Target": target},
        "content_type": "application/x-amz-json-1.0",
    }


TABLE = '{"TableName": "t", "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}], '
TABLE += '"AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}], '
TABLE += '"BillingMode": "PAY_PER_REQUEST"}'
QUEUE_URL = "http://localhost/000000000000/q"

SCRIPTS = {
    "s3": [
        {"method": "PUT", "path": "/bucket"},
        {"method": "PUT", "path": "/bucket/key", "data": b"x" * 1024},
        {"method": "GET", "path": "/bucket/key"},
        {"method": "HEAD", "path": "/bucket/key"},
        {"method": "GET", "path": "/bucket?list-type=2"},
        {"method": "GET", "path": "/"},
        {"method": "GET", "path": "/bucket/missing"},
        {"method": "GET", "path": "/no-such-bucket/key"},
        {"method": "DELETE", "path": "/bucket/key"},
        {"method": "GET", "path": "//bucket//key"},
    ],
    "sqs": [
        _form(Action="CreateQueue", QueueName="q"),
        _form(Action="SendMessage", QueueUrl=QUEUE_URL, MessageBody="hello"),
        _form(Action="ReceiveMessage", QueueUrl=QUEUE_URL),
        _form(Action="GetQueueAttributes", QueueUrl=QUEUE_URL, **{"AttributeName.1": "All"}),
        _target("AmazonSQS.SendMessage", f'{{"QueueUrl": "{QUEUE_URL}", "MessageBody": "json"}}'),
        _form(Action="SendMessage", QueueUrl="http://localhost/000000000000/missing", MessageBody="x"),
    ],
    "dynamodb": [
        _target("DynamoDB_20120810.CreateTable", TABLE),
        _target(
            "DynamoDB_20120810.PutItem", '{"TableName": "t", "Item": {"k": {"S": "a"}, "v": {"N": "1"}}}'
        ),
        _target("DynamoDB_20120810.GetItem", '{"TableName": "t", "Key": {"k": {"S": "a"}}}'),
        _target(
            "DynamoDB_20120810.Query",
            '{"TableName": "t", "KeyConditionExpression": "k = :k", '
            '"ExpressionAttributeValues": {":k": {"S": "a"}}}',
        ),
        _target("DynamoDB_20120810.GetItem", '{"TableName": "missing", "Key": {"k": {"S": "a"}}}'),
        {"method": "GET", "path": "/no/such/route"},
        {"method": "POST", "path": "/no/such/route"},
    ],
    "sns": [
        _form(Action="CreateTopic", Name="t"),
        _form(Action="Publish", TopicArn="arn:aws:sns:us-east-1:000000000000:t", Message="m"),
        _form(Action="ListTopics"),
        _form(Action="Publish", TopicArn="arn:aws:sns:us-east-1:000000000000:missing", Message="m"),
        {"method": "PUT", "path": "/x/y"},
    ],
}


def _run_script(service: str, app: object) -> list[tuple[str, list[tuple[str, str]], bytes]]:
    from moto.backends import get_backend
    from moto.moto_api._internal import mock_random

    get_backend(service).reset()  # type: ignore[arg-type]
    answers = []
    for number, spec in enumerate(SCRIPTS[service]):
        mock_random.seed(number)
        spec = dict(spec)
        headers = {"Authorization": AUTH.format(service), "Host": "localhost", **spec.pop("headers", {})}
        environ = EnvironBuilder(headers=headers, **spec).get_environ()
        body, status, response_headers = run_wsgi_app(app, environ)
        data = TIMES.sub(b"<time>", b"".join(body))
        masked = [(k, TIMES.sub(b"<time>", v.encode()).decode()) for k, v in response_headers.items()]
        # The checksum and length of a body that holds a time differ with the time.
        varying = ("x-amz-crc32", "content-length") if b"<time>" in data else ()
        masked = [(k, "<varies>" if k.lower() in varying else v) for k, v in masked]
        answers.append((status, masked, data))
    return answers


@pytest.mark.parametrize("service", sorted(SCRIPTS))
def test_direct_app_answers_as_moto_flask_app(service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    moto_apps.prepare_environment()
    moto_apps.setup_moto()
    from moto.moto_server import werkzeug_app
    from moto.moto_server.werkzeug_app import create_backend_app

    # As at start-up, where prepare_environment() runs before moto.settings is first read.
    monkeypatch.setattr(werkzeug_app, "DISABLE_GLOBAL_CORS", True)

    flask_app = create_backend_app(service)  # type: ignore[arg-type]
    direct = moto_apps.build_moto_app(service)
    expected = _run_script(service, flask_app)
    actual = _run_script(service, direct)
    assert [status for status, _, _ in expected][:2] != ["404 NOT FOUND"] * 2  # the script reached moto
    for number, (answer, wanted) in enumerate(zip(actual, expected, strict=True)):
        assert answer[0] == wanted[0], number
        assert answer[1] == wanted[1], number
        assert answer[2] == wanted[2], number


def test_the_match_cache_is_bounded_and_emptied_after_a_large_delete(monkeypatch: pytest.MonkeyPatch) -> None:
    from localstack.utils import memory

    monkeypatch.setattr(memory, "_released_caches", [])
    app = moto_apps.DirectMotoApp([("/<bucket>/<path:key>", lambda request, url, headers: (200, {}, "ok"))])
    for number in range(moto_apps._MATCH_CACHE_SIZE + 10):
        environ = EnvironBuilder(path=f"/bucket/key-{number}", method="GET").get_environ()
        body, status, _ = run_wsgi_app(app, environ)
        assert status.startswith("200") and b"".join(body) == b"ok"
    assert 0 < len(app._matched) <= moto_apps._MATCH_CACHE_SIZE
    memory.release_pinned_arenas()
    assert app._matched == {}


def test_routes_build_the_urls_werkzeug_builds_with_builders_compiled_on_first_use() -> None:
    from werkzeug.routing import Map, Rule

    paths = ["/<bucket>/<path:key>", "/{0,1}$", "/<regex('[a-z]+'):name>/x"]
    app = moto_apps.DirectMotoApp([(path, lambda request, url, headers: (200, {}, "")) for path in paths])
    plain = Map(converters={"regex": moto_apps._RegexConverter})
    for endpoint, path in enumerate(paths):
        plain.add(Rule(path, endpoint=endpoint, methods=moto_apps.HTTP_METHODS, strict_slashes=False))
    rules = list(app.url_map.iter_rules())
    assert all(rule._build.__name__ == "build" for rule in rules)  # not compiled yet
    ours, theirs = app.url_map.bind("localhost"), plain.bind("localhost")
    for endpoint, values in ((0, {"bucket": "b", "key": "a/k y"}), (2, {"name": "abc", "q": "1"})):
        for extra in ({}, {"force_external": True}):
            assert ours.build(endpoint, values, **extra) == theirs.build(endpoint, values, **extra)
    assert ours.build(0, {"bucket": "b", "key": "k"}, append_unknown=False) == theirs.build(
        0, {"bucket": "b", "key": "k"}, append_unknown=False
    )
    assert rules[0]._build.__name__ != "build"  # compiled once used, and kept


def test_a_services_backends_are_moto_s_own_found_without_moto_backends() -> None:
    """moto_backends finds what moto.backends.get_backend finds, importing that module only for the
    services whose module or backends are named otherwise (lambda, elasticbeanstalk)."""
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "from localstack.services import moto_apps\n"
        "found = moto_apps.moto_backends('s3'), moto_apps.moto_backends('sqs')\n"
        "assert 'moto.backends' not in sys.modules\n"
        "from moto.backends import get_backend\n"
        "assert found == (get_backend('s3'), get_backend('sqs'))\n"
        "for name in ('lambda', 'elasticbeanstalk', 'resourcegroupstaggingapi'):\n"
        "    assert moto_apps.moto_backends(name) is get_backend(name), name\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
