"""The command line: the GUI (default), ``--demo``, ``sandbox``, ``token`` and ``call``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from workbench import __version__

if TYPE_CHECKING:
    from typing import NoReturn, TextIO

    from workbench.core.client import OAuthClient
    from workbench.core.config import ClientConfig
    from workbench.core.http import Exchange, HttpResponse
    from workbench.core.problems import Problem
    from workbench.core.profiles import Profile
    from workbench.core.secret import Secret
    from workbench.core.token import AccessToken

# Nothing heavier than argparse is imported at module level (``workbench --version`` stays
# fast) and the token/call/sandbox paths never load Qt. The model, ``requests`` and even the
# standard library modules only some paths need are imported inside the functions using them.

EXIT_OK = 0
EXIT_USAGE = 2
"""Bad arguments: argparse's own errors, a malformed --param/--header, a missing secret."""
EXIT_REFUSED = 3
"""The server answered with an error; the problem is printed in plain words."""
EXIT_TRANSPORT = 4
"""No whole HTTP answer: refused, DNS, TLS, timeout, a connection lost mid-answer, an answer
that is not HTTP or that the workbench cannot read (a 1 MB header, 1,000 headers)."""

AUTH_CHOICES = ("basic", "basic-raw", "post", "secret-jwt", "private-key-jwt", "none")
"""The values of ``ClientAuth``, spelled out so that parsing needs no model import."""
BODY_CHOICES = ("form", "json")
"""The values of ``BodyEncoding``."""
SECRET_AUTHS = frozenset({"basic", "basic-raw", "post", "secret-jwt"})
"""Client authentication methods that send (or sign with) the client secret."""


class UsageError(Exception):
    """A mistake in the command line found after parsing; exit code 2."""


class SecretInput:
    """Where the process reads its secrets from: the environment and standard input."""

    __slots__ = ("environ", "stdin")

    def __init__(self, environ: Mapping[str, str], stdin: TextIO) -> None:
        self.environ = environ
        self.stdin = stdin


def main(argv: Sequence[str] | None = None) -> int:
    """Run the workbench command line and return the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "sandbox":
        # Everything after ``sandbox`` belongs to the sandbox's own parser (--help included).
        from workbench.sandbox.command import run_sandbox_command

        return run_sandbox_command(args_list[1:])

    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as stop:  # argparse exits on --help, --version and errors
        return _exit_code(stop)

    command: str | None = args.command
    if command is None:
        return _run_gui(args)
    if command == "sandbox":  # reached only with options before it: ``workbench --demo sandbox``
        return _usage_exit(parser, "the sandbox takes no options before 'sandbox'")
    inputs = SecretInput(environ=os.environ, stdin=sys.stdin)
    try:
        if command == "token":
            return run_token(args, inputs)
        return run_call(args, inputs)  # the parser knows no other command
    except UsageError as error:
        parser_for_command = _subparser(parser, command)
        return _usage_exit(parser_for_command, str(error))


# ---------------------------------------------------------------------------- parsing


def build_parser() -> argparse.ArgumentParser:
    """The whole command line as an argparse tree."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description=(
            "OAuth Workbench: get OAuth 2.0 client-credentials tokens, watch them lapse, "
            "use them, and see every byte on the wire. Without a command it opens the window."
        ),
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version", action="version", version=f"workbench {__version__}", help="print the version"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window with a local sandbox provider and short-lived tokens",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window off screen, check it works, and exit (for packaged builds)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "sandbox",
        help="run the local sandbox provider (see 'workbench sandbox --help')",
        add_help=False,
        allow_abbrev=False,
    )

    token = commands.add_parser(
        "token",
        help="get a token and print it",
        description=(
            "Ask the token endpoint for a client-credentials token and print it. "
            "Secrets are never command-line arguments: they come from an environment "
            "variable, standard input or a key file."
        ),
        allow_abbrev=False,
    )
    token_output = add_credential_options(token)
    token_output.add_argument(
        "--json",
        action="store_true",
        help="print the token response as JSON (with a computed expires_at) instead of the token",
    )

    call = commands.add_parser(
        "call",
        help="get a token, call an API with it, print the response",
        description=(
            "Get a fresh token, send one API request with it as a Bearer token, and print the "
            "status line, headers, a blank line and the body. --header values go on both "
            "requests; -H values on the API request only."
        ),
        allow_abbrev=False,
    )
    api = call.add_argument_group("API request")
    api.add_argument(
        "url",
        metavar="URL",
        type=_http_url,
        nargs="?",
        help="the API URL to call (default: the last request of --profile)",
    )
    api.add_argument(
        "-X",
        "--method",
        metavar="METHOD",
        type=str.upper,
        help="HTTP method (default GET, or POST with -d)",
    )
    api.add_argument(
        "-H",
        "--call-header",
        dest="call_headers",
        metavar="'NAME: VALUE'",
        action="append",
        default=[],
        help="a header for the API request only; repeatable",
    )
    api.add_argument(
        "-d",
        "--data",
        metavar="BODY",
        help=(
            "request body; @FILE reads it from a file. Without a Content-Type header, valid "
            "JSON is sent as application/json, anything else as a form"
        ),
    )
    add_credential_options(call)
    return parser


def add_credential_options(shared: argparse.ArgumentParser) -> argparse._ArgumentGroup:
    """Options shared by ``token`` and ``call``: who the client is and how it asks.

    Returns the "connection and output" group for command-specific output options. (Added to
    each subcommand rather than through ``parents=``, which loses the grouping in ``--help``.)
    """
    endpoint = shared.add_argument_group("token endpoint")
    endpoint.add_argument(
        "--profile",
        metavar="NAME",
        help=(
            "start from a profile saved in the window; its secret comes from the source the "
            "profile names (keychain, environment variable, or a prompt); options given here win"
        ),
    )
    endpoint.add_argument(
        "--token-url",
        metavar="URL",
        type=_http_url,
        help="the token endpoint (required without --profile)",
    )
    endpoint.add_argument(
        "--client-id", metavar="ID", help="the client id (required without --profile)"
    )

    # Never an argument: it would show in the process list and in shell history.
    secret_group = shared.add_argument_group("client secret (never a command-line argument)")
    secret = secret_group.add_mutually_exclusive_group()
    secret.add_argument(
        "--client-secret-env",
        metavar="VAR",
        help="read the client secret from environment variable VAR",
    )
    secret.add_argument(
        "--client-secret-stdin",
        action="store_true",
        help="read the client secret from the first line of standard input",
    )
    secret.add_argument(
        "--private-key-file",
        metavar="FILE",
        help="PEM private key for --auth private-key-jwt (implies it when --auth is not given)",
    )
    # Not an option: a trap that explains why, without echoing the value back.
    secret.add_argument(
        "--client-secret", nargs="?", action=_RefuseSecretArgument, help=argparse.SUPPRESS
    )

    request = shared.add_argument_group("token request")
    request.add_argument(
        "--auth",
        choices=AUTH_CHOICES,
        help=(
            "client authentication: basic (RFC 6749, urlencoded then base64; the default), "
            "basic-raw (base64 only, as most clients do), post (secret in the body), "
            "secret-jwt, private-key-jwt, none"
        ),
    )
    request.add_argument(
        "--body", choices=BODY_CHOICES, help="token request body encoding (default form)"
    )
    request.add_argument("--scope", help="requested scope")
    request.add_argument(
        "--param",
        dest="params",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="an extra token request parameter (audience, resource...); repeatable",
    )
    request.add_argument(
        "--header",
        dest="headers",
        metavar="'NAME: VALUE'",
        action="append",
        default=[],
        help="an extra header on the token request and the API call (X-Domain...); repeatable",
    )

    connection = shared.add_argument_group("connection and output")
    connection.add_argument(
        "--insecure", action="store_true", help="do not verify the server's TLS certificate"
    )
    connection.add_argument(
        "--timeout",
        dest="timeout_s",
        metavar="SECONDS",
        type=_positive_seconds,
        help="give up on a request after this many seconds (default 30)",
    )
    connection.add_argument(
        "--verbose",
        action="store_true",
        help="print each exchange, secrets and tokens masked, to standard error",
    )
    return connection


class _RefuseSecretArgument(argparse.Action):
    """``--client-secret`` exists only to say why it does not."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> NoReturn:
        parser.error(
            "there is no --client-secret option: a secret on the command line shows in the "
            "process list and shell history; use --client-secret-env VAR or --client-secret-stdin"
        )


def _http_url(text: str) -> str:
    """An absolute http(s) URL with a host."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a valid URL: {text!r} ({error})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an http:// or https:// URL with a host: {text!r}")
    return text


def _positive_seconds(text: str) -> float:
    """A positive, finite number of seconds."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return seconds


def parse_param(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` as a pair; raises ``UsageError`` without an ``=`` or a name."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"--param wants NAME=VALUE, got {text!r}")
    return name.strip(), value


_HEADER_NAME_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
"""RFC 9110 ``tchar``: what a header name may consist of."""


def parse_header(text: str, option: str = "--header") -> tuple[str, str]:
    """``'Name: value'`` as a pair; raises ``UsageError`` when it is not a valid header."""
    name, sep, value = text.partition(":")
    if not sep or not name or not set(name) <= _HEADER_NAME_CHARS:
        raise UsageError(f"{option} wants 'Name: value' with a valid header name, got {text!r}")
    value = value.strip(" \t")
    if "\r" in value or "\n" in value:
        raise UsageError(f"{option} value must be a single line, got {text!r}")
    return name, value


def _exit_code(stop: SystemExit) -> int:
    """The integer an argparse ``SystemExit`` carries."""
    code = stop.code
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    return EXIT_USAGE


def _usage_exit(parser: argparse.ArgumentParser, message: str) -> int:
    """Print ``message`` the way argparse prints its own errors, and return 2."""
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The subcommand parser called ``name`` (for its usage line)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found = action.choices.get(name)
            if isinstance(found, argparse.ArgumentParser):
                return found
    return parser


# ---------------------------------------------------------------------------- the GUI


def _run_gui(args: argparse.Namespace) -> int:
    """Open the window (lazily importing Qt only here)."""
    from workbench.app import run_gui

    gui_argv = [sys.argv[0] if sys.argv and sys.argv[0] else "workbench"]
    return run_gui(gui_argv, demo=args.demo, self_test=args.self_test)


# ---------------------------------------------------------------------------- token and call


def client_config_from_args(
    args: argparse.Namespace, inputs: SecretInput, saved: Profile | None = None
) -> ClientConfig:
    """Build the ``ClientConfig`` the options (and a saved profile) describe, with its secret.

    ``saved`` (from ``--profile``) fills in what the options leave out; its extra parameters
    and headers come first and the options' are added after them. Raises ``UsageError`` for a
    malformed --param/--header, a missing environment variable, an empty secret, or a secret
    source that does not fit the chosen authentication.
    """
    from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
    from workbench.core.profiles import Profile
    from workbench.core.secret import Secret

    profile = saved if saved is not None else Profile(name="")
    token_url: str = args.token_url or profile.token_url
    client_id: str = args.client_id or profile.client_id
    if not token_url:
        raise UsageError("--token-url is required (or name a saved profile with --profile)")
    if not client_id:
        raise UsageError("--client-id is required (or name a saved profile with --profile)")
    auth_name: str | None = args.auth
    if auth_name is None:
        if args.private_key_file:
            auth_name = "private-key-jwt"
        else:
            auth_name = profile.auth.value if saved is not None else "basic"
    params = profile.extra_params + tuple(parse_param(text) for text in args.params)
    headers = profile.extra_headers + tuple(parse_header(text) for text in args.headers)

    has_secret_source = bool(args.client_secret_env) or args.client_secret_stdin
    client_secret = Secret()
    private_key = Secret()
    if auth_name in SECRET_AUTHS:
        if args.private_key_file:
            raise UsageError(
                f"--private-key-file goes with --auth private-key-jwt, not {auth_name}"
            )
        if has_secret_source:
            client_secret = Secret(_read_secret(args, inputs))
        elif saved is not None:
            client_secret = _profile_secret(saved, "client-secret", inputs)
        else:
            raise UsageError(
                f"--auth {auth_name} needs the client secret: "
                "give --client-secret-env VAR or --client-secret-stdin"
            )
    elif auth_name == "private-key-jwt":
        if args.private_key_file:
            private_key = Secret(_read_private_key(args.private_key_file))
        elif saved is not None:
            private_key = _profile_secret(saved, "private-key", inputs)
        else:
            raise UsageError("--auth private-key-jwt needs --private-key-file FILE")
    elif has_secret_source or args.private_key_file:
        raise UsageError("--auth none sends no secret; drop the secret option")

    return ClientConfig(
        token_url=token_url,
        client_id=client_id,
        client_secret=client_secret,
        scope=profile.scope if args.scope is None else args.scope,
        auth=ClientAuth(auth_name),
        body_encoding=BodyEncoding(args.body or profile.body_encoding.value),
        extra_params=params,
        extra_headers=headers,
        private_key_pem=private_key,
        jwt_algorithm=profile.jwt_algorithm,
        verify_tls=not args.insecure and profile.verify_tls,
        timeout_s=args.timeout_s or profile.timeout_s,
    )


def load_profile(name: str) -> Profile:
    """The saved profile called ``name``; ``UsageError`` naming the saved ones if none is."""
    from workbench.core.profiles import ProfileStore

    store = ProfileStore()
    loaded = store.load()
    if loaded.warning:
        print(f"workbench: {loaded.warning}", file=sys.stderr)
    for profile in loaded.profiles:
        if profile.name == name:
            return profile
    names = ", ".join(repr(profile.name) for profile in loaded.profiles)
    known = f"saved profiles: {names}" if names else f"no profiles are saved in {store.path}"
    raise UsageError(f"there is no profile called {name!r} ({known})")


def _profile_secret(profile: Profile, kind_name: str, inputs: SecretInput) -> Secret:
    """A profile's secret from its source, or a hidden prompt when a person is there to ask."""
    from workbench.core.profiles import SecretKind
    from workbench.core.secret import Secret
    from workbench.core.secret_store import SecretStore, lookup_secret

    kind = SecretKind(kind_name)
    found = lookup_secret(profile, kind, SecretStore(), inputs.environ)
    if found.secret is not None:
        return found.secret
    if kind is SecretKind.CLIENT_SECRET and inputs.stdin.isatty():
        import getpass

        typed = getpass.getpass(f"Client secret for {profile.name}: ")
        if typed:
            return Secret(typed)
    label = kind_name.replace("-", " ")
    raise UsageError(
        f"{found.message} Give the {label} with "
        + (
            "--private-key-file FILE"
            if kind is SecretKind.PRIVATE_KEY
            else "--client-secret-env VAR or --client-secret-stdin"
        )
        + ", or store it in the window's profile."
    )


def _read_secret(args: argparse.Namespace, inputs: SecretInput) -> str:
    """The client secret from the environment variable or standard input."""
    if args.client_secret_env:
        name: str = args.client_secret_env
        value = inputs.environ.get(name)
        if value is None:
            raise UsageError(f"environment variable {name} is not set (--client-secret-env)")
        if not value:
            raise UsageError(f"environment variable {name} is empty (--client-secret-env)")
        return value
    if inputs.stdin.isatty():
        import getpass

        value = getpass.getpass("Client secret: ")
    else:
        value = inputs.stdin.readline().rstrip("\r\n")
    if not value:
        raise UsageError("--client-secret-stdin read an empty line")
    return value


def _read_private_key(path: str) -> str:
    """The PEM text of the private key file."""
    from pathlib import Path

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read --private-key-file {path}: {error}") from None
    if "-----BEGIN" not in text:
        raise UsageError(f"--private-key-file {path} is not a PEM file")
    return text


def run_token(args: argparse.Namespace, inputs: SecretInput) -> int:
    """``workbench token``: print the token (or the token response as JSON)."""
    saved = load_profile(args.profile) if args.profile else None
    config = client_config_from_args(args, inputs, saved)
    _warn_about_plain_http(config.token_url)
    with open_client() as client:
        token, code = _fetch_token(client, config, verbose=args.verbose)
    if token is None:
        return code
    if args.json:
        import json

        print(json.dumps(token_json(token), indent=2, default=str))
    else:
        print(token.value.reveal())
    return EXIT_OK


def run_call(args: argparse.Namespace, inputs: SecretInput) -> int:
    """``workbench call``: get a token, call the URL with it, print the response."""
    from workbench.core.client import ApiRequest

    saved = load_profile(args.profile) if args.profile else None
    config = client_config_from_args(args, inputs, saved)
    url, method = _call_target(args, saved)
    _warn_about_plain_http(url, "the token and the answer")
    call_headers = tuple(parse_header(text, "-H") for text in args.call_headers)
    body = _read_body(args.data)
    if body and not any(name.lower() == "content-type" for name, _ in call_headers):
        call_headers = (*call_headers, ("Content-Type", _guess_content_type(body)))
    _warn_about_plain_http(config.token_url)

    with open_client() as client:
        token, code = _fetch_token(client, config, verbose=args.verbose)
        if token is None:
            return code
        outcome = client.call_api(
            ApiRequest(method=method, url=url, headers=call_headers, body=body),
            token,
            extra_headers=config.extra_headers,
            verify_tls=config.verify_tls,
            timeout_s=config.timeout_s,
        )
    exchange = outcome.exchange
    if args.verbose:
        _print_exchange(exchange)
    if exchange.response is not None:
        _write_response(exchange.response, sys.stdout)
        if exchange.response.truncated and exchange.failure is None:
            print("note: the body was cut at the size cap", file=sys.stderr)
    if outcome.problem is None:  # the client reports a problem for anything but a 2xx
        return EXIT_OK
    print_problem(outcome.problem, "API request", file=sys.stderr)
    return _failure_code(exchange)


def _call_target(args: argparse.Namespace, saved: Profile | None) -> tuple[str, str]:
    """The URL and method of ``call``: the options', else the saved profile's last request."""
    default_method = "POST" if args.data is not None else "GET"
    if args.url:
        return args.url, args.method or default_method
    if saved is not None and saved.request_url:
        return saved.request_url, args.method or saved.request_method or default_method
    raise UsageError("give the URL to call (or a --profile whose last request has one)")


@contextmanager
def open_client() -> Iterator[OAuthClient]:
    """An ``OAuthClient`` for one command, closed afterwards."""
    from workbench.core.client import OAuthClient

    client = OAuthClient()
    try:
        yield client
    finally:
        client.close()


def _fetch_token(
    client: OAuthClient, config: ClientConfig, *, verbose: bool
) -> tuple[AccessToken | None, int]:
    """The token, or None and the exit code after printing the problem."""
    outcome = client.fetch_token(config)
    if verbose:
        _print_exchange(outcome.exchange)
    if outcome.token is not None:
        return outcome.token, EXIT_OK
    if outcome.problem is not None:  # always, when there is no token
        print_problem(outcome.problem, "Token request", file=sys.stderr)
    return None, _failure_code(outcome.exchange)


def _failure_code(exchange: Exchange) -> int:
    """3 when the server answered (and refused), 4 when no whole HTTP answer came.

    An answer that began but broke off (a lost connection, a body that cannot be unpacked)
    is a transport failure: what the server meant is unknown.
    """
    if exchange.response is None or exchange.failure is not None:
        return EXIT_TRANSPORT
    return EXIT_REFUSED


def _print_exchange(exchange: Exchange) -> None:
    """The exchange as it went over the wire, secrets and tokens masked, on stderr."""
    from workbench.core.render import render_exchange

    text = render_exchange(exchange, reveal=False)  # notes and failures included
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    print(f"[{exchange.kind} exchange: {exchange.duration_s * 1000:.0f} ms]\n", file=sys.stderr)


def print_problem(problem: Problem, what: str, *, file: TextIO) -> None:
    """A problem in plain words: title, explanation, likely cause, what to do, the code."""
    status = f" (HTTP {problem.http_status})" if problem.http_status is not None else ""
    lines = [
        f"{what} failed{status}: {problem.title}",
        f"  What happened: {problem.explanation}",
        f"  Likely cause:  {problem.likely_cause}",
        f"  What to do:    {problem.suggested_action}",
    ]
    if problem.code:
        source = f" ({problem.source})" if problem.source else ""
        ours = "; the wording above is ours" if problem.wording_is_ours else ""
        lines.append(f"  Provider code: {problem.code}{source}{ours}")
    if problem.retry_after_s is not None:
        lines.append(f"  Retry after:   {problem.retry_after_s:g} s")
    if problem.more_info_url:
        lines.append(f"  More info:     {problem.more_info_url}")
    print("\n".join(lines), file=file)


def token_json(token: AccessToken) -> dict[str, object]:
    """The token response's fields, plus ``expires_at`` (UTC, ISO 8601) when computable."""
    from datetime import UTC, datetime

    document: dict[str, object] = dict(token.fields)
    expires_at = token.expires_at_wall
    if expires_at is not None and "expires_at" not in document:
        moment = datetime.fromtimestamp(expires_at, tz=UTC).replace(microsecond=0)
        document["expires_at"] = moment.isoformat().replace("+00:00", "Z")
    return document


def _read_body(data: str | None) -> bytes:
    """The -d body: the text itself, or a file's bytes for ``@FILE``."""
    if data is None:
        return b""
    if data.startswith("@"):
        from pathlib import Path

        try:
            return Path(data[1:]).read_bytes()
        except OSError as error:
            raise UsageError(f"cannot read -d {data}: {error}") from None
    return data.encode("utf-8")


def _guess_content_type(body: bytes) -> str:
    """``application/json`` for a body that parses as JSON, else a form, as curl assumes."""
    import json

    try:
        json.loads(body)
    except ValueError:
        return "application/x-www-form-urlencoded"
    return "application/json"


def _write_response(response: HttpResponse, out: TextIO) -> None:
    """Status line, headers, a blank line, then the body bytes as received."""
    head = [f"{response.http_version} {response.status} {response.reason}".rstrip()]
    head.extend(f"{name}: {value}" for name, value in response.headers)
    out.write("\n".join(head) + "\n\n")
    out.flush()
    body = response.body
    if out.isatty() and body and not body.endswith(b"\n"):
        body += b"\n"
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        buffer.write(body)
        buffer.flush()
    else:  # a StringIO in tests
        out.write(body.decode("utf-8", errors="replace"))


def _warn_about_plain_http(url: str, what: str = "the client secret and the token") -> None:
    """A warning on stderr when secrets would travel unencrypted to a non-loopback host.

    Names only the scheme and host: a URL may carry a user and password.
    """
    import ipaddress

    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if parts.scheme.lower() == "http" and not loopback:
        print(f"warning: http://{host} is plain http: {what} travel unencrypted", file=sys.stderr)
