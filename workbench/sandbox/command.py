"""``workbench sandbox``: run the sandbox provider standalone until Ctrl+C or SIGTERM."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import shlex
import signal
import socket
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from workbench.sandbox.clock import TEN_YEARS_S
from workbench.sandbox.provider import (
    DEFAULT_CLIENTS,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_WINDOW_S,
    DEFAULT_TOKEN_TTL_S,
)
from workbench.sandbox.server import LOGGER, Sandbox

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_CANNOT_LISTEN = 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``workbench sandbox``."""
    parser = argparse.ArgumentParser(
        prog="workbench sandbox",
        description=(
            "Run a local provider that behaves like GetResponse API v3 (token endpoint, "
            "/v3/accounts, /v3/from-fields, /v3/campaigns, /v3/contacts), for practice offline."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=_port, default=0, help="port; 0 picks a free one")
    parser.add_argument(
        "--token-ttl",
        type=_token_ttl,
        default=DEFAULT_TOKEN_TTL_S,
        metavar="S",
        help=f"token lifetime in seconds (default {DEFAULT_TOKEN_TTL_S}, as GetResponse)",
    )
    parser.add_argument(
        "--token-errors",
        choices=("getresponse", "rfc"),
        default="getresponse",
        help="GetResponse error envelopes, or RFC 6749 §5.2 / RFC 6750 errors",
    )
    parser.add_argument(
        "--rate-limit",
        type=_positive_int,
        default=None,
        metavar="N",
        help=f"API calls per window (default {DEFAULT_RATE_LIMIT})",
    )
    parser.add_argument(
        "--rate-window",
        type=_positive_int,
        default=DEFAULT_RATE_WINDOW_S,
        metavar="S",
        help=f"rate-limit window in seconds (default {DEFAULT_RATE_WINDOW_S})",
    )
    parser.add_argument("--retry-after", action="store_true", help="send Retry-After on 429")
    parser.add_argument(
        "--x-domain",
        metavar="DOMAIN",
        default=None,
        help="require 'X-Domain: DOMAIN' on every request, as GetResponse MAX does",
    )
    parser.add_argument(
        "--client",
        action="append",
        type=_client,
        default=[],
        metavar="ID:SECRET",
        help="a client to accept (repeatable; replaces the demo client; the id has no ':')",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow listening on a non-loopback address (the sandbox has no real security)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    return parser


def run_sandbox_command(
    argv: list[str],
    *,
    stop: threading.Event | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run ``workbench sandbox ARGV``; returns the exit status.

    Serves until SIGINT or SIGTERM (or until ``stop`` is set, for callers off the main thread).
    The first line printed is exactly ``Sandbox listening on http://HOST:PORT``.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help, or a usage error already printed
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    if not args.allow_remote and not is_loopback_host(args.host):
        print(
            f"workbench sandbox: refusing to listen on {args.host}, which is not a loopback "
            "address: anyone who can reach it could use the sandbox. Use --host 127.0.0.1, "
            "or add --allow-remote if you really mean it.",
            file=err,
        )
        return EXIT_USAGE
    clients = dict(args.client) if args.client else dict(DEFAULT_CLIENTS)
    sandbox = Sandbox(
        host=args.host,
        port=args.port,
        token_ttl_s=args.token_ttl,
        token_errors=args.token_errors,
        rate_limit=args.rate_limit,
        clients=clients,
        retry_after=args.retry_after,
        rate_window_s=args.rate_window,
        require_x_domain=args.x_domain,
    )
    try:
        sandbox.start()
    except OSError as problem:
        print(f"workbench sandbox: cannot listen on {args.host}:{args.port}: {problem}", file=err)
        return EXIT_CANNOT_LISTEN
    log_handler = None if args.quiet else _log_to(err)
    stop = stop or threading.Event()
    restore_signals = _stop_on_signals(stop)
    try:
        client_id, client_secret = next(iter(clients.items()))
        out.write(banner(sandbox, client_id, client_secret))
        out.flush()
        while not stop.wait(1.0):
            pass
    finally:
        restore_signals()
        sandbox.stop()
        if log_handler is not None:
            LOGGER.removeHandler(log_handler)
    return EXIT_OK


def banner(sandbox: Sandbox, client_id: str, client_secret: str) -> str:
    """What ``workbench sandbox`` prints on start: address, credentials, example curl commands."""
    url = sandbox.url
    provider = sandbox.provider
    user = shlex.quote(f"{client_id}:{client_secret}")
    lines = [
        f"Sandbox listening on {url}",
        f"Client id:     {client_id}",
        f"Client secret: {client_secret}",
        f"Tokens last {provider.token_ttl_s} s; {provider.token_errors} errors; "
        f"{provider.rate_limit} API calls per {provider.rate_window_s} s"
        + (
            f"; X-Domain: {provider.require_x_domain} required" if provider.require_x_domain else ""
        ),
        "",
        "Get a token (JSON body, as in GetResponse's client-credentials tutorial):",
        f"  curl -X POST -u {user} {url}/v3/token"
        " -H 'Content-Type: application/json;charset=utf-8'"
        """ -d '{"grant_type":"client_credentials"}'""",
        "Get a token (form body, as in GetResponse's API reference):",
        f"  curl -u {user} {url}/v3/token -d 'grant_type=client_credentials'",
        "Then call the API with it:",
        f"  curl {url}/v3/accounts -H 'Authorization: Bearer ACCESS_TOKEN'",
        "Time controls (loopback only): POST /_sandbox/expire-all,",
        "  POST /_sandbox/advance?seconds=N, POST /_sandbox/ttl?seconds=N, GET /_sandbox/state",
        "Stop with Ctrl+C.",
    ]
    return "\n".join(lines) + "\n"


def is_loopback_host(host: str) -> bool:
    """True when every address ``host`` names is a loopback address."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    addresses = {str(info[4][0]) for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def _stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """Set ``stop`` on SIGINT and SIGTERM; returns a function restoring the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


def _log_to(stream: TextIO) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    return handler


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port number (0-65535)")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number of at least 1")
    return value


def _token_ttl(text: str) -> int:
    value = _positive_int(text)
    if value > TEN_YEARS_S:
        raise argparse.ArgumentTypeError(f"{text} s is longer than ten years ({TEN_YEARS_S} s)")
    return value


def _client(text: str) -> tuple[str, str]:
    client_id, colon, secret = text.partition(":")
    if not colon or not client_id or not secret:
        raise argparse.ArgumentTypeError(f"{text!r} is not ID:SECRET")
    return client_id, secret
