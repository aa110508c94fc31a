"""A local provider that behaves like GetResponse API v3 (or a plain RFC 6749 server)."""
