"""The lambda service: moto backend plus our listeners and patches."""
