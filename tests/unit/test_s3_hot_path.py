"""The per-request shortcuts of the S3 hot path answer what the general code answers."""

from __future__ import annotations

import datetime

import pytest

from localstack.services.s3 import identity
from localstack.services.s3.operation import S3Call
from localstack.utils.aws import request_context
from localstack.utils.http import Headers


def _general_way(sent: str) -> datetime.datetime | None:
    """The reading before the shortcut: strptime, then an RFC 1123 date."""
    from email.utils import parsedate_to_datetime

    try:
        return datetime.datetime.strptime(sent, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(sent)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize(
    "sent",
    [
        "20261127T160000Z",
        "20240229T235959Z",
        "20230229T120000Z",  # no such day
        "20261327T160000Z",  # no such month
        "20261100T160000Z",
        "20261127T240000Z",
        "20261127T236000Z",
        "20261127T235960Z",
        "00001127T160000Z",
        "2026112٣T160000Z",  # a non-ASCII digit
        "20261127t160000Z",
        "2026-11-27T16:00",
        "Fri, 27 Nov 2026 16:00:00 GMT",
    ],
)
def test_request_time_read_as_before(sent: str) -> None:
    assert identity._parse_request_time(sent) == _general_way(sent)


def test_headers_copy_is_independent_and_indexed() -> None:
    original = Headers([("Content-Type", "text/plain"), ("X-Amz-Date", "20261127T160000Z")])
    assert original.get("content-type") == "text/plain"
    copied = original.copy()
    assert isinstance(copied, Headers)
    copied["Content-Type"] = "application/xml"
    copied.add("X-Amz-Meta-A", "1")
    assert original.get("Content-Type") == "text/plain"
    assert "x-amz-meta-a" not in original
    assert copied.get("content-type") == "application/xml"
    assert "X-AMZ-META-A" in copied
    original.pop("X-Amz-Date")
    assert copied.get("x-amz-date") == "20261127T160000Z"
    assert original.get("x-amz-date", "absent") == "absent"


def test_parsed_queries_are_not_shared() -> None:
    first = S3Call.of("GET", "/bucket/key?x-id=GetObject&versionId=v1", None)
    first.query["versionId"] = "changed"
    second = S3Call.of("GET", "/bucket/key?x-id=GetObject&versionId=v1", None)
    assert second.query == {"x-id": "GetObject", "versionId": "v1"}
    assert S3Call.of("GET", "/b/a%2Fb?", None).key == "a/b"
    assert S3Call.of("GET", "/b/plain", None).query == {}


def test_credential_scope_follows_each_authorization() -> None:
    def auth(key: str, region: str) -> dict[str, str]:
        value = f"AWS4-HMAC-SHA256 Credential={key}/20261127/{region}/s3/aws4_request, Signature=ab"
        return {"Authorization": value}

    assert request_context.credential_scope(auth("AKID1", "eu-west-1")) == ("AKID1", "eu-west-1", "s3")
    assert request_context.credential_scope(auth("AKID1", "eu-west-1")) == ("AKID1", "eu-west-1", "s3")
    assert request_context.credential_scope(auth("AKID2", "us-east-2")) == ("AKID2", "us-east-2", "s3")
    assert request_context.credential_scope({}) is None
    query = "X-Amz-Credential=AKID3%2F20261127%2Fap-south-1%2Fs3%2Faws4_request"
    assert request_context.credential_scope({}, query) == ("AKID3", "ap-south-1", "s3")


def test_headers_pop_answers_as_werkzeug() -> None:
    headers = Headers([("ETag", '"e"'), ("X-Amz-Version-Id", "v1"), ("x-amz-version-id", "v2")])
    assert headers.pop("absent", None) is None
    assert headers.pop("x-amz-version-id", None) == "v1"
    assert headers.get("X-Amz-Version-Id") is None  # werkzeug removes every value of the name
    with pytest.raises(KeyError):
        headers.pop("absent")
    headers.add("X-Last", "1")
    assert headers.pop() == ("X-Last", "1")
    assert headers.pop(0) == ("ETag", '"e"')
    assert list(headers.items()) == []


def test_header_name_prefix_follows_changes() -> None:
    headers = Headers([("Content-Type", "text/plain"), ("X-Amz-Meta-Color", "red")])
    assert headers.has_name_prefix("x-amz-meta-")
    assert not headers.has_name_prefix("x-amz-checksum-")
    assert not headers.has_name_prefix("type")  # a prefix of a name, not a substring
    headers["x-amz-checksum-crc32"] = "AAAAAA=="
    assert headers.has_name_prefix("x-amz-checksum-")
    copied = headers.copy()
    del headers["X-Amz-Meta-Color"]
    assert not headers.has_name_prefix("x-amz-meta-")
    assert copied.has_name_prefix("x-amz-meta-")
    assert "x-amz-acl" not in headers.lower_names()


def test_plain_requests_leave_the_policy_modules_unimported() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from localstack.services.s3 import access, identity, inbound\n"
        "who = identity.Identity('000000000000', 'test', 'REST-HEADER', 'AWS4-HMAC-SHA256')\n"
        "assert who.principal is None\n"
        "assert not access._organization_in_use()\n"
        "print(sorted(m for m in sys.modules if m.rsplit('.', 1)[-1] in "
        "('policy', 'guardrails', 'identity_policies') and m.startswith('localstack.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_request_id_headers_replace_amzn_request_id() -> None:
    from werkzeug.wrappers import Response

    from localstack.services.s3.s3_listener import _request_id_headers

    response = Response(b"", headers=[("X-Amzn-RequestId", "A"), ("ETag", '"e"'), ("x-amzn-requestid", "B")])
    _request_id_headers(response)
    assert "x-amzn-RequestId" not in response.headers
    assert response.headers["x-amz-request-id"] == "B"
    assert response.headers["ETag"] == '"e"'
    assert len(response.headers.getlist("x-amz-id-2")) == 1
    kept = Response(b"", headers=[("x-amz-request-id", "R"), ("x-amz-id-2", "H")])
    _request_id_headers(kept)
    assert kept.headers.getlist("x-amz-request-id") == ["R"]
    assert kept.headers.getlist("x-amz-id-2") == ["H"]
    bare = Response(b"")
    bare.headers.clear()
    _request_id_headers(bare)
    assert len(bare.headers.getlist("x-amz-request-id")[0]) == 16


def test_outbound_drop_removes_every_value_of_a_name() -> None:
    from werkzeug.datastructures import Headers as WerkzeugHeaders

    from localstack.services.s3.outbound import _drop

    headers = WerkzeugHeaders([("A", "1"), ("X-Amz-Sdk-Checksum-Algorithm", "CRC32"), ("B", "2")])
    headers.add("x-amz-sdk-checksum-algorithm", "SHA1")
    _drop(headers, "x-amz-sdk-checksum-algorithm")
    assert list(headers.items()) == [("A", "1"), ("B", "2")]
    empty = WerkzeugHeaders()
    _drop(empty, "x-amz-sdk-checksum-algorithm")
    assert not empty


@pytest.mark.parametrize(
    "pairs",
    [
        [("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"), ("Host", "h"), ("Authorization", "a")],
        [("Content-Type", "text/plain"), ("x-amz-meta-Snake_Case", "1"), ("X-AMZ-META-up", "2")],
        [("x-amz-meta-bad name", "3"), ("x-amz-meta-ok.dot", "4"), ("Cache-Control", "no-cache")],
        [("Content-Md5", "abc=="), ("Expires", "0"), ("Content-Length", "5"), ("X-Robots-Tag", "none")],
        [],
    ],
)
def test_direct_metadata_reads_as_moto_over_the_rebuilt_headers(pairs: list[tuple[str, str]]) -> None:
    """`_moto_metadata` fills moto's mapping as `metadata_from_headers` over werkzeug headers of the same
    rebuilt names did (the way before it)."""
    from moto.s3.utils import metadata_from_headers
    from moto.s3.utils import user_settable_fields as _SETTABLE
    from werkzeug.datastructures import Headers as WerkzeugHeaders

    from localstack.services.s3 import direct_objects

    headers = Headers(pairs)
    preserved = {"HTTP_X_AMZ_META_SNAKE_CASE": "x-amz-meta-Snake_Case"}
    environ = {direct_objects._PRESERVED_NAMES: preserved}
    made = direct_objects._moto_metadata(headers, environ)
    rebuilt = WerkzeugHeaders()
    for name, value in pairs:
        lower = name.lower()
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_LENGTH", "TRANSFER_ENCODING") or not (
            lower.startswith("x-amz-meta-") or "_" in lower or lower in _SETTABLE
        ):
            continue
        rebuilt.add(preserved.get("HTTP_" + key) or key.replace("_", "-").title(), value)
    expected = metadata_from_headers(rebuilt)
    assert type(made) is type(expected)
    assert list(made.items()) == list(expected.items())


def _screened_one_by_one(names: list[str], allowed: frozenset[str]) -> bool:
    """The direct path's header screen before `_plain_names`: one name at a time."""
    from localstack.services.s3 import direct_objects

    for lower in names:
        if lower in direct_objects._REFUSED:
            return False
        if lower.startswith("x-amz-") and lower not in allowed and not lower.startswith("x-amz-meta-"):
            return False
        if lower.startswith("x-localstack"):
            return False
    return True


@pytest.mark.parametrize(
    "names",
    [
        ["host", "authorization", "x-amz-date", "x-amz-content-sha256", "content-length", "user-agent"],
        ["host", "x-amz-meta-a", "x-amz-meta-", "x-amz-meta-x-amz-acl", "content-type"],
        ["host", "x-amz-acl"],
        ["host", "x-amz-checksum-mode"],
        ["host", "x-amz-meta"],
        ["host", "x-amzmeta-a", "xx-amz-acl", "amz-sdk-request"],
        ["x-localstack-edge"],
        ["host", "x-localstackfoo"],
        ["host", "range"],
        ["if-none-match", "x-amz-meta-a"],
        ["origin"],
        ["x-amz-checksum-crc32", "x-amz-sdk-checksum-algorithm", "x-amz-expected-bucket-owner"],
        [],
    ],
)
def test_direct_header_screen_decides_as_the_name_by_name_loop(names: list[str]) -> None:
    from localstack.services.s3 import direct_objects

    for allowed in (direct_objects._COMMON, direct_objects._GET_ALLOWED):
        expected = _screened_one_by_one(names, allowed)
        assert direct_objects._plain_names(dict.fromkeys(names, "v"), allowed) is expected, (names, allowed)


@pytest.mark.parametrize(
    "names",
    [
        ["Content-Type"],
        ["content-type", "etag"],
        ["ETag", "CONTENT-TYPE"],
        ["ETag", "content-type-x", "x-content-type"],
        ["ETag", "Last-Modified"],
        ["a\ncontent-type", "etag"],
        [],
    ],
)
def test_direct_content_type_question_answers_as_the_generator(names: list[str]) -> None:
    from localstack.services.s3 import direct_objects

    headers = dict.fromkeys(names, "v")
    expected = any(name.lower() == "content-type" for name in headers)
    assert direct_objects._names_content_type(headers) is expected


def test_metadata_encoding_skips_ascii_answers_and_encodes_the_rest() -> None:
    from werkzeug.wrappers import Response

    from localstack.services.s3.outbound import _encode_metadata

    plain = Response(b"", headers=[("x-amz-meta-a", "b"), ("ETag", '"e"')])
    before = plain.headers.to_wsgi_list()
    _encode_metadata(plain)
    assert plain.headers.to_wsgi_list() == before
    mixed = Response(b"", headers=[("x-amz-meta-a", "b"), ("X-Amz-Meta-Name", "é"), ("x-other", "é")])
    _encode_metadata(mixed)
    assert mixed.headers["x-amz-meta-a"] == "b"
    assert mixed.headers["X-Amz-Meta-Name"] == "=?UTF-8?B?6Q==?="
    assert mixed.headers["x-other"] == "é"


@pytest.mark.parametrize(
    ("status", "body", "pairs"),
    [
        (200, b"abc", [("ETag", '"e"'), ("x-amz-version-id", "null"), ("content-type", "text/plain")]),
        (200, b"", [("ETag", '"e"'), ("Content-Length", "7")]),
        (200, b"abc", [("Location", "/b/k é"), ("ETag", '"e"')]),
        (200, b"abc", [("Content-Location", "/b/k")]),
        (204, b"", [("ETag", '"e"')]),
        (304, b"", [("ETag", '"e"'), ("Content-Type", "text/plain"), ("Expires", "0")]),
        (200, b"abc", [("a\nb", "1")]),
        (200, b"abc", []),
    ],
)
def test_direct_answer_sends_the_headers_werkzeug_sends(status: int, body: bytes, pairs: list) -> None:
    from werkzeug.datastructures import Headers as WerkzeugHeaders
    from werkzeug.test import create_environ
    from werkzeug.wrappers import Response

    from localstack.services.s3 import direct_objects

    environ = create_environ("/b/k")
    answer = direct_objects._answer(body, dict(pairs))
    answer.status_code = status
    plain = Response(body, status, WerkzeugHeaders(answer.headers.to_wsgi_list()))
    sent = answer.get_wsgi_headers(environ)
    assert type(sent) is WerkzeugHeaders
    assert sent.to_wsgi_list() == plain.get_wsgi_headers(environ).to_wsgi_list()
    sent.add("x-after", "1")  # the copy is the server's to change: the answer's own headers are not
    assert "x-after" not in answer.headers


@pytest.mark.parametrize("path", ["/b/k", "/b/a%20b?x=1", "/b%2Fc/k%25?uploads", "/", "/b", "/b/k/./x?%20"])
def test_listener_split_unquotes_as_before(path: str) -> None:
    from urllib.parse import unquote

    from localstack.services.s3.s3_listener import _split

    raw_path, _, query = path.partition("?")
    bucket, _, key = raw_path.lstrip("/").partition("/")
    assert _split(path) == (unquote(bucket), unquote(key), query)


def test_operation_is_computed_once_per_call_and_follows_each_call() -> None:
    put = S3Call.of("PUT", "/bucket/key?x-id=PutObject", Headers())
    tagging = S3Call.of("PUT", "/bucket/key?tagging", Headers())
    assert (put.operation, tagging.operation) == ("PutObject", "PutObjectTagging")
    assert put.__dict__["operation"] == "PutObject"  # kept on the call: the next read is a dict lookup
    put.query["tagging"] = ""
    assert put.operation == "PutObject"  # as functools.cached_property: read once
    assert S3Call.of("GET", "/bucket", Headers()).operation == "ListObjects"


def test_query_names_of_s3_writes_are_kept_per_query_and_not_shared() -> None:
    from localstack.utils.aws import request_checks

    first = request_checks._query_names("x-id=PutObject")
    assert first == frozenset({"x-id"})
    assert request_checks._query_names("x-id=PutObject") is first
    assert request_checks._query_names("tagging&versionId=3") == frozenset({"tagging", "versionId"})
    assert request_checks._query_names("a%5Fb=1") == frozenset({"a_b"})
    long = "uploadId=" + "x" * 200
    assert request_checks._query_names(long) == frozenset({"uploadId"})
    assert long not in request_checks._QUERY_NAMES
