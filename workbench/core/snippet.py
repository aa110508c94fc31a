"""Copy as Python: the same token request and API call as a runnable snippet using Authlib."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from workbench.core.calls import ApiRequest
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig, Pairs
from workbench.core.loopback import is_loopback_http
from workbench.core.redact import (
    MASK,
    SECRET_FIELDS,
    SECRET_HEADERS,
    Redactor,
    redact_bytes,
    redact_url,
)

__all__ = [
    "CLIENT_SECRET_ENV",
    "PRIVATE_KEY_FILE_ENV",
    "env_name",
    "to_python",
]

CLIENT_SECRET_ENV = "OAUTH_CLIENT_SECRET"
"""The environment variable the snippet reads the client secret from."""
PRIVATE_KEY_FILE_ENV = "OAUTH_PRIVATE_KEY_FILE"
"""For ``private_key_jwt``: the environment variable naming the PEM key file."""

_AUTH_METHODS: dict[ClientAuth, str] = {
    ClientAuth.BASIC: "client_secret_basic",
    ClientAuth.BASIC_RAW: "client_secret_basic",
    ClientAuth.POST: "client_secret_post",
    ClientAuth.NONE: "none",
}
_LEEWAY_S = 5
"""Authlib treats a token as lapsed this many seconds early (its default of 60 would make a
one-minute demo token count as lapsed at once)."""


def env_name(prefix: str, name: str) -> str:
    """An environment variable name for a secret header or parameter: ``API_HEADER_X_API_KEY``."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() or "VALUE"
    return f"{prefix}_{cleaned}"


def to_python(
    config: ClientConfig,
    request: ApiRequest | None,
    *,
    secret_env: str = CLIENT_SECRET_ENV,
    secrets: Iterable[str] = (),
) -> str:
    """A runnable Python snippet that gets the token as ``config`` says and sends ``request``.

    It uses Authlib's ``OAuth2Session`` (a maintained OAuth library, as providers advise, rather
    than hand-rolled OAuth), reads the client secret from the environment variable
    ``secret_env`` (the secret itself is never written into the snippet), sends ``config``'s
    extra headers on the token request and the API call, and prints the API's answer.
    Secret headers and parameters of the request are read from environment variables too.
    """
    lines: list[str] = [
        '"""Get an OAuth 2.0 client-credentials token and call the API (from OAuth Workbench)."""',
        "# Needs: pip install authlib requests",
        "",
        "import os",
    ]
    if config.auth is ClientAuth.BASIC:
        lines.append("from urllib.parse import quote_plus")
    lines += ["", "from authlib.integrations.requests_client import OAuth2Session"]
    if config.auth is ClientAuth.SECRET_JWT:
        lines.append("from authlib.oauth2.rfc7523 import ClientSecretJWT")
    elif config.auth is ClientAuth.PRIVATE_KEY_JWT:
        lines.append("from authlib.oauth2.rfc7523 import PrivateKeyJWT")
    lines += ["", f"TOKEN_URL = {_lit(config.token_url)}", f"CLIENT_ID = {_lit(config.client_id)}"]
    lines += _secret_lines(config, secret_env)
    lines += _insecure_transport_lines(config.token_url)
    lines += ["", *_session_lines(config)]
    if config.extra_headers:
        lines += [
            "# Sent on the token request and on every API call.",
            f"session.headers.update({_dict_literal(config.extra_headers)})",
        ]
    if not config.verify_tls:
        lines += [
            "# TLS verification was off in the workbench: only for a test server you trust.",
            "session.verify = False",
        ]
    lines += ["", *_fetch_lines(config)]
    if request is not None:
        lines += ["", *_api_lines(config, request)]
    text = "\n".join(lines) + "\n"
    known = [config.client_secret.reveal(), config.private_key_pem.reveal(), *secrets]
    masked = Redactor(s for s in known if s).values(text)
    if masked != text:
        masked = masked.replace(
            '"""\n', f'"""\n# A secret appeared in the request and was masked ({MASK}).\n', 1
        )
    return masked


def _secret_lines(config: ClientConfig, secret_env: str) -> list[str]:
    if config.auth is ClientAuth.NONE:
        return ["# This client authenticates with its id alone: there is no secret."]
    if config.auth is ClientAuth.PRIVATE_KEY_JWT:
        return [
            "# The private key is read from the file named in the environment, never written here.",
            f'with open(os.environ["{PRIVATE_KEY_FILE_ENV}"], encoding="utf-8") as key_file:',
            "    PRIVATE_KEY = key_file.read()",
        ]
    return [
        "# The secret is read from the environment, never written in code.",
        f'CLIENT_SECRET = os.environ["{secret_env}"]',
    ]


def _insecure_transport_lines(token_url: str) -> list[str]:
    if not is_loopback_http(token_url):
        return []
    return [
        "",
        "# The token URL is plain http on this computer (a local test server such as the",
        "# workbench's sandbox). OAuth requires https; some Authlib versions refuse http:// and",
        "# this variable allows it. Set it only for loopback addresses, never for a real server.",
        'os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")',
    ]


def _session_lines(config: ClientConfig) -> list[str]:
    lines: list[str] = []
    auth = config.auth
    if auth is ClientAuth.BASIC:
        lines += [
            "# RFC 6749 section 2.3.1: the id and secret are form-urlencoded before Basic",
            "# encoding. Authlib's client_secret_basic sends them as they are, so quote them here",
            "# (for plain letters, digits and '-' both forms are the same).",
        ]
        client_id, secret = "quote_plus(CLIENT_ID)", "quote_plus(CLIENT_SECRET)"
        method = _lit(_AUTH_METHODS[auth])
    elif auth is ClientAuth.BASIC_RAW:
        lines += [
            "# Basic as most clients send it: base64 of id:secret as they are, which is what",
            "# Authlib's client_secret_basic does. (Authlib encodes them as Latin-1, the",
            "# workbench as UTF-8: the two differ only for characters beyond ASCII.)",
        ]
        client_id, secret, method = "CLIENT_ID", "CLIENT_SECRET", _lit(_AUTH_METHODS[auth])
    elif auth is ClientAuth.POST:
        lines += ["# client_id and client_secret go in the request body."]
        client_id, secret, method = "CLIENT_ID", "CLIENT_SECRET", _lit(_AUTH_METHODS[auth])
    elif auth is ClientAuth.NONE:
        client_id, secret, method = "CLIENT_ID", "None", _lit(_AUTH_METHODS[auth])
    elif auth is ClientAuth.SECRET_JWT:
        lines += ["# RFC 7523 client_secret_jwt: an assertion signed with the secret."]
        algorithm = config.jwt_algorithm or "HS256"
        client_id, secret = "CLIENT_ID", "CLIENT_SECRET"
        method = f"ClientSecretJWT(TOKEN_URL, alg={_lit(algorithm)})"
    else:
        lines += ["# RFC 7523 private_key_jwt: an assertion signed with the private key."]
        algorithm_argument = f", alg={_lit(config.jwt_algorithm)}" if config.jwt_algorithm else ""
        client_id, secret = "CLIENT_ID", "PRIVATE_KEY"
        method = f"PrivateKeyJWT(TOKEN_URL{algorithm_argument})"
    lines += [
        "session = OAuth2Session(",
        f"    {client_id},",
        f"    {secret},",
        f"    token_endpoint_auth_method={method},",
        "    token_endpoint=TOKEN_URL,",
        '    grant_type="client_credentials",  # lets Authlib get a new token when this one lapses',
    ]
    if config.scope:
        lines.append(f"    scope={_lit(config.scope)},")
    lines += [f"    leeway={_LEEWAY_S},", ")"]
    return lines


def _fetch_lines(config: ClientConfig) -> list[str]:
    lines: list[str] = [
        "",
        "def check_token_response(response):",
        '    """Stop on an HTTP error: Authlib would take any JSON answer for a token."""',
        "    if not response.ok:",
        "        raise SystemExit(",
        '            f"No token: {response.status_code} {response.reason}\\n{response.text}"',
        "        )",
        "    return response",
        "",
        "",
        'session.register_compliance_hook("access_token_response", check_token_response)',
    ]
    if config.body_encoding is BodyEncoding.JSON:
        lines += [
            "# The workbench sent this token request as JSON (as GetResponse's tutorial shows);",
            "# Authlib sends a form body as RFC 6749 requires, which GetResponse also accepts.",
        ]
    arguments = ['TOKEN_URL, grant_type="client_credentials"']
    secret_params: list[tuple[str, str]] = []
    plain_params: list[tuple[str, str]] = []
    for name, value in config.extra_params:
        (secret_params if name.casefold() in SECRET_FIELDS else plain_params).append((name, value))
    if plain_params or secret_params:
        lines.append("extra_params = {")
        lines += [f"    {_lit(name)}: {_lit(value)}," for name, value in plain_params]
        lines += [
            f'    {_lit(name)}: os.environ["{env_name("OAUTH_PARAM", name)}"],'
            for name, _value in secret_params
        ]
        lines.append("}")
        arguments.append("**extra_params")
    arguments.append(f"timeout={_number(config.timeout_s)}")
    lines += [
        f"token = session.fetch_token({', '.join(arguments)})",
        'print("Token received; it lasts", token.get("expires_in", "an unknown number of"), '
        '"seconds")',
    ]
    return lines


def _api_lines(config: ClientConfig, request: ApiRequest) -> list[str]:
    lines: list[str] = []
    url = redact_url(request.url)
    if url != request.url:
        lines.append("# Secret query parameters were left out: put them back before running.")
    lines.append(f"API_URL = {_lit(url)}")
    headers: list[str] = []
    custom_token = request.apply_token and (
        request.token_header.lower() != "authorization" or request.token_prefix != "Bearer"
    )
    token_header = request.token_header.lower() if request.apply_token else ""
    for name, value in request.headers:
        lowered = name.lower()
        if lowered == token_header:
            continue  # the token replaces it, as in the workbench
        if lowered in SECRET_HEADERS:
            headers.append(f'    {_lit(name)}: os.environ["{env_name("API_HEADER", name)}"],')
        else:
            headers.append(f"    {_lit(name)}: {_lit(value)},")
    if custom_token:
        prefix = f"{request.token_prefix} " if request.token_prefix else ""
        headers.append(f'    {_lit(request.token_header)}: {_lit(prefix)} + token["access_token"],')
    arguments = ["API_URL"]
    if headers:
        lines += ["api_headers = {", *headers, "}"]
        arguments.append("headers=api_headers")
    if request.body:
        body = redact_bytes(request.body)
        if body != request.body:
            lines.append("# Secret fields of the body were masked: put them back before running.")
        lines.append(f"API_BODY = {body!r}")
        arguments.append("data=API_BODY")
    if not request.apply_token:
        lines.append("# The workbench sent this request without its token; so does this.")
        arguments.append("withhold_token=True")
    elif custom_token:
        lines.append(f"# The token goes in {request.token_header}, added above.")
        arguments.append("withhold_token=True")
    arguments.append(f"timeout={_number(config.timeout_s)}")
    lines += [
        f"response = session.request({_lit(request.method.upper())}, {', '.join(arguments)})",
        "print(response.status_code, response.reason)",
        "print(response.text)",
    ]
    return lines


def _dict_literal(pairs: Pairs) -> str:
    """A dict literal; secret headers are read from the environment (the last value wins)."""
    items: list[str] = []
    for name, value in pairs:
        if name.lower() in SECRET_HEADERS:
            items.append(f'{_lit(name)}: os.environ["{env_name("API_HEADER", name)}"]')
        else:
            items.append(f"{_lit(name)}: {_lit(value)}")
    return "{" + ", ".join(items) + "}"


def _lit(text: str) -> str:
    """A double-quoted Python string literal (JSON's escapes are all valid Python escapes)."""
    return json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
