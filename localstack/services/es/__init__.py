"""The es service: moto backend plus our listeners and patches."""
