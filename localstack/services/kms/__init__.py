"""The kms service: moto backend plus our listeners and patches."""
