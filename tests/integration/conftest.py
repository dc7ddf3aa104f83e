"""Fixtures shared by integration test files of one service; tests/conftest.py holds the server's."""

from tests.integration.sns_fixtures import fifo_topic, sns, topic  # noqa: F401 (pytest fixtures)
