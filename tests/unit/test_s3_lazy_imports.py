"""S3's listener leaves the modules of operations other than the plain ones unimported until their
operation is handled (start-up: the first request imports only what it needs)."""

import subprocess
import sys

from localstack.services.s3 import post_form, s3_listener

_LAZY = (
    "bucket_listing",
    "conditional_deletes",
    "creation_tags",
    "id_configurations",
    "multipart_checksums",
    "notification_config",
    "policy_checks",
    "post_form",
    "request_payment",
    "upload_listing",
    "version_listing",
    "website_checks",
)


def test_form_header_is_the_form_parsers() -> None:
    assert s3_listener.FORM_HEADER == post_form.FORM_HEADER


def test_listener_import_leaves_other_operations_modules_unimported() -> None:
    probe = (
        "import sys\n"
        "import localstack.services.s3.s3_listener\n"
        f"print(','.join(m for m in {_LAZY!r} if 'localstack.services.s3.' + m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
