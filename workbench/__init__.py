"""OAuth Workbench: get, watch and use OAuth 2.0 client-credentials tokens."""

__version__ = "0.1.0"
