"""The workbench's client: get a token, call an API with it, record every exchange."""

from __future__ import annotations

# Interface agreed between the layers; the implementation lands with issue 2.
