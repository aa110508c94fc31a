"""A local provider that behaves like GetResponse API v3 (or a plain RFC 6749 server)."""

from workbench.sandbox.clock import SandboxClock
from workbench.sandbox.messages import SandboxRequest, SandboxResponse
from workbench.sandbox.provider import DEFAULT_CLIENTS, Provider, TokenErrors
from workbench.sandbox.server import Sandbox

__all__ = [
    "DEFAULT_CLIENTS",
    "Provider",
    "Sandbox",
    "SandboxClock",
    "SandboxRequest",
    "SandboxResponse",
    "TokenErrors",
]
