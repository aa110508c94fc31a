"""Where the sample files written for these tests are, and the fake secrets they hold."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_SECRETS = (
    "FAKE-client-secret-0000",
    "FAKE0000apikey",
    "FAKE1111apikey",
    "FAKE2222apikey",
    "FAKE3333apikey",
    "FAKE-static-bearer-0000",
    "FAKE-password-0000",
)
"""Every obviously fake secret in the samples: none may ever reach a file the workbench writes."""
