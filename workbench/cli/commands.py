"""``workbench token`` and ``workbench call``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from workbench.cli.credentials import (
    SecretInput,
    client_config_from_args,
    refuse_missing_request_secret,
)
from workbench.cli.errors import (
    EXIT_NOT_DATA,
    EXIT_ODD_TOKEN,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_TRANSPORT,
    UsageError,
)
from workbench.cli.imported import load_trusted_profile
from workbench.cli.output import print_exchange, print_problem, token_json_text, write_response
from workbench.cli.parser import parse_header, parse_header_from_env
from workbench.cli.terminal import printable
from workbench.core.loopback import is_loopback_host
from workbench.core.problems import ProblemKind

if TYPE_CHECKING:
    from workbench.core.calls import ApiOutcome
    from workbench.core.client import OAuthClient
    from workbench.core.config import ClientConfig
    from workbench.core.http import Exchange
    from workbench.core.profiles import Profile
    from workbench.core.token import AccessToken


def run_token(args: argparse.Namespace, inputs: SecretInput) -> int:
    """``workbench token``: print the token (or the token response as JSON)."""
    saved = load_trusted_profile(args, inputs)
    config = client_config_from_args(args, inputs, saved)
    warn_about_plain_http(config.token_url)
    warn_about_unverified_tls(config)
    warn_about_secrets_in_arguments(args)
    with open_client() as client:
        token, code = fetch_token(client, config, verbose=args.verbose)
    if token is None:
        return code
    if args.json:
        print(token_json_text(token))
    else:
        print(printable(token.value.reveal()))
    return _token_shape_code(token)


def run_call(args: argparse.Namespace, inputs: SecretInput) -> int:
    """``workbench call``: get a token, call the URL with it, print the response."""
    from workbench.core.client import ApiRequest, SendOptions

    if args.request is not None or args.env or args.variables or args.variables_from_env:
        from workbench.cli.saved_call import run_saved_call

        return run_saved_call(args, inputs)
    saved = load_trusted_profile(args, inputs)
    config = client_config_from_args(args, inputs, saved)
    url, method = _call_target(args, saved)
    warn_about_plain_http(url, "the token and the answer")
    call_headers = tuple(parse_header(text, "-H") for text in args.call_headers)
    call_headers += tuple(
        parse_header_from_env(text, inputs.environ) for text in args.call_header_envs
    )
    body = _read_body(args.data)
    if body and not any(name.lower() == "content-type" for name, _ in call_headers):
        call_headers = (*call_headers, ("Content-Type", _guess_content_type(body)))
    warn_about_plain_http(config.token_url)
    warn_about_unverified_tls(config)
    warn_about_unverified_api(url, config.verify_tls)
    warn_about_secrets_in_arguments(args)

    with open_client() as client:
        token, code = fetch_sendable_token(client, config, verbose=args.verbose)
        if token is None:
            return code
        outcome = client.call_api(
            ApiRequest(method=method, url=url, headers=call_headers, body=body),
            token,
            SendOptions.for_config(config),
        )
    return report_call(outcome, verbose=args.verbose, body_file=args.output)


def report_call(outcome: ApiOutcome, *, verbose: bool, body_file: str | None = None) -> int:
    """Print an API call's answer (and with ``verbose`` its exchange); the exit code.

    The body goes to ``body_file`` byte for byte when one is named.
    """
    exchange = outcome.exchange
    if verbose:
        print_exchange(exchange)
    if exchange.response is not None:
        write_response(exchange.response, sys.stdout, body_file=body_file)
        if exchange.response.truncated and exchange.failure is None:
            print("note: the body was cut at the size cap", file=sys.stderr)
    problem = outcome.problem
    if problem is None:  # a problem for anything but a 2xx, and for a 2xx web page
        return EXIT_OK
    print_problem(problem, "API request", file=sys.stderr)
    if problem.kind is ProblemKind.WEB_PAGE:
        return EXIT_NOT_DATA
    return _failure_code(exchange)


def fetch_sendable_token(
    client: OAuthClient, config: ClientConfig, *, verbose: bool
) -> tuple[AccessToken | None, int]:
    """A token fit for an API request, or None and the exit code after saying why.

    A token holding control characters is not sent (``EXIT_ODD_TOKEN``); one that is merely
    odd (outside RFC 6750's b64token) is warned about and sent.
    """
    from workbench.core.bearer import BearerShape, bearer_shape

    token, code = fetch_token(client, config, verbose=verbose)
    if token is None:
        return None, code
    _token_shape_code(token)
    if bearer_shape(token.value.reveal()) is BearerShape.UNSAFE:
        print("The API request was not sent.", file=sys.stderr)
        return None, EXIT_ODD_TOKEN
    return token, EXIT_OK


def _token_shape_code(token: AccessToken) -> int:
    """``EXIT_ODD_TOKEN`` after a warning when the token is no usable Bearer value, else 0."""
    from workbench.core.bearer import bearer_shape, describe_bearer_shape

    problem = describe_bearer_shape(bearer_shape(token.value.reveal()))
    if not problem:
        return EXIT_OK
    print(f"warning: {problem}", file=sys.stderr)
    return EXIT_ODD_TOKEN


def warn_about_secrets_in_arguments(args: argparse.Namespace) -> None:
    """A warning when the URL, --token-url or an inline -d carries a credential: it shows in
    the process list and shell history (kept in a profile or a file, it would not).

    Asked as the screen asks whether to mask (by name, whatever the value's length): a short
    key is as visible in the process list as a long one.
    """
    from workbench.core.masked_text import mask_body, mask_url

    url: str | None = getattr(args, "url", None)
    data: str | None = getattr(args, "data", None)
    checks = []
    if url:
        checks.append(("the URL", mask_url(url).masked, "keep the request in a profile"))
    if args.token_url:
        checks.append(("--token-url", mask_url(args.token_url).masked, "use a profile"))
    if data is not None and not data.startswith("@"):
        checks.append(("-d", mask_body(data).masked, "put the body in a file and give -d @FILE"))
    for where, holds_credential, advice in checks:
        if holds_credential:
            print(
                f"warning: {where} holds a credential, which shows in the process list and "
                f"shell history; {advice}",
                file=sys.stderr,
            )


def warn_about_unverified_tls(config: ClientConfig) -> None:
    """A warning on stderr, every time, when the token request goes over unverified HTTPS."""
    from workbench.core.exposure import unverified_tls_warning

    warning = unverified_tls_warning(config)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def warn_about_unverified_api(url: str, verify_tls: bool) -> None:
    """A warning on stderr, every time, when the token goes to ``url`` over unverified HTTPS."""
    from workbench.core.exposure import unverified_api_warning

    warning = unverified_api_warning(url, verify_tls)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def _call_target(args: argparse.Namespace, saved: Profile | None) -> tuple[str, str]:
    """The URL and method of ``call``: the options', else the saved profile's last request."""
    default_method = "POST" if args.data is not None else "GET"
    if args.url:
        return args.url, args.method or default_method
    if saved is not None and saved.request_url:
        from workbench.core.profiles.request_secrets import PLACEHOLDER

        if PLACEHOLDER.search(saved.request_url):
            refuse_missing_request_secret("a credential in the URL", "its last request")
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


def fetch_token(
    client: OAuthClient, config: ClientConfig, *, verbose: bool
) -> tuple[AccessToken | None, int]:
    """The token, or None and the exit code after printing the problem."""
    outcome = client.fetch_token(config)
    if verbose:
        print_exchange(outcome.exchange)
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


def _read_body(data: str | None) -> bytes:
    """The -d body: the text itself, or a file's bytes for ``@FILE``."""
    if data is None:
        return b""
    if data.startswith("@"):
        from pathlib import Path

        from workbench.core.transport import DEFAULT_MAX_BODY_BYTES

        cap = DEFAULT_MAX_BODY_BYTES
        try:  # read no further than the cap: @/dev/zero must not fill the memory
            with Path(data[1:]).open("rb") as file:
                body = file.read(cap + 1)
        except OSError as error:
            raise UsageError(f"cannot read -d {data}: {error}") from None
        if len(body) > cap:
            raise UsageError(
                f"-d {data} is larger than {cap // (1024 * 1024)} MiB, the most a body can be"
            )
        return body
    return data.encode("utf-8")


def _guess_content_type(body: bytes) -> str:
    """``application/json`` for a body that parses as JSON, else a form, as curl assumes."""
    from workbench.core.json_check import check_json

    looks_like_json = body.lstrip()[:1] in (b"{", b"[")
    verdict = check_json(body)
    if verdict.valid or (verdict.valid is None and looks_like_json):
        return "application/json"
    if looks_like_json:
        print(
            f"note: the -d body looks like JSON but is not ({verdict.message}); "
            "it is sent as a form. Give -H 'Content-Type: ...' to choose.",
            file=sys.stderr,
        )
    return "application/x-www-form-urlencoded"


def warn_about_plain_http(url: str, what: str = "the client secret and the token") -> None:
    """A warning on stderr when secrets would travel unencrypted to a non-loopback host.

    Names only the scheme and host: a URL may carry a user and password.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() == "http" and not is_loopback_host(host):
        print(f"warning: http://{host} is plain http: {what} travel unencrypted", file=sys.stderr)
