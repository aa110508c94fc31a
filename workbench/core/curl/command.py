"""A parsed curl command, and the error for one that cannot be imported."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.config import Pairs


class CurlImportError(ValueError):
    """A command that cannot be imported; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CurlCommand:
    """What a curl command would send, as far as the workbench understands it.

    ``headers`` are the ones the command names (``-H``, ``-A``, ``-e``, ``-b``, ``--json``,
    ``--oauth2-bearer``); curl itself adds ``Content-Type: application/x-www-form-urlencoded``
    when data is sent without one, plus Host, User-Agent and Accept.
    """

    method: str
    url: str
    headers: Pairs = ()
    body: bytes = b""
    user: str | None = None
    """The ``-u`` value as written (``id:secret`` or just ``id``)."""
    insecure: bool = False
    max_time_s: float | None = None

    @property
    def import_warnings(self) -> tuple[str, ...]:
        """What the user should hear when this command is imported (TLS turned off)."""
        if not self.insecure:
            return ()
        return (
            "The command turns TLS verification off (-k/--insecure), and so does the import: "
            "secrets will go to a server whose certificate is not checked. Turn verification "
            "back on unless this server cannot be verified.",
        )
