"""The kinesis service: moto backend plus our listeners and patches."""
