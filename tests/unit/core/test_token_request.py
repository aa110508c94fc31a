"""The token request: every client-authentication method, both body encodings, byte for byte."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from workbench.core.clock import ManualClock
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.secret import Secret
from workbench.core.token_request import (
    CLIENT_ASSERTION_TYPE,
    TokenRequest,
    TokenRequestError,
    build_token_request,
)

TOKEN_URL = "http://127.0.0.1:8080/v3/token"
LONG_SECRET = "demo-secret-that-is-long-enough-for-hs256-signing"
TRICKY_ID = "demo client:%+&=#"
TRICKY_SECRET = "dëmo secret:%+&=#~*"


def config(**changes: object) -> ClientConfig:
    values: dict[str, object] = {
        "token_url": TOKEN_URL,
        "client_id": "demo-client",
        "client_secret": Secret("demo-secret"),
    }
    values.update(changes)
    return ClientConfig(**values)  # type: ignore[arg-type]


def build(clock: ManualClock | None = None, **changes: object) -> TokenRequest:
    return build_token_request(config(**changes), clock or ManualClock())


def form(result: TokenRequest) -> list[tuple[str, str]]:
    assert result.request.header("Content-Type") == "application/x-www-form-urlencoded"
    return parse_qsl(
        result.request.body.decode("ascii"), keep_blank_values=True, strict_parsing=True
    )


def basic_bytes(result: TokenRequest) -> bytes:
    header = result.request.header("Authorization")
    assert header is not None and header.startswith("Basic ")
    return base64.b64decode(header.removeprefix("Basic "), validate=True)


def rsa_pem() -> tuple[str, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return pem, key


def ec_pem(curve: ec.EllipticCurve) -> tuple[str, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(curve)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return pem, key


# --- the request line and the common headers -------------------------------------------------


def test_posts_client_credentials_to_the_token_url_asking_for_json() -> None:
    result = build()
    assert result.request.method == "POST"
    assert result.request.url == TOKEN_URL
    assert result.request.header("Accept") == "application/json"
    assert form(result) == [("grant_type", "client_credentials")]
    assert [name for name, _ in result.request.headers] == [
        "Content-Type",
        "Accept",
        "Authorization",
    ]


def test_empty_scope_is_omitted_and_a_scope_is_sent() -> None:
    assert "scope" not in dict(form(build(scope="")))
    assert form(build(scope="all read:x")) == [
        ("grant_type", "client_credentials"),
        ("scope", "all read:x"),
    ]
    assert b"scope=all+read%3Ax" in build(scope="all read:x").request.body


# --- Basic, strict and raw -------------------------------------------------------------------


def test_basic_is_rfc_strict_form_urlencoding_then_base64() -> None:
    result = build(client_id=TRICKY_ID, client_secret=Secret(TRICKY_SECRET))
    assert basic_bytes(result) == (
        b"demo+client%3A%25%2B%26%3D%23:d%C3%ABmo+secret%3A%25%2B%26%3D%23~%2A"
    )
    assert "client_secret" not in dict(form(result))
    assert "client_id" not in dict(form(result))


def test_basic_raw_is_base64_of_the_utf8_id_and_secret() -> None:
    result = build(
        client_id=TRICKY_ID, client_secret=Secret(TRICKY_SECRET), auth=ClientAuth.BASIC_RAW
    )
    assert basic_bytes(result) == "demo client:%+&=#:dëmo secret:%+&=#~*".encode()


@pytest.mark.parametrize("auth", [ClientAuth.BASIC, ClientAuth.BASIC_RAW])
def test_basic_and_raw_agree_on_plain_values_without_a_note(auth: ClientAuth) -> None:
    result = build(auth=auth)
    assert basic_bytes(result) == b"demo-client:demo-secret"
    assert not any("basic" in note.lower() for note in result.notes)


@pytest.mark.parametrize(
    ("auth", "other"), [(ClientAuth.BASIC, "'basic-raw'"), (ClientAuth.BASIC_RAW, "'basic'")]
)
def test_a_note_says_when_strict_and_raw_basic_differ(auth: ClientAuth, other: str) -> None:
    result = build(client_secret=Secret("a b"), auth=auth)
    [note] = [note for note in result.notes if "Basic" in note]
    assert "client secret" in note
    assert "client id" not in note
    assert other in note
    assert "a b" not in note


def test_basic_secrets_include_the_secret_its_encoding_and_the_credential() -> None:
    result = build(client_secret=Secret(TRICKY_SECRET))
    header = result.request.header("Authorization")
    assert header is not None
    assert TRICKY_SECRET in result.secrets
    assert "d%C3%ABmo+secret%3A%25%2B%26%3D%23~%2A" in result.secrets
    assert header.removeprefix("Basic ") in result.secrets
    assert "" not in result.secrets


# --- secret in the body, none ----------------------------------------------------------------


def test_post_puts_id_and_secret_form_urlencoded_in_the_body() -> None:
    result = build(client_id=TRICKY_ID, client_secret=Secret(TRICKY_SECRET), auth=ClientAuth.POST)
    assert result.request.header("Authorization") is None
    assert form(result) == [
        ("grant_type", "client_credentials"),
        ("client_id", TRICKY_ID),
        ("client_secret", TRICKY_SECRET),
    ]
    encoded = "d%C3%ABmo+secret%3A%25%2B%26%3D%23~%2A"
    assert f"client_secret={encoded}".encode() in result.request.body
    assert encoded in result.secrets


def test_none_sends_only_the_client_id() -> None:
    result = build(auth=ClientAuth.NONE)
    assert result.request.header("Authorization") is None
    assert form(result) == [("grant_type", "client_credentials"), ("client_id", "demo-client")]
    assert b"demo-secret" not in result.request.body


# --- JSON bodies -----------------------------------------------------------------------------


def test_json_body_is_one_object_with_utf8_content_type() -> None:
    result = build(
        body_encoding=BodyEncoding.JSON,
        auth=ClientAuth.POST,
        client_secret=Secret('dëmo "secret"'),
        scope="all",
    )
    assert result.request.header("Content-Type") == "application/json;charset=utf-8"
    assert json.loads(result.request.body.decode("utf-8")) == {
        "grant_type": "client_credentials",
        "scope": "all",
        "client_id": "demo-client",
        "client_secret": 'dëmo "secret"',
    }
    assert 'dëmo \\"secret\\"' in result.secrets  # as it appears inside the JSON text


def test_json_body_with_basic_is_as_in_getresponses_tutorial() -> None:
    result = build(body_encoding=BodyEncoding.JSON)
    assert result.request.body == b'{"grant_type":"client_credentials"}'
    assert basic_bytes(result) == b"demo-client:demo-secret"


# --- extra parameters and headers --------------------------------------------------------------


def test_extra_params_follow_in_order_and_empty_ones_are_omitted() -> None:
    result = build(extra_params=(("audience", "https://api.example"), ("resource", "")))
    assert form(result) == [
        ("grant_type", "client_credentials"),
        ("audience", "https://api.example"),
    ]
    assert any("'resource'" in note for note in result.notes)


def test_a_repeated_parameter_is_sent_once_and_the_later_value_wins() -> None:
    result = build(
        scope="all",
        extra_params=(("scope", "read"), ("audience", "a"), ("audience", "b")),
    )
    assert form(result) == [
        ("grant_type", "client_credentials"),
        ("scope", "read"),
        ("audience", "b"),
    ]
    assert sum("given twice" in note for note in result.notes) == 2


def test_an_empty_extra_parameter_removes_a_standard_one() -> None:
    result = build(auth=ClientAuth.NONE, extra_params=(("client_id", ""),))
    assert form(result) == [("grant_type", "client_credentials")]


def test_a_secret_given_as_an_extra_parameter_is_still_a_secret() -> None:
    result = build(auth=ClientAuth.NONE, extra_params=(("client_secret", "other-secret"),))
    assert "other-secret" in result.secrets


def test_extra_headers_are_appended_and_may_replace_ours() -> None:
    result = build(
        extra_headers=(("X-Domain", "example.com"), ("accept", "*/*"), ("X-Domain", "b.example"))
    )
    assert result.request.headers[1] == ("accept", "*/*")
    assert result.request.headers[-2:] == (("X-Domain", "example.com"), ("X-Domain", "b.example"))
    assert [name.lower() for name, _ in result.request.headers].count("accept") == 1


# --- RFC 7523 assertions ---------------------------------------------------------------------


def assertion_of(result: TokenRequest) -> str:
    params = dict(form(result))
    assert params["client_assertion_type"] == CLIENT_ASSERTION_TYPE
    assert params["client_id"] == "demo-client"
    assert "client_secret" not in params
    assert result.request.header("Authorization") is None
    assert params["client_assertion"] in result.secrets
    return params["client_assertion"]


def check_claims(claims: dict[str, object], clock: ManualClock) -> None:
    assert claims["iss"] == claims["sub"] == "demo-client"
    assert claims["aud"] == TOKEN_URL
    assert claims["iat"] == int(clock.wall())
    assert claims["exp"] == int(clock.wall()) + 300
    assert isinstance(claims["jti"], str) and len(claims["jti"]) == 32


def test_secret_jwt_is_an_hs256_assertion_signed_with_the_secret() -> None:
    clock = ManualClock(wall_s=1_767_225_600.5)
    result = build(clock, auth=ClientAuth.SECRET_JWT, client_secret=Secret(LONG_SECRET))
    assertion = assertion_of(result)
    assert jwt.get_unverified_header(assertion)["alg"] == "HS256"
    claims = jwt.decode(
        assertion,
        LONG_SECRET,
        algorithms=["HS256"],
        audience=TOKEN_URL,
        options={"verify_exp": False},
    )
    check_claims(claims, clock)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(assertion, LONG_SECRET + "x", algorithms=["HS256"], audience=TOKEN_URL)
    assert not result.notes


def test_each_assertion_has_a_fresh_jti() -> None:
    clock = ManualClock()
    jtis = {
        jwt.decode(
            assertion_of(
                build(clock, auth=ClientAuth.SECRET_JWT, client_secret=Secret(LONG_SECRET))
            ),
            options={"verify_signature": False},
        )["jti"]
        for _ in range(20)
    }
    assert len(jtis) == 20


def test_secret_jwt_with_a_short_secret_is_signed_and_noted() -> None:
    result = build(auth=ClientAuth.SECRET_JWT)
    assert any("Weak key for HS256" in note for note in result.notes)


def test_secret_jwt_honours_a_chosen_hmac_algorithm_and_refuses_others() -> None:
    result = build(
        auth=ClientAuth.SECRET_JWT, client_secret=Secret(LONG_SECRET * 2), jwt_algorithm="HS512"
    )
    assert jwt.get_unverified_header(assertion_of(result))["alg"] == "HS512"
    with pytest.raises(TokenRequestError, match="must be one of HS256"):
        build(auth=ClientAuth.SECRET_JWT, jwt_algorithm="RS256")


def test_secret_jwt_without_a_secret_is_refused() -> None:
    with pytest.raises(TokenRequestError, match="needs a client secret"):
        build(auth=ClientAuth.SECRET_JWT, client_secret=Secret())


def test_private_key_jwt_with_rsa_is_rs256_and_verifies_with_the_public_key() -> None:
    clock = ManualClock()
    pem, key = rsa_pem()
    result = build(clock, auth=ClientAuth.PRIVATE_KEY_JWT, private_key_pem=Secret(pem))
    assertion = assertion_of(result)
    assert jwt.get_unverified_header(assertion)["alg"] == "RS256"
    claims = jwt.decode(
        assertion,
        key.public_key(),
        algorithms=["RS256"],
        audience=TOKEN_URL,
        options={"verify_exp": False},
    )
    check_claims(claims, clock)
    assert pem in result.secrets
    assert "demo-secret" not in result.request.body.decode()


@pytest.mark.parametrize(
    ("curve", "algorithm"),
    [(ec.SECP256R1(), "ES256"), (ec.SECP384R1(), "ES384"), (ec.SECP521R1(), "ES512")],
)
def test_private_key_jwt_with_ec_picks_the_algorithm_from_the_curve(
    curve: ec.EllipticCurve, algorithm: str
) -> None:
    clock = ManualClock()
    pem, key = ec_pem(curve)
    assertion = assertion_of(
        build(clock, auth=ClientAuth.PRIVATE_KEY_JWT, private_key_pem=Secret(pem))
    )
    assert jwt.get_unverified_header(assertion)["alg"] == algorithm
    claims = jwt.decode(
        assertion,
        key.public_key(),
        algorithms=[algorithm],
        audience=TOKEN_URL,
        options={"verify_exp": False},
    )
    check_claims(claims, clock)


def test_private_key_jwt_with_ed25519_is_eddsa() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    assertion = assertion_of(build(auth=ClientAuth.PRIVATE_KEY_JWT, private_key_pem=Secret(pem)))
    assert jwt.get_unverified_header(assertion)["alg"] == "EdDSA"
    jwt.decode(
        assertion,
        key.public_key(),
        algorithms=["EdDSA"],
        audience=TOKEN_URL,
        options={"verify_exp": False},
    )


def test_private_key_jwt_honours_a_chosen_algorithm() -> None:
    pem, key = rsa_pem()
    result = build(
        auth=ClientAuth.PRIVATE_KEY_JWT, private_key_pem=Secret(pem), jwt_algorithm="PS256"
    )
    assertion = assertion_of(result)
    assert jwt.get_unverified_header(assertion)["alg"] == "PS256"
    jwt.decode(
        assertion,
        key.public_key(),
        algorithms=["PS256"],
        audience=TOKEN_URL,
        options={"verify_exp": False},
    )


def encrypted_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"demo-passphrase"),
    ).decode()


def public_pem() -> str:
    return (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.mark.parametrize(
    ("pem", "message"),
    [
        ("", "none is set"),
        ("not a key at all", "not in PEM form"),
        ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "damaged or incomplete"),
        ("PUBLIC", "public key or a certificate"),
        ("ENCRYPTED", "passphrase"),
    ],
)
def test_a_bad_private_key_is_a_clear_error(pem: str, message: str) -> None:
    pem = {"PUBLIC": public_pem(), "ENCRYPTED": encrypted_pem()}.get(pem, pem)
    with pytest.raises(TokenRequestError, match=message) as caught:
        build(auth=ClientAuth.PRIVATE_KEY_JWT, private_key_pem=Secret(pem))
    assert caught.value.message == str(caught.value)


@pytest.mark.parametrize("algorithm", ["HS256", "ES256", "none"])
def test_private_key_jwt_refuses_an_algorithm_that_does_not_fit_the_key(algorithm: str) -> None:
    pem, _key = rsa_pem()
    with pytest.raises(TokenRequestError):
        build(auth=ClientAuth.PRIVATE_KEY_JWT, private_key_pem=Secret(pem), jwt_algorithm=algorithm)


def test_an_assertion_needs_a_token_url_for_its_audience() -> None:
    with pytest.raises(TokenRequestError, match="audience"):
        build(token_url="", auth=ClientAuth.SECRET_JWT, client_secret=Secret(LONG_SECRET))


def test_an_unencodable_secret_is_a_clear_error() -> None:
    with pytest.raises(TokenRequestError, match="UTF-8"):
        build(client_secret=Secret("bad\udc80secret"))
