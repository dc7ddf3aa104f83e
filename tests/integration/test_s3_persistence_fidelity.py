"""What this session's S3 keeps outside moto's own fields (a directory bucket's zone, configurations by
id, who pays, tags sent with CreateBucket) survives a restart, clean or killed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.persistent_server import PersistentServer

DIRECTORY = "kept--use1-az4--x-s3"
GENERAL = "kept-general"


def _fill(server: PersistentServer) -> None:
    s3 = server.client("s3")
    s3.create_bucket(
        Bucket=DIRECTORY,
        CreateBucketConfiguration={
            "Location": {"Type": "AvailabilityZone", "Name": "use1-az4"},
            "Bucket": {"DataRedundancy": "SingleAvailabilityZone", "Type": "Directory"},
        },
    )
    s3.put_object(Bucket=DIRECTORY, Key="k", Body=b"zonal")
    s3.create_bucket(Bucket=GENERAL, CreateBucketConfiguration={"Tags": [{"Key": "team", "Value": "a"}]})
    s3.put_bucket_metrics_configuration(Bucket=GENERAL, Id="m", MetricsConfiguration={"Id": "m"})
    s3.put_bucket_request_payment(Bucket=GENERAL, RequestPaymentConfiguration={"Payer": "Requester"})


def _read(server: PersistentServer) -> dict:
    s3 = server.client("s3")
    return {
        "zone": s3.head_bucket(Bucket=DIRECTORY)["BucketLocationName"],
        "directories": [b["Name"] for b in s3.list_directory_buckets()["Buckets"]],
        "general": [b["Name"] for b in s3.list_buckets()["Buckets"]],
        "object": s3.get_object(Bucket=DIRECTORY, Key="k")["Body"].read(),
        "tags": s3.get_bucket_tagging(Bucket=GENERAL)["TagSet"],
        "metrics": s3.get_bucket_metrics_configuration(Bucket=GENERAL, Id="m")["MetricsConfiguration"],
        "payer": s3.get_bucket_request_payment(Bucket=GENERAL)["Payer"],
    }


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_s3_state_of_our_own_survives_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["s3"]).start()
    try:
        _fill(server)
        before = _read(server)
        assert before["directories"] == [DIRECTORY] and before["general"] == [GENERAL]
        server.restart(kill=(how == "kill"))
        assert _read(server) == before
    finally:
        server.stop()
