"""Integration tests use the DynamoDB Local and dev-server fixtures of tests/conftest.py."""
