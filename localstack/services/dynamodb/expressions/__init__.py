"""DynamoDB's expression language: lexer, parser (condition, projection, update) and semantic checks."""
