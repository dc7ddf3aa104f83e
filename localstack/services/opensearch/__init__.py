"""The opensearch service: moto backend plus our listeners and patches."""
