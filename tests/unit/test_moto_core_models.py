"""The server's moto.core.models (services/moto_core_models.py): moto's services import without the
mock machinery, and mock_aws still works when something asks for it."""

import subprocess
import sys

CODE = """
import sys
from localstack.utils import lazy_imports
lazy_imports.install()
import moto.s3.models, moto.sqs.models, moto.dynamodb.models
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.werkzeug_app import create_backend_app
assert DEFAULT_ACCOUNT_ID == "123456789012"
heavy = [name for name in ("responses", "unittest.mock", "asyncio") if name in sys.modules]
assert not heavy, heavy
create_backend_app("s3")

import boto3
from moto import mock_aws
with mock_aws():
    s3 = boto3.client("s3", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    s3.create_bucket(Bucket="bucket-in-a-mock")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["bucket-in-a-mock"]

@mock_aws
def queue_url():
    sqs = boto3.client("sqs", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    return sqs.create_queue(QueueName="q")["QueueUrl"]

assert queue_url().endswith("/123456789012/q"), queue_url()
"""


def test_moto_imports_without_its_mock_machinery_which_still_works_on_demand() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
