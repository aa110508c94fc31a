"""Hostile servers: a loopback server that misbehaves on purpose, one way per path (issue 7)."""
