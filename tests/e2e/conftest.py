"""End-to-end fixtures: a real OpenID provider (oidc-provider under Node) on loopback."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

OIDC_DIR = Path(__file__).parent / "oidc"
READY_PREFIX = "READY "
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class OidcProvider:
    """A running oidc-provider: its issuer, and the private keys of its private_key_jwt client."""

    issuer: str
    ec_private_key_pem: str = field(repr=False)
    rsa_private_key_pem: str = field(repr=False)
    output: list[str] = field(default_factory=list, repr=False)
    """Everything the server printed, for diagnostics."""


def _pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _require_node_modules() -> str:
    """The ``node`` executable; fails (never skips) when the provider is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the oidc-provider end-to-end tests; install it.")
    if not (OIDC_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        pytest.fail(
            "oidc-provider is not installed: run `npm ci` in tests/e2e/oidc "
            "(`make test` does it for you)."
        )
    return node


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcProvider]:
    """Start ``tests/e2e/oidc/server.mjs`` on a free loopback port for the whole session."""
    node = _require_node_modules()
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks = {
        "keys": [
            {**ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True), "kid": "e2e-ec"},
            {**RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True), "kid": "e2e-rsa"},
        ]
    }
    env = {**os.environ, "OIDC_PRIVATE_KEY_JWT_JWKS": json.dumps(jwks)}
    process = subprocess.Popen(
        [node, "server.mjs", "0"],
        cwd=OIDC_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    assert process.stdout is not None
    output: list[str] = []
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        """Read every line the server prints so its pipe never fills; None marks the end."""
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line.rstrip("\n"))
            lines.put(line.rstrip("\n"))
        lines.put(None)

    reader = threading.Thread(target=pump, name="oidc-provider-output", daemon=True)
    reader.start()
    try:
        issuer = _wait_for_ready(lines, output)
        yield OidcProvider(issuer, _pem(ec_key), _pem(rsa_key), output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=STOP_TIMEOUT_S)
        process.stdout.close()


def _wait_for_ready(lines: queue.Queue[str | None], output: list[str]) -> str:
    """Block until the server prints its READY line; fail with its output if it never does."""
    while True:
        try:
            line = lines.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            pytest.fail(
                f"oidc-provider printed no READY line within {START_TIMEOUT_S:.0f} s:\n"
                + "\n".join(output)
            )
        if line is None:
            pytest.fail("oidc-provider exited before it was ready:\n" + "\n".join(output))
        if line.startswith(READY_PREFIX):
            return line.removeprefix(READY_PREFIX).strip()
