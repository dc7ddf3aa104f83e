"""The dynamodbstreams service: moto backend plus our listeners and patches."""
