"""Function URLs: `http://<url-id>.lambda-url.<region>.localhost.localstack.cloud/` invoke functions."""

from localstack.services.generic_proxy import ProxyListener


class FunctionUrlListener(ProxyListener):
    """Passes every request on until function URL invocation is written."""
