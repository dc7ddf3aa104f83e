"""The CBOR codec of the rpc-v2-cbor translation, against botocore's own CBOR serializer and parser."""

from __future__ import annotations

import datetime

import botocore.session
import pytest
from botocore.parsers import RpcV2CBORParser
from botocore.serialize import create_serializer

from localstack.utils import cbor


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65536,
        2**32,
        -1,
        -500,
        1.5,
        True,
        False,
        None,
        "",
        "héllo",
        b"\x00\xff",
        [1, [2]],
        {"a": {"b": [1, "x"]}},
        "x" * 300,
    ],
)
def test_round_trip(value):
    assert cbor.decode(cbor.encode(value)) == value


def test_decodes_what_botocore_sends():
    model = botocore.session.get_session().get_service_model("servicediscovery")
    serializer = create_serializer("smithy-rpc-v2-cbor")
    request = serializer.serialize_to_request(
        {"Name": "ns", "Tags": [{"Key": "k", "Value": "v"}]}, model.operation_model("CreateHttpNamespace")
    )
    assert cbor.decode(request["body"]) == {"Name": "ns", "Tags": [{"Key": "k", "Value": "v"}]}
    assert request["url_path"] == "/service/Route53AutoNaming_v20170314/operation/CreateHttpNamespace"


def test_botocore_reads_what_we_encode():
    model = botocore.session.get_session().get_service_model("servicediscovery")
    shape = model.operation_model("ListNamespaces").output_shape
    body = cbor.encode({"Namespaces": [{"Name": "ns", "CreateDate": cbor.EpochSeconds(1700000000.5)}]})
    parsed = RpcV2CBORParser().parse({"body": body, "headers": {}, "status_code": 200}, shape)
    (namespace,) = parsed["Namespaces"]
    assert namespace["CreateDate"] == datetime.datetime(
        2023, 11, 14, 22, 13, 20, 500000, tzinfo=datetime.timezone.utc
    )


@pytest.mark.parametrize("bad", [b"", b"\xa1", b"\x7f\x41", b"\x1c", b"\x01\x02", b"\x81" * 100 + b"\x00"])
def test_malformed_input_is_a_cbor_error(bad):
    with pytest.raises(cbor.CBORError):
        cbor.decode(bad)
