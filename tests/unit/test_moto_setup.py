"""The moto-wide corrections applied before the first moto app is built (moto_apps.setup_moto)."""

import string

import pytest

from localstack.services import moto_apps


def test_random_strings_keep_moto_format_and_seeding():
    moto_apps.setup_moto()
    from moto.moto_api._internal.moto_random import MotoRandom

    generator = MotoRandom()
    value = generator.get_random_string(length=52)
    assert len(value) == 52 and set(value) <= set(string.ascii_letters + string.digits)
    assert set(generator.get_random_string(length=200, include_digits=False)) <= set(string.ascii_letters)
    assert generator.get_random_string(length=30, lower_case=True).islower()
    hex_value = generator.get_random_hex(40)
    assert len(hex_value) == 40 and set(hex_value) <= set("0123456789abcdef")
    first, second = MotoRandom(), MotoRandom()
    first.seed(7)
    second.seed(7)
    assert first.get_random_string(20) == second.get_random_string(20)


def test_method_names_are_listed_once_per_class():
    moto_apps.setup_moto()
    from moto.core import responses, utils
    from moto.sqs.responses import SQSResponse

    names = responses.method_names_from_class(SQSResponse)
    assert names == utils.method_names_from_class(SQSResponse)
    assert "send_message" in names
    assert responses.method_names_from_class(SQSResponse) is names


def test_backend_regions_are_botocore_regions_in_every_partition():
    moto_apps.setup_moto()
    import boto3
    from moto.core.base_backend import AccountSpecificBackend

    session = boto3.Session()
    for service in ("sqs", "dynamodb", "sns", "ec2", "elb", "lambda"):
        expected = []
        for partition in session.get_available_partitions():
            expected.extend(session.get_available_regions(service, partition_name=partition))
        backend = AccountSpecificBackend(service, "000000000000", object, True, None)
        assert backend.regions == expected, service


def test_moto_models_keep_moto_extras_without_documentation():
    moto_apps.setup_moto()
    from moto.core.utils import _load_service_model

    sqs = _load_service_model("sqs", "service-2")
    assert sqs["operations"]["SendMessage"]["output"]["resultWrapper"] == "SendMessageResult"
    assert "BucketCORSPreflightCheck" in _load_service_model("s3", "service-2")["operations"]
    assert sqs["operations"]["SendMessage"].get("documentation", "") == ""
    assert sqs["shapes"]["SendMessageRequest"]["members"]["QueueUrl"].get("documentation", "") == ""
    assert type(sqs["shapes"]) is dict


def _without_docs(data: object) -> object:
    if isinstance(data, dict):
        docs = ("documentation", "documentationUrl")
        return {k: "" if k in docs and isinstance(v, str) else _without_docs(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_docs(value) for value in data]
    return data


@pytest.mark.parametrize("service", ["s3", "sqs", "dynamodb", "rds", "secretsmanager"])
def test_moto_and_request_check_models_equal_their_loaders_and_share_the_file(service: str) -> None:
    """moto's models keep moto's extras, the request checks' keep botocore's SDK extras (S3's Expires
    header is a timestamp to botocore, a string to moto), and both share what neither changes."""
    moto_apps.setup_moto()
    from botocore.loaders import Loader
    from moto.core.loaders import create_loader
    from moto.core.utils import _load_service_model

    from localstack.utils.aws.botocore_data import service_data

    for type_name in ("service-2", "paginators-1"):
        moto_model, our_model = _load_service_model(service, type_name), service_data(service, type_name)
        assert moto_model == _without_docs(create_loader().load_service_model(service, type_name))
        assert our_model == _without_docs(Loader().load_service_model(service, type_name))
    moto_shapes, our_shapes = (
        _load_service_model(service, "service-2")["shapes"],
        service_data(service)["shapes"],
    )
    equal = [name for name in our_shapes if moto_shapes.get(name) == our_shapes[name]]
    # (A shape an extras file restates with the same content is a copy: a few in S3.)
    same = [name for name in equal if moto_shapes[name] is our_shapes[name]]
    assert len(same) > 0.9 * len(equal), (len(same), len(equal))


def test_moto_models_are_freed_once_nothing_holds_them():
    moto_apps.setup_moto()
    import gc
    import weakref

    from moto.dynamodb.models.dynamo_type import DynamoType, Item
    from moto.sqs.models import Message

    message = Message("id", "body")
    item = Item(DynamoType({"S": "a"}), None, {"id": {"S": "a"}, "v": {"N": "1"}})
    refs = [weakref.ref(message), weakref.ref(item)]
    del message, item
    gc.collect()
    assert [ref() for ref in refs] == [None, None]
