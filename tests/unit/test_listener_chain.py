"""The listener protocol of ServiceProxy: return types, chain order, return_response, errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from localstack.services.backends import Backend
from localstack.services.generic_proxy import ProxyListener, ServiceProxy
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request


class EchoBackend(Backend):
    """A backend for tests: answers 200 with what it received, or raises `error` if set."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[Request] = []
        self.error = error

    @property
    def built(self) -> bool:  # type: ignore[override]
        return bool(self.calls)

    def call(self, request: Request) -> Response:
        self.calls.append(request)
        if self.error is not None:
            raise self.error
        body = {"method": request.method, "path": request.path, "data": request.data.decode()}
        return Response(json.dumps(body), status=200, mimetype="application/json")


class Returns(ProxyListener):
    """forward_request answers with a fixed value; records what each hook saw in a shared log."""

    def __init__(self, name: str, value: object = True, log: list | None = None) -> None:
        self.name = name
        self.value = value
        self.log = log if log is not None else []

    def forward_request(self, method, path, data, headers):
        self.log.append(("forward", self.name))
        return self.value

    def return_response(self, method, path, data, headers, response):
        self.log.append(("return", self.name, response.get_data(as_text=True)))
        return None


class Replaces(Returns):
    """return_response replaces the response with one naming this listener and the previous body."""

    def return_response(self, method, path, data, headers, response):
        previous = response.get_data(as_text=True)
        self.log.append(("return", self.name, previous))
        return Response(f"{self.name}({previous})", status=response.status_code)


class Raises(ProxyListener):
    def __init__(self, error: Exception) -> None:
        self.error = error

    def forward_request(self, method, path, data, headers):
        raise self.error


def make_request(method: str = "POST", path: str = "/", data: bytes = b"", **headers: str) -> Request:
    out = Headers({"Host": "localhost:4566"})
    for name, value in headers.items():
        out[name.replace("_", "-")] = value
    return Request(method, path, data, out)


def query_error(response: Response) -> tuple[str, str]:
    root = ET.fromstring(response.get_data())
    # SQS's errors carry AWS's xmlns; {*} matches with or without one.
    return root.findtext("{*}Error/{*}Type") or "", root.findtext("{*}Error/{*}Code") or ""


# forward_request return types


def test_true_passes_to_backend():
    backend = EchoBackend()
    response = ServiceProxy("sqs", backend, [Returns("a"), Returns("b")]).handle(make_request(data=b"x=1"))
    assert response.status_code == 200
    assert response.get_json() == {"method": "POST", "path": "/", "data": "x=1"}
    assert len(backend.calls) == 1


def test_int_answers_with_that_status_and_empty_body():
    backend = EchoBackend()
    response = ServiceProxy("sqs", backend, [Returns("a", 204)]).handle(make_request())
    assert response.status_code == 204
    assert response.get_data() == b""
    assert backend.calls == []


def test_response_answers_directly():
    backend = EchoBackend()
    answer = Response("<ok/>", status=201, mimetype="text/xml")
    response = ServiceProxy("sqs", backend, [Returns("a", answer)]).handle(make_request())
    assert response.status_code == 201
    assert response.get_data() == b"<ok/>"
    assert backend.calls == []


def test_dict_answers_as_json_200():
    backend = EchoBackend()
    response = ServiceProxy("lambda", backend, [Returns("a", {"Functions": []})]).handle(make_request())
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"Functions": []}
    assert backend.calls == []


def test_request_passes_a_modified_request_on():
    backend = EchoBackend()
    original = make_request("POST", "/old", b"a")
    original.environ["REMOTE_ADDR"] = "127.0.0.1"
    seen: list[str] = []

    class Sees(ProxyListener):
        def forward_request(self, method, path, data, headers):
            seen.append(path)
            return True

    modified = Request("PUT", "/new?x=1", b"b", Headers({"Host": "localhost:4566"}))
    proxy = ServiceProxy("s3", backend, [Returns("a", modified), Sees()])
    response = proxy.handle(original)
    assert response.get_json() == {"method": "PUT", "path": "/new?x=1", "data": "b"}
    # The next listener sees the modified request, and the server's environ is kept.
    assert seen == ["/new?x=1"]
    assert backend.calls[0].environ["REMOTE_ADDR"] == "127.0.0.1"


@pytest.mark.parametrize("value", ["oops", None, False, 3.5, ["list"]])
def test_invalid_return_value_is_a_500_in_aws_shape(value, caplog):
    backend = EchoBackend()
    response = ServiceProxy("sqs", backend, [Returns("a", value)]).handle(make_request())
    assert response.status_code == 500
    assert query_error(response) == ("Receiver", "InternalError")
    assert backend.calls == []
    assert "Error handling" in caplog.text


# chain order and return_response


def test_first_non_true_decides():
    log: list = []
    backend = EchoBackend()
    listeners = [Returns("a", True, log), Returns("b", 418, log), Returns("c", 200, log)]
    response = ServiceProxy("sqs", backend, listeners).handle(make_request())
    assert response.status_code == 418
    forwards = [entry[1] for entry in log if entry[0] == "forward"]
    assert forwards == ["a", "b"]
    assert backend.calls == []


def test_return_response_runs_for_every_listener_in_reverse_order():
    log: list = []
    listeners = [Replaces("a", True, log), Replaces("b", True, log), Replaces("c", True, log)]
    proxy = ServiceProxy("sqs", EchoBackend(), listeners)
    response = proxy.handle(make_request("GET", "/q"))
    backend_body = json.dumps({"method": "GET", "path": "/q", "data": ""})
    returns = [entry for entry in log if entry[0] == "return"]
    # Reverse order, each seeing the replacement of the one before.
    assert returns == [
        ("return", "c", backend_body),
        ("return", "b", f"c({backend_body})"),
        ("return", "a", f"b(c({backend_body}))"),
    ]
    assert response.get_data(as_text=True) == f"a(b(c({backend_body})))"


def test_return_response_none_keeps_the_response():
    log: list = []
    listeners = [Returns("a", True, log), Replaces("b", True, log), Returns("c", True, log)]
    response = ServiceProxy("sqs", EchoBackend(), listeners).handle(make_request())
    backend_body = json.dumps({"method": "POST", "path": "/", "data": ""})
    assert response.get_data(as_text=True) == f"b({backend_body})"
    assert [entry[1] for entry in log if entry[0] == "return"] == ["c", "b", "a"]


def test_return_response_runs_after_a_listener_answered():
    log: list = []
    listeners = [Returns("a", True, log), Returns("b", 202, log), Returns("c", True, log)]
    ServiceProxy("sqs", EchoBackend(), listeners).handle(make_request())
    assert [entry[1] for entry in log if entry[0] == "return"] == ["c", "b", "a"]


def test_return_response_of_a_wrong_type_is_a_500():
    class Bad(ProxyListener):
        def return_response(self, method, path, data, headers, response):
            return "not a response"

    response = ServiceProxy("sqs", EchoBackend(), [Bad()]).handle(make_request())
    assert response.status_code == 500
    assert query_error(response)[1] == "InternalError"


# errors


def test_aws_error_in_listener_answers_in_the_query_shape():
    error = AWSError("AWS.SimpleQueueService.NonExistentQueue", "The queue does not exist.", 400)
    backend = EchoBackend()
    response = ServiceProxy("sqs", backend, [Raises(error)]).handle(make_request())
    assert response.status_code == 400
    assert query_error(response) == ("Sender", "AWS.SimpleQueueService.NonExistentQueue")
    assert "The queue does not exist." in response.get_data(as_text=True)
    assert backend.calls == []


def test_aws_error_in_listener_answers_as_json_for_a_target_request():
    error = AWSError("ResourceNotFoundException", "Stream s1 not found", 400)
    request = make_request(X_Amz_Target="Kinesis_20131202.DescribeStream")
    response = ServiceProxy("kinesis", EchoBackend(), [Raises(error)]).handle(request)
    assert response.status_code == 400
    body = json.loads(response.get_data())
    assert body["__type"] == "ResourceNotFoundException"
    assert body["message"] == "Stream s1 not found"
    assert response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException"


def test_exception_in_listener_is_a_500():
    response = ServiceProxy("sqs", EchoBackend(), [Raises(KeyError("x"))]).handle(make_request())
    assert response.status_code == 500
    assert query_error(response) == ("Receiver", "InternalError")


def test_backend_exception_is_json_500_for_target_requests(caplog):
    request = make_request(X_Amz_Target="DynamoDB_20120810.PutItem")
    proxy = ServiceProxy("dynamodb", EchoBackend(error=RuntimeError("boom")))
    response = proxy.handle(request)
    assert response.status_code == 500
    assert response.mimetype == "application/x-amz-json-1.0"
    assert json.loads(response.get_data())["__type"] == "com.amazon.coral.service#InternalError"
    # The traceback goes to the log only.
    assert "boom" not in response.get_data(as_text=True)
    assert "boom" in caplog.text


def test_backend_exception_is_xml_500_for_query_requests():
    request = make_request(data=b"Action=ListTopics", Content_Type="application/x-www-form-urlencoded")
    response = ServiceProxy("sns", EchoBackend(error=RuntimeError("boom"))).handle(request)
    assert response.status_code == 500
    assert response.mimetype == "text/xml"
    assert query_error(response) == ("Receiver", "InternalError")


def test_backend_exception_is_xml_500_for_rest_xml():
    response = ServiceProxy("s3", EchoBackend(error=RuntimeError("boom"))).handle(make_request("GET", "/b1"))
    assert response.status_code == 500
    root = ET.fromstring(response.get_data())
    assert root.tag == "Error"
    assert root.findtext("Code") == "InternalError"
    assert root.findtext("RequestId")


def test_proxy_keeps_serving_after_an_error():
    backend = EchoBackend(error=RuntimeError("boom"))
    proxy = ServiceProxy("sqs", backend)
    assert proxy.handle(make_request()).status_code == 500
    backend.error = None
    assert proxy.handle(make_request()).status_code == 200


# what the backend is told


@pytest.mark.parametrize(
    ("key", "account"), [("111122223333", "111122223333"), ("test", "000000000000"), (None, "000000000000")]
)
def test_backend_sees_the_account_of_the_access_key(key, account):
    backend = EchoBackend()
    headers = {}
    if key:
        headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={key}/20240101/eu-west-1/sqs/aws4_request, "
            "SignedHeaders=host, Signature=abc"
        )
    ServiceProxy("sqs", backend).handle(make_request(**headers))
    assert backend.calls[0].headers["x-moto-account-id"] == account


def test_state_goes_from_available_to_running():
    proxy = ServiceProxy("sqs", EchoBackend())
    assert proxy.state == "available"
    proxy.handle(make_request())
    assert proxy.state == "running"
