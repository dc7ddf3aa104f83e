"""The cloudformation service: moto backend plus our listeners and patches."""
