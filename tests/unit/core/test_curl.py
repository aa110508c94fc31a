"""cURL export (redacted by default) and import of token requests from curl commands."""

from __future__ import annotations

import base64
import shlex
import subprocess
from urllib.parse import quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.core.test_redact import ASSERTION, JWT_BEARER, LEAK_CASES, SECRET, TOKEN
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.curl import (
    CurlCommand,
    CurlImportError,
    from_curl,
    parse_curl,
    placeholder_name,
    to_curl,
)
from workbench.core.http import Exchange, ExchangeKind, HttpRequest
from workbench.core.secret import Secret

TUTORIAL = (
    "curl -X POST -u id:secret https://api.getresponse.com/v3/token "
    "-H 'Content-Type: application/json;charset=utf-8' "
    """-d '{"grant_type":"client_credentials"}'"""
)
REFERENCE = (
    "curl -u id:secret https://api.getresponse.com/v3/token -d 'grant_type=client_credentials'"
)


def test_imports_getresponse_tutorial_command() -> None:
    config = from_curl(TUTORIAL)
    assert config == ClientConfig(
        token_url="https://api.getresponse.com/v3/token",
        client_id="id",
        client_secret=config.client_secret,
        auth=ClientAuth.BASIC,
        body_encoding=BodyEncoding.JSON,
    )
    assert config.client_secret.reveal() == "secret"


def test_imports_getresponse_reference_command() -> None:
    config = from_curl(REFERENCE)
    assert config.token_url == "https://api.getresponse.com/v3/token"
    assert (config.client_id, config.client_secret.reveal()) == ("id", "secret")
    assert config.auth is ClientAuth.BASIC
    assert config.body_encoding is BodyEncoding.FORM
    assert (config.scope, config.extra_params, config.extra_headers) == ("", (), ())


def test_parse_curl_of_the_tutorial() -> None:
    assert parse_curl(TUTORIAL) == CurlCommand(
        method="POST",
        url="https://api.getresponse.com/v3/token",
        headers=(("Content-Type", "application/json;charset=utf-8"),),
        body=b'{"grant_type":"client_credentials"}',
        user="id:secret",
    )


def test_multiline_max_command_with_continuations_and_double_quotes() -> None:
    command = (
        "$ curl --request POST \\\n"
        '  --url "https://api3.getresponse360.pl/v3/token" \\\n'
        "  --header 'X-Domain: example.com' \\\r\n"
        '  --header "Accept: application/json" \\\n'
        "  --user 'demo-client:demo-secret' \\\n"
        "  --data grant_type=client_credentials --data scope=all \\\n"
        "  --data-urlencode 'audience=https://api.example/x y' -sSk --compressed -m 12.5\n"
    )
    config = from_curl(command)
    assert config.token_url == "https://api3.getresponse360.pl/v3/token"
    assert config.extra_headers == (("X-Domain", "example.com"),)
    assert config.scope == "all"
    assert config.extra_params == (("audience", "https://api.example/x y"),)
    assert config.verify_tls is False
    assert config.timeout_s == 12.5
    assert config.client_secret.reveal() == "demo-secret"


def test_client_secret_post_and_none() -> None:
    post = from_curl(
        "curl https://h/token -d grant_type=client_credentials -d client_id=abc "
        "-d client_secret=s%2Bcret -d resource=urn:x"
    )
    assert (post.auth, post.client_id, post.client_secret.reveal()) == (
        ClientAuth.POST,
        "abc",
        "s+cret",
    )
    assert post.extra_params == (("resource", "urn:x"),)
    public = from_curl("curl https://h/token -d 'grant_type=client_credentials&client_id=abc'")
    assert (public.auth, public.client_id) == (ClientAuth.NONE, "abc")


def test_json_body_with_credentials_and_shape_without_content_type() -> None:
    config = from_curl(
        """curl https://h/token -d '{"grant_type":"client_credentials","client_id":"a",'"""
        """'"client_secret":"b","scope":"all","n":3,"o":{"k":true},"skip":null}'"""
    )
    assert config.body_encoding is BodyEncoding.JSON
    assert (config.auth, config.client_id, config.client_secret.reveal()) == (
        ClientAuth.POST,
        "a",
        "b",
    )
    assert config.scope == "all"
    assert config.extra_params == (("n", "3"), ("o", '{"k": true}'))


def test_basic_header_rfc_encoded_and_raw() -> None:
    encoded = base64.b64encode(b"demo-client:a%2Bb%3Ac").decode()
    rfc = from_curl(
        f"curl https://h/t -H 'Authorization: Basic {encoded}' -d grant_type=client_credentials"
    )
    assert (rfc.auth, rfc.client_secret.reveal()) == (ClientAuth.BASIC, "a+b:c")
    raw_value = base64.b64encode(b"demo-client:a+b:c").decode()
    raw = from_curl(
        f"curl https://h/t -H 'authorization: basic {raw_value}' -d grant_type=client_credentials"
    )
    assert (raw.auth, raw.client_secret.reveal()) == (ClientAuth.BASIC_RAW, "a+b:c")
    plain = from_curl(
        "curl -u demo-client:demo-secret https://h/t -d grant_type=client_credentials"
    )
    assert plain.auth is ClientAuth.BASIC


def test_user_without_secret_gives_an_empty_secret() -> None:
    config = from_curl("curl -u demo-client https://h/t -d grant_type=client_credentials")
    assert config.client_id == "demo-client"
    assert config.client_secret == Secret("")


def test_jwt_assertion_gives_the_method_not_the_assertion() -> None:
    config = from_curl(
        f"curl https://h/t -d grant_type=client_credentials "
        f"--data-urlencode client_assertion_type={JWT_BEARER} -d client_assertion={ASSERTION}"
    )
    assert config.auth is ClientAuth.SECRET_JWT
    assert config.client_id == "demo-client"
    assert config.jwt_algorithm == "HS256"
    assert config.client_secret == Secret("")
    assert config.extra_params == ()


def test_short_option_clusters_and_attached_values() -> None:
    parsed = parse_curl("curl -sSLkXPUT -HX-A:1 -uid:pw --url https://h/p -dx=1")
    assert (parsed.method, parsed.url, parsed.user) == ("PUT", "https://h/p", "id:pw")
    assert (parsed.headers, parsed.body, parsed.insecure) == ((("X-A", "1"),), b"x=1", True)


def test_parse_options_mapping() -> None:
    parsed = parse_curl(
        "curl -sSkXPOST -HX-A:1 -uid:pw -A agent/1 -e https://ref -b 'a=1; b=2' "
        "--oauth2-bearer tok --json '{\"a\":1}' -- https://h/p"
    )
    assert parsed.method == "POST"
    assert parsed.user == "id:pw"
    assert parsed.insecure is True
    assert parsed.headers == (
        ("X-A", "1"),
        ("User-Agent", "agent/1"),
        ("Referer", "https://ref"),
        ("Cookie", "a=1; b=2"),
        ("Authorization", "Bearer tok"),
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
    )
    assert parsed.body == b'{"a":1}'


def test_get_moves_data_into_the_query_and_header_forms() -> None:
    parsed = parse_curl("curl -G https://h/p?x=1 -d a=b -d c=d -H 'X-Empty;' -H 'Accept:'")
    assert (parsed.method, parsed.url, parsed.body) == ("GET", "https://h/p?x=1&a=b&c=d", b"")
    assert parsed.headers == (("X-Empty", ""),)
    assert parse_curl("curl example.com:8080/x").url == "http://example.com:8080/x"
    assert parse_curl("curl -I https://h").method == "HEAD"
    assert parse_curl("/usr/bin/curl https://h").method == "GET"


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("", "empty"),
        ("wget https://h/t", "not a curl command"),
        ("curl -u id:secret -d grant_type=client_credentials", "no URL"),
        ("curl 'https://h/t -d x", "unbalanced quote"),
        ("curl https://h/t -d grant_type=password", "Unknown grant type 'password'"),
        ("curl https://h/t -d scope=all", "no grant_type"),
        ("curl https://h/t -d grant_type=client_credentials -d grant_type=x", "more than once"),
        ("curl https://h/t", "a token request is a POST"),
        (
            "curl https://h/t -H 'Content-Type: application/json' "
            "-d 'grant_type=client_credentials'",
            "does not parse",
        ),
        ("curl https://h/t -d '{\"grant_type\": }'", "does not parse"),
        ("curl https://h/t -d '[1]'", "must be an object"),
        ("curl https://h/t -d @body.json", "read from a file"),
        ("curl https://h/t -F a=b", "multipart"),
        ("curl https://h/t --frobnicate", "--frobnicate"),
        ("curl https://h/t -X", "needs a value"),
        ("curl https://a/t https://b/t", "more than one URL"),
        ("curl ftp://h/t", "not http"),
        ("curl https:///t", "no host"),
        ("curl 'http://[::1/t'", "not a valid URL"),
        ("curl https://h/t -H 'NoColon'", "no colon"),
        ("curl https://h/t -m soon", "--max-time"),
        (
            "curl -u a:b https://h/t -d grant_type=client_credentials -d client_secret=c",
            "authenticates twice",
        ),
        (
            "curl -H 'Authorization: Bearer x' https://h/t -d grant_type=client_credentials",
            "uses Bearer",
        ),
        (
            "curl -H 'Authorization: Basic !!!' https://h/t -d grant_type=client_credentials",
            "not base64",
        ),
        (
            "curl https://h/t -H 'Content-Type: text/plain' -d grant_type=client_credentials",
            "form or JSON",
        ),
        (
            "curl https://h/t -d grant_type=client_credentials -d client_assertion=x",
            "client_assertion_type",
        ),
        (
            f"curl https://h/t -d grant_type=client_credentials -d client_assertion=x.y.z "
            f"-d client_assertion_type={JWT_BEARER}",
            "not a readable JWT",
        ),
    ],
)
def test_import_errors_are_plain(command: str, words: str) -> None:
    with pytest.raises(CurlImportError) as caught:
        from_curl(command)
    assert words in caught.value.message


def test_to_curl_exact_format_for_a_bearer_call() -> None:
    request = HttpRequest(
        "GET",
        "https://api.getresponse.com/v3/accounts?fields=a,b",
        (
            ("Host", "api.getresponse.com"),
            ("User-Agent", "x"),
            ("Accept-Encoding", "gzip"),
            ("Connection", "keep-alive"),
            ("Content-Length", "0"),
            ("Accept", "application/json"),
            ("Authorization", f"Bearer {TOKEN}"),
            ("X-Domain", "example.com"),
            ("X-Note", "it's"),
            ("X-Blank", ""),
        ),
    )
    assert to_curl(request) == (
        "curl -X GET 'https://api.getresponse.com/v3/accounts?fields=a,b' \\\n"
        "  -H 'Accept: application/json' \\\n"
        "  -H 'Authorization: Bearer '\"${ACCESS_TOKEN}\" \\\n"
        "  -H 'X-Domain: example.com' \\\n"
        "  -H 'X-Note: it'\"'\"'s' \\\n"
        "  -H 'X-Blank;'"
    )
    assert f"-H 'Authorization: Bearer {TOKEN}'" in to_curl(request, include_secrets=True)


def test_to_curl_known_secrets_elsewhere_are_masked() -> None:
    request = HttpRequest("POST", f"https://h/cb?code={SECRET}", body=f"note={SECRET}".encode())
    command = to_curl(request, secrets=[SECRET])
    assert SECRET not in command
    assert "••••••" in command


def test_placeholder_names() -> None:
    assert placeholder_name("client_secret") == "CLIENT_SECRET"
    assert placeholder_name("authorization-bearer") == "ACCESS_TOKEN"
    assert placeholder_name("sentToken") == "ACCESS_TOKEN"
    assert placeholder_name("cookie-1st") == "COOKIE_1ST"
    assert placeholder_name("1x") == "S_1X"
    assert placeholder_name("***") == "SECRET"


@pytest.mark.parametrize("case", LEAK_CASES[:6], ids=lambda case: case.name)
def test_token_request_round_trips_through_curl(case: object) -> None:
    from tests.unit.core.test_redact import LeakCase

    assert isinstance(case, LeakCase)
    request = case.exchange.request
    parsed = parse_curl(to_curl(request, include_secrets=True))
    assert parsed.method == request.method
    assert parsed.url == request.url
    assert parsed.body == request.body
    if case.name == "jwt":
        assert from_curl(to_curl(request, include_secrets=True)).auth is ClientAuth.SECRET_JWT
        return
    config = from_curl(to_curl(request, include_secrets=True))
    expected_secret = case.forbidden[0]
    assert config.client_secret.reveal() == expected_secret
    assert config.client_id == "demo-client"
    expected_auth = {"post": ClientAuth.POST, "basic-raw": ClientAuth.BASIC_RAW}
    assert config.auth is expected_auth.get(case.name, ClientAuth.BASIC)
    # Redacted, the command still parses, with a placeholder where the secret was.
    redacted = parse_curl(to_curl(case.exchange))
    assert redacted.url == request.url


def test_redacted_basic_command_uses_user_option_and_parses() -> None:
    command = to_curl(LEAK_CASES[0].exchange)
    assert "-u 'demo-client:'\"${CLIENT_SECRET}\"" in command
    assert parse_curl(command).user == "demo-client:${CLIENT_SECRET}"


def test_shell_really_reads_the_command_as_intended() -> None:
    request = HttpRequest(
        "POST",
        "https://h/t?a=1&b='2'",
        (("X-Q", '"$HOME" `x` \\ ;|&'),),
        b'{"k": "it\'s $x"}\nline2',
    )
    command = to_curl(request, include_secrets=True)
    words = shlex.split(command.replace("\\\n", ""))
    assert words[:4] == ["curl", "-X", "POST", "https://h/t?a=1&b='2'"]
    assert words[5] == 'X-Q: "$HOME" `x` \\ ;|&'
    assert words[7] == '{"k": "it\'s $x"}\nline2'
    echoed = subprocess.run(
        ["/bin/sh", "-c", "printf '%s\\n' " + command.split(" ", 1)[1]],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    assert '{"k": "it\'s $x"}\nline2' in echoed


def test_placeholders_expand_in_a_real_shell() -> None:
    command = to_curl(LEAK_CASES[0].exchange)
    script = "curl() { printf '[%s]' \"$@\"; }; " + command
    out = subprocess.run(
        ["/bin/sh", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "CLIENT_SECRET": "filled-in"},
    ).stdout
    assert "[-u][demo-client:filled-in]" in out


def test_binary_body_goes_through_printf() -> None:
    body = bytes(range(256))
    request = HttpRequest("POST", "https://h/upload", body=body)
    command = to_curl(request, include_secrets=True)
    assert command.startswith("printf '")
    assert command.endswith("--data-binary @-")
    fmt = shlex.split(command.split(" | ", 1)[0])[1]
    produced = subprocess.run(
        ["/bin/sh", "-c", 'printf "$0"', fmt], capture_output=True, check=True
    ).stdout
    assert produced == body


def test_exchange_with_bearer_in_query_uses_placeholder() -> None:
    exchange = Exchange(
        ExchangeKind.API, HttpRequest("GET", f"https://h/x?access_token={TOKEN}&a=1")
    )
    command = to_curl(exchange)
    assert TOKEN not in command
    assert "'https://h/x?access_token='\"${ACCESS_TOKEN}\"'&a=1'" in command


def test_rfc_encoded_basic_keeps_header_form_when_redacted() -> None:
    odd = LEAK_CASES[1].exchange
    command = to_curl(odd)
    assert "\n  -u " not in command
    assert "'Authorization: Basic '\"${BASIC_CREDENTIALS}\"" in command
    revealed = to_curl(odd, include_secrets=True)
    # Revealed, -u with the already-encoded credentials makes curl send the same bytes.
    assert f"-u demo-client:{quote_plus('demo sécret+/=&%:x')} " in revealed
    config = from_curl(revealed)
    assert (config.auth, config.client_secret.reveal()) == (ClientAuth.BASIC, "demo sécret+/=&%:x")


# --- Fuzzing: only CurlImportError may escape ---

_WORDS = st.sampled_from(
    [
        "curl",
        "-X",
        "POST",
        "-u",
        "id:secret",
        "-H",
        "Content-Type: application/json",
        "Authorization: Basic ZGVtbzpzZWNyZXQ=",
        "Authorization: Basic",
        "-d",
        "grant_type=client_credentials",
        '{"grant_type":"client_credentials"}',
        "client_assertion=a.b.c",
        f"client_assertion_type={JWT_BEARER}",
        "--data-urlencode",
        "--json",
        "-G",
        "-k",
        "-sSk",
        "-m",
        "nan",
        "https://h/t",
        "http://[::1",
        "--",
        "-",
        "@x",
        "--url",
    ]
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS | st.text(max_size=12), max_size=12))
def test_fuzz_structured_commands(words: list[str]) -> None:
    command = " ".join(shlex.quote(word) for word in ["curl", *words])
    for reader in (parse_curl, from_curl):
        try:
            reader(command)
        except CurlImportError as error:
            assert error.message


@settings(max_examples=300, deadline=None)
@given(command=st.text(max_size=120))
def test_fuzz_arbitrary_text(command: str) -> None:
    for text in (command, "curl " + command):
        for reader in (parse_curl, from_curl):
            try:
                reader(text)
            except CurlImportError as error:
                assert error.message


@settings(max_examples=150, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    path=st.text(max_size=20).map(lambda p: quote_plus(p, safe="/?=&")),
    headers=st.lists(
        st.tuples(
            st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}", fullmatch=True),
            st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=15),
        ),
        max_size=4,
    ),
    body=st.text(max_size=60).map(lambda s: s.replace("\x00", "")),
)
def test_fuzz_to_curl_round_trips_through_parse_curl(
    method: str, path: str, headers: list[tuple[str, str]], body: str
) -> None:
    dropped = {"host", "content-length", "connection", "accept-encoding", "user-agent"}
    headers = [(n, v) for n, v in headers if n.lower() not in dropped]
    url = "https://h.example/" + path
    request = HttpRequest(method, url, tuple(headers), body.encode("utf-8", "surrogatepass"))
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        return
    parsed = parse_curl(to_curl(request, include_secrets=True))
    assert parsed.method == method
    assert parsed.url == url
    assert parsed.body == request.body
    assert parsed.headers == tuple(headers)


_ROUND_TRIP_CONFIGS = [
    ClientConfig(
        token_url="https://api.getresponse.com/v3/token",
        client_id="demo-client",
        client_secret=Secret("demo-secret"),
        body_encoding=BodyEncoding.JSON,
    ),
    ClientConfig(
        token_url="https://api3.getresponse360.pl/v3/token",
        client_id="demo-client",
        client_secret=Secret("demo-secret"),
        scope="all",
        extra_headers=(("X-Domain", "example.com"),),
        extra_params=(("audience", "https://api.example/"),),
    ),
    ClientConfig(
        token_url="http://127.0.0.1:8080/v3/token",
        client_id="demo client",
        client_secret=Secret("p%ss+w:rd é"),
        auth=ClientAuth.BASIC,
    ),
    ClientConfig(
        token_url="https://h/token",
        client_id="demo-client",
        client_secret=Secret("p+ss/w=rd"),
        auth=ClientAuth.BASIC_RAW,
    ),
    ClientConfig(
        token_url="https://h/token",
        client_id="demo-client",
        client_secret=Secret("s3cr&t=x"),
        auth=ClientAuth.POST,
        body_encoding=BodyEncoding.JSON,
        verify_tls=True,
    ),
    ClientConfig(token_url="https://h/token", client_id="public-client", auth=ClientAuth.NONE),
]


@pytest.mark.parametrize("config", _ROUND_TRIP_CONFIGS, ids=lambda c: f"{c.auth}-{c.body_encoding}")
def test_built_token_request_round_trips_to_the_same_config(config: ClientConfig) -> None:
    from workbench.core.clock import ManualClock
    from workbench.core.token_request import build_token_request

    built = build_token_request(config, ManualClock())
    exchange = Exchange(ExchangeKind.TOKEN, built.request, secrets=built.secrets)
    assert from_curl(to_curl(exchange, include_secrets=True)) == config
    redacted = to_curl(exchange)
    secret = config.client_secret.reveal()
    if secret:
        assert secret not in redacted
        assert quote_plus(secret) not in redacted
    if "${BASIC_CREDENTIALS}" in redacted:
        with pytest.raises(CurlImportError, match=r"placeholder \$\{BASIC_CREDENTIALS\}"):
            from_curl(redacted)
    else:
        assert from_curl(redacted).token_url == config.token_url
