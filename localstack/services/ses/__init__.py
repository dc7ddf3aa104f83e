"""The ses service: moto backend plus our listeners and patches."""
