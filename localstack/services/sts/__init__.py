"""The sts service: moto backend plus our listeners and patches."""
