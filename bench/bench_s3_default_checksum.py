"""The default CRC64NVME of an object uploaded without a checksum: PutObject MB/s and server CPU, then the
first GetObject that asks for checksums (ChecksumMode=ENABLED, as boto3 sends by default) and its server CPU.

Server CPU is the server process's user+system time (children included: a checksum computed in a helper
process counts), so the figures hold on a loaded machine better than wall time.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import psutil

from bench.servers import client
from tests.server_process import start_server

MIB = 1024 * 1024
BUCKET = "bench-default-checksum"


def _cpu(process: psutil.Process) -> float:
    total = process.cpu_times()
    children = sum(c.cpu_times().user + c.cpu_times().system for c in process.children(recursive=True))
    return total.user + total.system + total.children_user + total.children_system + children


def _measure(url: str, pid: int, source: Path, size: int) -> dict:
    process = psutil.Process(pid)
    s3 = client("s3", url, timeout=600, request_checksum_calculation="when_required")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="warm-up", Body=b"x" * 1024)
    figures: dict = {"object_mib": size // MIB}
    cpu, started = _cpu(process), time.perf_counter()
    with open(source, "rb") as body:
        s3.put_object(Bucket=BUCKET, Key="plain", Body=body)
    seconds = time.perf_counter() - started
    figures["put_mb_per_s"] = round(size / MIB / seconds, 1)
    figures["put_server_cpu_s"] = round(_cpu(process) - cpu, 2)
    time.sleep(float(os.environ.get("BENCH_PAUSE", "0")))
    cpu, started = _cpu(process), time.perf_counter()
    answer = s3.get_object(Bucket=BUCKET, Key="plain", ChecksumMode="ENABLED")
    for _ in answer["Body"].iter_chunks(MIB):
        pass
    figures["first_get_s"] = round(time.perf_counter() - started, 2)
    figures["first_get_server_cpu_s"] = round(_cpu(process) - cpu, 2)
    figures["checksum"] = answer.get("ChecksumCRC64NVME")
    s3.delete_object(Bucket=BUCKET, Key="plain")
    return figures


def run(size_mib: int = 256) -> dict:
    size = size_mib * MIB
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "object.bin"
        with open(source, "wb") as out:
            for _ in range(size_mib):
                out.write(os.urandom(MIB))
        server = start_server(Path(tmp), services=["s3"], extra_env={"DEBUG": "0"})
        try:
            return _measure(server.edge_url, server.process.pid, source, size)
        finally:
            server.stop()


if __name__ == "__main__":
    import sys

    mib = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    for name, value in run(mib).items():
        print(f"{name}: {value}")
