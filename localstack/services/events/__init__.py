"""The events service: moto backend plus our listeners and patches."""
