"""Deferred modules (utils/lazy_imports.py): run once, on first attribute access, whichever thread."""

import builtins
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from localstack.utils import lazy_imports


@pytest.fixture
def deferred_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    package = tmp_path / "ls_deferred_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "heavy.py").write_text(
        "import time\nRUNS = __import__('builtins').__dict__.setdefault('_ls_heavy_runs', [])\n"
        "RUNS.append(1)\ntime.sleep(0.05)\nVALUE = 42\n\ndef answer():\n    return VALUE\n\n"
        "class Klass:\n    pass\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    (package / "sub").mkdir()
    (package / "sub" / "__init__.py").write_text("__import__('builtins').__dict__['_ls_sub_ran'] = True\n")
    (package / "sub" / "leaf.py").write_text("LEAF = 'leaf'\n")
    finder = lazy_imports._DeferringFinder(
        {"ls_deferred_pkg.heavy": frozenset({"answer", "Klass"}), "ls_deferred_pkg.sub": frozenset()}
    )
    sys.meta_path.insert(0, finder)
    yield "ls_deferred_pkg.heavy"
    sys.meta_path.remove(finder)
    for name in list(sys.modules):
        if name.startswith("ls_deferred_pkg"):
            sys.modules.pop(name)
    builtins.__dict__.pop("_ls_heavy_runs", None)
    builtins.__dict__.pop("_ls_sub_ran", None)


def test_module_runs_on_first_attribute_access(deferred_package: str) -> None:
    from ls_deferred_pkg import heavy  # type: ignore[import-not-found]

    assert "_ls_heavy_runs" not in builtins.__dict__
    import ls_deferred_pkg.heavy  # noqa: F401 - a second import statement does not run it either

    assert "_ls_heavy_runs" not in builtins.__dict__
    assert heavy.answer() == 42
    assert builtins.__dict__["_ls_heavy_runs"] == [1]
    assert type(heavy) is type(sys)


def test_threads_touching_it_at_once_see_it_whole_and_run_it_once(deferred_package: str) -> None:
    from ls_deferred_pkg import heavy

    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(heavy.VALUE)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [42] * 8
    assert builtins.__dict__["_ls_heavy_runs"] == [1]


def test_a_name_imported_from_it_runs_it_when_first_called(deferred_package: str) -> None:
    from ls_deferred_pkg.heavy import answer  # type: ignore[import-not-found]

    assert "_ls_heavy_runs" not in builtins.__dict__
    assert answer() == 42
    assert answer.__name__ == "answer"
    assert builtins.__dict__["_ls_heavy_runs"] == [1]


def test_a_deferred_class_in_an_annotation_evaluated_at_definition(deferred_package: str) -> None:
    """`Name | None` and `Name[...]` at class definition (samtranslator annotates with boto3's Session,
    which is deferred) run the module and use the real class."""
    from ls_deferred_pkg.heavy import Klass  # type: ignore[import-not-found]

    union = Klass | None
    assert builtins.__dict__["_ls_heavy_runs"] == [1]
    from ls_deferred_pkg import heavy

    assert union == (heavy.Klass | None)
    assert (None | Klass) == (None | heavy.Klass)


def test_other_names_run_it_at_once(deferred_package: str) -> None:
    from ls_deferred_pkg.heavy import VALUE  # type: ignore[import-not-found]

    assert VALUE == 42
    assert builtins.__dict__["_ls_heavy_runs"] == [1]


def test_a_submodule_of_a_deferred_package_imports_without_running_the_package(deferred_package: str) -> None:
    from ls_deferred_pkg.sub.leaf import LEAF  # type: ignore[import-not-found]

    assert LEAF == "leaf"
    assert "_ls_sub_ran" not in builtins.__dict__
    import ls_deferred_pkg.sub  # type: ignore[import-not-found]

    assert ls_deferred_pkg.sub.leaf.LEAF == "leaf"
    assert builtins.__dict__["_ls_sub_ran"] is True


def test_moto_sns_and_iam_import_without_cryptographys_extension() -> None:
    """What the deferred names are for: a fresh interpreter importing moto's SNS and IAM models (as the
    server does on the first SNS or S3 call) loads no OpenSSL binding, and signing still works."""
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import moto.sns.models, moto.iam.models\n"
        "loaded = sorted(m for m in sys.modules if m.endswith(('_rust', '_openssl')))\n"
        "assert not loaded, loaded\n"
        "m = moto.sns.models\n"
        "name = m.Name([m.NameAttribute(m.NameOID.COUNTRY_NAME, 'US')])\n"
        "assert name.rfc4514_string() == 'C=US', name\n"
        "assert m.hashes.SHA256().name == 'sha256'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_released_global_is_emptied_and_its_module_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "ls_released_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "data.py").write_text("TEXT = 'x' * 100_000\n")
    (package / "user.py").write_text("from .data import TEXT\n\ndef size():\n    return len(TEXT)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = lazy_imports._DeferringFinder({}, {"ls_released_pkg.user": ("TEXT", "ls_released_pkg.data")})
    sys.meta_path.insert(0, finder)
    try:
        from ls_released_pkg import user  # type: ignore[import-not-found]

        assert user.TEXT == "" and user.size() == 0
        assert "ls_released_pkg.data" not in sys.modules
        assert not hasattr(sys.modules["ls_released_pkg"], "data")
        from ls_released_pkg.data import TEXT  # type: ignore[import-not-found]

        assert len(TEXT) == 100_000  # imported afresh by whoever asks for it
    finally:
        sys.meta_path.remove(finder)
        for name in list(sys.modules):
            if name.startswith("ls_released_pkg"):
                sys.modules.pop(name)


def test_requests_imports_without_charset_normalizer_which_runs_when_asked() -> None:
    """requests reads charset_normalizer's version at import (served from its light version module);
    the package itself runs only when a response's encoding has to be guessed."""
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import requests\n"
        "assert not any(m.startswith('charset_normalizer.') and m != 'charset_normalizer.version'\n"
        "               for m in sys.modules), sorted(sys.modules)\n"
        "response = requests.models.Response()\n"
        "response._content = 'h\\u00e9llo w\\u00f6rld, encoded as UTF-8'.encode()\n"
        "assert response.apparent_encoding == 'utf-8', response.apparent_encoding\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_moto_imports_boto3_types_without_boto3_which_runs_when_used() -> None:
    code = (
        "import sys\n"
        "from decimal import Decimal\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import moto.dynamodb.models, moto.s3.models\n"
        "from moto.dynamodb.models.dynamo_type import TypeSerializer\n"
        "loaded = [m for m in ('s3transfer', 'boto3.session', 'boto3.resources') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "assert TypeSerializer().serialize({'n': Decimal('1.5')}) == {'M': {'n': {'N': '1.5'}}}\n"
        "import boto3\n"
        "client = boto3.session.Session().client('sqs', region_name='eu-west-1',\n"
        "                                         aws_access_key_id='a', aws_secret_access_key='b')\n"
        "assert client.meta.region_name == 'eu-west-1'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_botocore_imports_without_its_documentation_builders_which_run_when_a_client_is_made() -> None:
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import botocore.session, botocore.handlers, moto.s3.models\n"
        "ran = [m for m in ('botocore.docs.service', 'botocore.docs.method', 'html.parser')\n"
        "       if m in sys.modules]\n"
        "assert not ran, ran\n"
        "import boto3, boto3.docs\n"
        "session = boto3.session.Session(region_name='eu-west-1', aws_access_key_id='a',\n"
        "                                aws_secret_access_key='b')\n"
        "client = session.client('sqs', endpoint_url='http://127.0.0.1:9')\n"
        "assert 'QueueUrl' in str(client.send_message.__doc__)\n"
        "assert 'PaginationConfig' in str(client.get_paginator('list_queues').paginate.__doc__)\n"
        "assert 'WaiterConfig' in str(session.client('s3').get_waiter('bucket_exists').wait.__doc__)\n"
        "bucket = session.resource('s3').Bucket('b')\n"
        "assert 'ObjectSummary' in str(bucket.objects.all.__doc__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_moto_s3_imports_without_cloudwatch_and_eventbridge_backends_which_run_when_used() -> None:
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "from moto.s3.models import S3Backend, s3_backends\n"
        "ran = [m for m in ('moto.events.models', 'moto.cloudwatch.utils') if m in sys.modules]\n"
        "assert not ran, ran\n"
        "s3_backends['123456789012']['aws'].create_bucket('bucket-one', 'us-east-1')\n"
        "metrics = S3Backend.get_cloudwatch_metrics('123456789012', 'us-east-1')\n"
        "assert [m.name for m in metrics] == ['BucketSizeBytes', 'NumberOfObjects'], metrics\n"
        "from moto.events.models import events_backends\n"
        "from moto.cloudwatch.models import cloudwatch_backends\n"
        "import moto.events, moto.cloudwatch\n"
        "assert moto.events.events_backends is events_backends\n"
        "assert moto.cloudwatch.cloudwatch_backends is cloudwatch_backends\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_moto_imports_without_botocores_client_machinery_which_runs_when_a_session_is_made() -> None:
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import moto.s3.models, moto.s3.responses, moto.sqs.models\n"
        "from moto.core.utils import service_name_from_moto_package_name\n"
        "ran = [m for m in ('botocore.client', 'botocore.waiter', 'botocore.args') if m in sys.modules]\n"
        "assert not ran, ran\n"
        "assert service_name_from_moto_package_name('resourcegroupstaggingapi') == (\n"
        "    'resourcegroupstaggingapi')\n"
        "assert service_name_from_moto_package_name('s3control') == 's3control'\n"
        "import botocore.session\n"
        "client = botocore.session.get_session().create_client(\n"
        "    'sqs', region_name='eu-west-1', aws_access_key_id='a', aws_secret_access_key='b')\n"
        "assert client.meta.region_name == 'eu-west-1'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_moto_requests_run_no_iam_until_iam_is_used() -> None:
    """moto's every request looks up the access key in moto's IAM: until IAM has run no key exists,
    the lookups answer without running it, and once IAM has issued a key they find it."""
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "from localstack.services import moto_apps\n"
        "moto_apps.setup_moto()\n"
        "from moto.s3.responses import S3Response\n"
        "from moto.iam.models import get_account_id_from, mark_account_as_visited\n"
        "assert get_account_id_from('AKIAUNKNOWN') == '123456789012'\n"
        "mark_account_as_visited('123456789012', 'AKIAUNKNOWN', 's3', 'us-east-1')\n"
        "S3Response()._authenticate_and_authorize_s3_action(bucket_name='b')\n"
        "ran = [m for m in ('moto.iam.access_control', 'moto.sts.models', 'botocore.credentials')\n"
        "       if m in sys.modules]\n"
        "assert not ran, ran\n"
        "assert lazy_imports.is_pending(sys.modules['moto.iam.models'])\n"
        "from moto.iam.models import iam_backends\n"
        "iam = iam_backends['111122223333']['aws']\n"
        "iam.create_user('us-east-1', 'u')\n"
        "key = iam.create_access_key('u').access_key_id\n"
        "from moto.iam.models import get_account_id_from\n"
        "assert get_account_id_from(key) == '111122223333'\n"
        "from localstack.services import moto_iam_lookups\n"
        "assert moto_iam_lookups.get_account_id_from(key) == '111122223333'\n"
        "moto_iam_lookups.mark_account_as_visited('111122223333', key, 's3', 'us-east-1')\n"
        "assert iam.access_keys[key].last_used.service == 's3'\n"
        "from localstack.utils.aws.request_context import account_for_access_key\n"
        "assert account_for_access_key(key) == '111122223333'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_moto_checks_access_as_before_once_its_checks_are_on() -> None:
    """With moto's access checks turned on (INITIAL_NO_AUTH_ACTION_COUNT), an unknown key is refused
    as moto refuses it: the counting without the import changes nothing once they are on."""
    code = (
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "from localstack.services import moto_apps\n"
        "moto_apps.setup_moto()\n"
        "from moto import settings\n"
        "from moto.core.authorization import ActionAuthenticatorMixin\n"
        "from moto.s3.responses import S3Response\n"
        "settings.INITIAL_NO_AUTH_ACTION_COUNT = 1\n"
        "response = S3Response()\n"
        "response._authenticate_and_authorize_s3_action(bucket_name='b')\n"
        "assert ActionAuthenticatorMixin.request_count == 1\n"
        "response.current_account = '123456789012'\n"
        "response.method, response.uri, response.raw_path = 'GET', 'http://localhost/', '/'\n"
        "response.data, response.raw_body, response.body = {}, b'', b''\n"
        "response.headers = {'Authorization': 'AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/20260101/'\n"
        "    'us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x', 'host': 'localhost'}\n"
        "response.region = 'us-east-1'\n"
        "response._get_action = lambda: 'ListAllMyBuckets'\n"
        "try:\n"
        "    response._authenticate_and_authorize_s3_action()\n"
        "except Exception as error:\n"
        "    assert type(error).__name__ == 'S3InvalidAccessKeyIdError', repr(error)\n"
        "else:\n"
        "    raise AssertionError('an unknown key was let through')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_when_imported_runs_after_the_module_runs_or_now(deferred_package: str) -> None:
    seen: list[str] = []
    lazy_imports.when_imported("json", lambda module: seen.append(module.__name__))
    assert seen == ["json"]  # imported already: at once
    installed = lazy_imports._installed
    lazy_imports._installed = lazy_imports._DeferringFinder({})
    try:
        finder = next(f for f in sys.meta_path if isinstance(f, lazy_imports._DeferringFinder))
        # Deferred and not run yet: when it runs.
        from ls_deferred_pkg import heavy

        lazy_imports.when_imported("ls_deferred_pkg.heavy", lambda module: seen.append(module.VALUE))
        assert seen == ["json"]
        assert heavy.answer() == 42
        assert seen == ["json", 42]
        # Not imported yet: right after its import, by the finder.
        lazy_imports.when_imported("ls_deferred_pkg.sub.leaf", lambda module: seen.append(module.LEAF))
        assert seen == ["json", 42]
        assert finder.find_spec is not None
        import ls_deferred_pkg.sub.leaf  # type: ignore[import-not-found]  # noqa: F401

        assert seen == ["json", 42, "leaf"]
    finally:
        lazy_imports._installed = installed
        lazy_imports._WHEN_IMPORTED.clear()


def test_moto_imports_without_requests_and_minidom_which_run_when_used() -> None:
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import moto.s3.responses, moto.sqs.responses, moto.core.authorization\n"
        "ran = [m for m in ('requests.sessions', 'requests.adapters', 'http.cookiejar', 'idna',\n"
        "                   'xml.dom.minicompat') if m in sys.modules]\n"
        "assert not ran, ran\n"
        "from requests.structures import CaseInsensitiveDict\n"
        "assert CaseInsensitiveDict({'A': 1})['a'] == 1\n"
        "import requests\n"
        "session = requests.Session()\n"
        "assert session.get_adapter('http://127.0.0.1/') is not None\n"
        "assert requests.compat.cookielib.CookieJar\n"
        "from xml.dom import minidom\n"
        "assert minidom.parseString('<a><b>x</b></a>').documentElement.tagName == 'a'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_botocore_imports_without_urllib3_which_runs_when_a_client_sends() -> None:
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import botocore.utils, botocore.auth, botocore.parsers, moto.s3.responses, moto.core.request\n"
        "ran = [m for m in ('urllib3.connectionpool', 'urllib3.poolmanager') if m in sys.modules]\n"
        "assert not ran, ran\n"
        "from botocore.compat import exceptions\n"
        "from urllib3.exceptions import LocationParseError\n"
        "assert exceptions.LocationParseError is LocationParseError\n"
        "from moto.core.request import Request, normalize_request\n"
        "try:\n"
        "    normalize_request(object())\n"
        "except TypeError:\n"
        "    pass\n"
        "from botocore.awsrequest import AWSRequest\n"
        "prepared = AWSRequest('GET', 'http://localhost/b?x=1', data=b'').prepare()\n"
        "assert isinstance(normalize_request(prepared), Request)\n"
        "import urllib3\n"
        "assert urllib3.PoolManager(maxsize=1) and urllib3.exceptions is exceptions\n"
        "import boto3\n"
        "client = boto3.session.Session().client('sqs', region_name='eu-west-1',\n"
        "    endpoint_url='http://127.0.0.1:9', aws_access_key_id='a', aws_secret_access_key='b')\n"
        "try:\n"
        "    client.list_queues()\n"
        "except Exception as error:\n"
        "    assert 'EndpointConnectionError' in type(error).__name__, repr(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_submodule_that_needs_its_deferred_package_runs_the_package_first() -> None:
    """moto's mock machinery imports `requests.adapters` first thing (Step Functions' parser does):
    the package runs first, as an ordinary import would, and the submodule exists once."""
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import moto.s3.responses, botocore.utils\n"
        "from requests.adapters import HTTPAdapter\n"
        "import requests\n"
        "adapters = sys.modules['requests.adapters']\n"
        "assert requests.adapters.HTTPAdapter is HTTPAdapter is adapters.HTTPAdapter\n"
        "assert requests.adapters.__spec__.name == 'requests.adapters'\n"
        "from urllib3.connectionpool import HTTPConnectionPool\n"
        "import urllib3\n"
        "assert urllib3.HTTPConnectionPool is HTTPConnectionPool\n"
        "assert requests.Session().get_adapter('http://x/').__class__ is HTTPAdapter\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_moto_imports_without_version_lookups_timestamp_parser_and_jmespath() -> None:
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import moto.core.utils, botocore.utils, moto.utilities.paginator, moto.s3.responses\n"
        "ran = [m for m in ('dateutil.parser._parser', 'dateutil.parser.isoparser', 'jmespath.parser')\n"
        "       if m in sys.modules]\n"
        "assert not ran, ran\n"
        "assert lazy_imports.is_pending(sys.modules['moto.core.versions'])\n"
        "assert moto.core.utils.PYTHON_311 == (sys.version_info >= (3, 11))\n"
        "from moto.core.versions import is_werkzeug_2_3_x, BOTOCORE_VERSION\n"
        "import botocore\n"
        "assert is_werkzeug_2_3_x() and BOTOCORE_VERSION == botocore.__version__\n"
        "assert botocore.utils.parse_timestamp('2020-01-02T03:04:05Z').day == 2\n"
        "from dateutil.parser._parser import parser\n"
        "import dateutil.parser\n"
        "assert dateutil.parser.parser is parser and dateutil.parser.parse('2021-05-06').month == 5\n"
        "import jmespath\n"
        "assert jmespath.search('a.b', {'a': {'b': 1}}) == 1\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_moto_requests_import_without_botocores_checksum_module_which_runs_when_used() -> None:
    code = (
        "import io, sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import moto.core.request\n"
        "ran = [m for m in ('botocore.response', 'botocore.parsers', 'botocore.hooks') if m in sys.modules]\n"
        "assert not ran, ran\n"
        "from moto.core.request import AwsChunkedWrapper\n"
        "assert not isinstance(io.BytesIO(b'x'), AwsChunkedWrapper)\n"
        "wrapped = AwsChunkedWrapper(io.BytesIO(b'abc'))\n"
        "assert isinstance(wrapped, AwsChunkedWrapper) and b'abc' in wrapped.read()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_werkzeug_imports_without_its_dev_server_and_test_client_which_load_when_named() -> None:
    """The server's werkzeug package leaves out `werkzeug.serving` and `werkzeug.test` (its `__init__`
    imports both); its four names still import from their submodules when read, and every submodule
    imports as usual."""
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "from localstack.services.infra import Infrastructure\n"
        "from werkzeug.datastructures import Headers\n"
        "import werkzeug\n"
        "left = [m for m in ('werkzeug.serving', 'werkzeug.test', 'http.server') if m in sys.modules]\n"
        "assert not left, left\n"
        "assert werkzeug.__path__ and werkzeug.datastructures.Headers is Headers\n"
        "from werkzeug import Request, Response, Client, run_simple\n"
        "from werkzeug.test import Client as RealClient\n"
        "from werkzeug.wrappers import Response as RealResponse\n"
        "assert Client is RealClient and Response is RealResponse and callable(run_simple)\n"
        "assert Client(Response(b'ok')).get('/').data == b'ok'\n"
        "try:\n"
        "    werkzeug.no_such_name\n"
        "except AttributeError as error:\n"
        "    assert 'no_such_name' in str(error)\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
