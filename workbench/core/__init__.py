"""The model layer: pure Python, no Qt. Credentials, the exchange, tokens, problems, exports."""
