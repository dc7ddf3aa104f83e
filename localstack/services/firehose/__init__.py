"""The firehose service: moto backend plus our listeners and patches."""
