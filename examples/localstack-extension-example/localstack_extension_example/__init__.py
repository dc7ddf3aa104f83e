"""An example localstack extension: a call-counting listener, its routes, and a tiny notes service."""
