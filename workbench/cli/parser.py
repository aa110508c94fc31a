"""The command line as an argparse tree, and the parsing of its option values."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from workbench import __version__
from workbench.cli.errors import UsageError

if TYPE_CHECKING:
    from typing import NoReturn

AUTH_CHOICES = ("basic", "basic-raw", "post", "secret-jwt", "private-key-jwt", "none")
"""The values of ``ClientAuth``, spelled out so that parsing needs no model import."""
BODY_CHOICES = ("form", "json")
"""The values of ``BodyEncoding``."""


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
        "--call-header-env",
        dest="call_header_envs",
        metavar="'NAME: VAR'",
        action="append",
        default=[],
        help=(
            "a header for the API request only, its value read from environment variable VAR "
            "(for API keys and cookies, which never go on the command line); repeatable"
        ),
    )
    api.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=(
            "write the response body to FILE byte for byte (on the terminal its control "
            "characters are shown escaped)"
        ),
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
    _add_requests_command(commands)
    saved = call.add_argument_group("saved request")
    saved.add_argument(
        "--request",
        metavar="NAME",
        help=(
            "send a request saved in --profile's collection (its name, or FOLDER/NAME), with "
            "its variables resolved"
        ),
    )
    saved.add_argument("--env", metavar="NAME", help="the environment to take variables from")
    saved.add_argument(
        "--var",
        dest="variables",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a variable's value, winning over the environment's; repeatable (never a secret)",
    )
    saved.add_argument(
        "--var-env",
        dest="variables_from_env",
        metavar="NAME=VAR",
        action="append",
        default=[],
        help="a secret variable's value, read from environment variable VAR; repeatable",
    )
    add_credential_options(call)
    return parser


def _add_requests_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``workbench requests list|import|export``."""
    requests = commands.add_parser(
        "requests",
        help="list, import and export a profile's saved requests",
        description=(
            "A profile's saved requests: list them, import a Postman v2.1 collection, an .http "
            "file or an http-client.env.json environment file into them, or export them. "
            "Secrets found in an imported file are kept in the OS keychain only with "
            "--store-secrets; otherwise they are left out. No file ever holds one."
        ),
        allow_abbrev=False,
    )
    actions = requests.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (
        ("list", "print the saved requests and environments"),
        ("import", "import a file into the saved requests"),
        ("export", "export the saved requests to a file"),
    ):
        action = actions.add_parser(name, help=text, description=text, allow_abbrev=False)
        action.add_argument("--profile", metavar="NAME", required=True, help="the profile")
        if name == "import":
            action.add_argument("file", metavar="FILE", help="the file to import")
            action.add_argument(
                "--format",
                choices=("postman", "http", "http-env", "http-private-env"),
                help="what FILE is (default: from its name)",
            )
            action.add_argument(
                "--store-secrets",
                action="store_true",
                help="keep the secrets found in FILE in the OS keychain (else they are left out)",
            )
        if name == "export":
            action.add_argument("file", metavar="FILE", help="where to write; - for stdout")
            action.add_argument("--format", choices=("postman", "http"), required=True)
            action.add_argument("--force", action="store_true", help="replace FILE if it exists")


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
        "--confirm-profile",
        action="store_true",
        help=(
            "use a profile imported from a file without being asked: its token URL, secret "
            "sources and TLS setting are printed and recorded as confirmed"
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
    """A positive number of seconds, at most ``MAX_TIMEOUT_S``."""
    from workbench.core.config import MAX_TIMEOUT_S

    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    if seconds > MAX_TIMEOUT_S:
        raise argparse.ArgumentTypeError(
            f"at most {MAX_TIMEOUT_S:g} seconds (ten minutes), not {text!r}"
        )
    return seconds


def parse_param(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` as a pair; raises ``UsageError`` without an ``=`` or a name.

    A secret parameter (``client_secret``, ``client_assertion``...) is refused as
    ``--client-secret`` is, without echoing its value: it would show in the process list.
    """
    from workbench.core.redact import SECRET_FIELDS

    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"--param wants NAME=VALUE, got {text.partition('=')[0]!r}=...")
    name = name.strip()
    if name.casefold() in SECRET_FIELDS:
        raise UsageError(
            f"--param {name}=... would put a secret in the process list and shell history; "
            + _SECRET_PARAM_ADVICE.get(name.casefold(), _GENERIC_SECRET_ADVICE)
        )
    return name, value


_GENERIC_SECRET_ADVICE = (
    "secrets come from --client-secret-env VAR, --client-secret-stdin or --private-key-file"
)
_SECRET_PARAM_ADVICE = {
    "client_secret": "use --client-secret-env VAR or --client-secret-stdin with --auth post",
    "client_assertion": (
        "let the workbench sign the assertion: --auth secret-jwt with --client-secret-env VAR, "
        "or --auth private-key-jwt with --private-key-file FILE"
    ),
}


_HEADER_NAME_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
"""RFC 9110 ``tchar``: what a header name may consist of."""


def parse_header(text: str, option: str = "--header") -> tuple[str, str]:
    """``'Name: value'`` as a pair; raises ``UsageError`` when it is not a valid header.

    A credential header (Authorization, X-Api-Key, Cookie...) is refused as ``--client-secret``
    is, without echoing its value: its value would show in the process list.
    """
    from workbench.core.redact import SECRET_HEADERS

    name, sep, value = text.partition(":")
    if not sep or not name or not set(name) <= _HEADER_NAME_CHARS:
        raise UsageError(f"{option} wants 'Name: value' with a valid header name")
    if name.lower() in SECRET_HEADERS:
        advice = (
            "the workbench sends its own token"
            if name.lower() == "authorization"
            else "read it from the environment with --call-header-env 'NAME: VAR'"
        )
        raise UsageError(
            f"{option} '{name}: ...' would put a credential in the process list and shell "
            f"history; {advice}"
        )
    return name, _single_line(value.strip(" \t"), option)


def parse_header_from_env(text: str, environ: Mapping[str, str]) -> tuple[str, str]:
    """``'Name: VAR'`` as the header ``Name`` with the value of environment variable ``VAR``."""
    name, sep, variable = text.partition(":")
    variable = variable.strip()
    if not sep or not name or not set(name) <= _HEADER_NAME_CHARS or not variable:
        raise UsageError("--call-header-env wants 'Name: VAR' with a valid header name")
    value = environ.get(variable)
    if not value:
        state = "is not set" if value is None else "is empty"
        raise UsageError(f"environment variable {variable} {state} (--call-header-env {name})")
    return name, _single_line(value.strip(" \t"), f"--call-header-env {name}")


def _single_line(value: str, option: str) -> str:
    """``value``, or ``UsageError`` (not naming it: it may be a secret) for a line break."""
    if "\r" in value or "\n" in value or "\x00" in value:
        raise UsageError(f"{option} value must be a single line")
    return value
