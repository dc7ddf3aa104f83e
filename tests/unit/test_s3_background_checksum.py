"""The helper process that computes a large object's default CRC64NVME gives the value checksums.py does."""

from __future__ import annotations

import os

from localstack.services.s3 import background_checksum, checksums


def test_child_process_computes_the_same_crc64nvme():
    body = os.urandom(3 * 1024 * 1024 + 17)
    pieces = [body[i : i + 256 * 1024] for i in range(0, len(body), 256 * 1024)]
    assert background_checksum._in_child(None, iter(pieces)) == checksums.encoded(body, "CRC64NVME")


def test_child_process_of_an_empty_body():
    assert background_checksum._in_child(None, iter([])) == checksums.encoded(b"", "CRC64NVME")
