"""Server memory while large S3 objects pass through: peak RSS during a PutObject, a GetObject and a
multipart upload (the transfer manager) of one object, and RSS once the objects are deleted.

Targets (issue 14): PUT and GET of 1 GiB keep the server under 200 MB RSS; after the delete, RSS is
within 20 MB of its level before the upload.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import psutil
from boto3.s3.transfer import TransferConfig

from bench.servers import client
from tests.server_process import start_server

MIB = 1024 * 1024
TARGET_PEAK_MB = 200.0
TARGET_RETURN_MB = 20.0
BUCKET = "bench-large-objects"


class PeakSampler:
    """Samples a process's RSS every few milliseconds while a phase runs."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)

    def rss_mb(self) -> float:
        return self.process.memory_info().rss / MIB

    def peak_during(self, work: Callable[[], None]) -> tuple[float, float]:
        """(peak RSS in MB, seconds) while `work` runs."""
        peak = [self.rss_mb()]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], self.rss_mb())
                done.wait(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        try:
            work()
        finally:
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
        return round(max(peak[0], self.rss_mb()), 1), round(elapsed, 2)


def _make_file(path: Path, size: int) -> str:
    """A file of non-repeating bytes; its MD5."""
    digest = hashlib.md5()
    block = os.urandom(MIB)
    with open(path, "wb") as out:
        for index in range(size // MIB):
            piece = index.to_bytes(8, "big") + block[8:]
            out.write(piece)
            digest.update(piece)
    return digest.hexdigest()


def _settled_rss(sampler: PeakSampler, seconds: float = 1.0) -> float:
    time.sleep(seconds)
    return round(sampler.rss_mb(), 1)


def _measure(url: str, sampler: PeakSampler, source: Path, size: int, expected_md5: str) -> dict:
    s3 = client("s3", url, timeout=300)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="warm-up", Body=b"x" * 1024)
    s3.get_object(Bucket=BUCKET, Key="warm-up")["Body"].read()
    figures: dict = {"object_mib": size // MIB, "rss_before_mb": _settled_rss(sampler)}

    def put() -> None:
        with open(source, "rb") as body:
            s3.put_object(Bucket=BUCKET, Key="single", Body=body)

    figures["put_peak_rss_mb"], seconds = sampler.peak_during(put)
    figures["put_mb_per_s"] = round(size / MIB / seconds, 1)

    received = hashlib.md5()

    def get() -> None:
        for piece in s3.get_object(Bucket=BUCKET, Key="single")["Body"].iter_chunks(MIB):
            received.update(piece)

    figures["get_peak_rss_mb"], seconds = sampler.peak_during(get)
    figures["get_mb_per_s"] = round(size / MIB / seconds, 1)
    figures["get_intact"] = received.hexdigest() == expected_md5

    s3.delete_object(Bucket=BUCKET, Key="single")
    figures["rss_after_delete_mb"] = _settled_rss(sampler, 2.0)
    figures["rss_returned_within_mb"] = round(figures["rss_after_delete_mb"] - figures["rss_before_mb"], 1)

    config = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, max_concurrency=10)
    figures["multipart_peak_rss_mb"], seconds = sampler.peak_during(
        lambda: s3.upload_file(str(source), BUCKET, "multipart", Config=config)
    )
    figures["multipart_mb_per_s"] = round(size / MIB / seconds, 1)

    s3.delete_object(Bucket=BUCKET, Key="multipart")
    figures["rss_after_multipart_delete_mb"] = _settled_rss(sampler, 2.0)
    peak = max(figures["put_peak_rss_mb"], figures["get_peak_rss_mb"])
    figures["put_get_under_200mb"] = peak < TARGET_PEAK_MB
    figures["rss_returns_within_20mb"] = figures["rss_returned_within_mb"] < TARGET_RETURN_MB
    return figures


def run(quick: bool = False) -> dict:
    size = (256 if quick else 1024) * MIB
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "object.bin"
        expected_md5 = _make_file(source, size)
        server = start_server(Path(tmp), services=["s3"], extra_env={"DEBUG": "0"})
        try:
            return _measure(server.edge_url, PeakSampler(server.process.pid), source, size, expected_md5)
        finally:
            server.stop()


if __name__ == "__main__":
    import sys

    for name, value in run(quick="--quick" in sys.argv).items():
        print(f"{name}: {value}")
