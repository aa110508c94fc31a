"""The command line: the GUI (default), ``--demo``, ``sandbox``, ``token`` and ``call``.

Nothing heavier than argparse is imported at package level (``workbench --version`` stays
fast) and the token/call/sandbox paths never load Qt. The model, ``requests`` and even the
standard library modules only some paths need are imported inside the functions using them.
"""

from __future__ import annotations

from workbench.cli.entry import main

__all__ = ["main"]
