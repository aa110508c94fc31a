"""Saved requests: collections of named requests, variables, environments and their formats."""
