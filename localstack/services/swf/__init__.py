"""The swf service: moto backend plus our listeners and patches."""
