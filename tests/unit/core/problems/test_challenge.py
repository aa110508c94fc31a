"""The WWW-Authenticate parser."""

from __future__ import annotations

import pytest

from workbench.core.problems.challenge import AuthChallenge, parse_www_authenticate


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ()),
        ([""], ()),
        (["Bearer"], (AuthChallenge("Bearer"),)),
        (
            ['Bearer realm="example"'],
            (AuthChallenge("Bearer", (("realm", "example"),)),),
        ),
        (
            ['Bearer realm="a, b", error="invalid_token", Basic realm="c"'],
            (
                AuthChallenge("Bearer", (("realm", "a, b"), ("error", "invalid_token"))),
                AuthChallenge("Basic", (("realm", "c"),)),
            ),
        ),
        (
            ['Bearer error_description="say \\"hi\\" \\\\ now"'],
            (AuthChallenge("Bearer", (("error_description", 'say "hi" \\ now'),)),),
        ),
        (
            ["Bearer error=invalid_token,  scope=all"],
            (AuthChallenge("Bearer", (("error", "invalid_token"), ("scope", "all"))),),
        ),
        (
            ['Bearer REALM = "x" , Error="invalid_token"'],
            (AuthChallenge("Bearer", (("realm", "x"), ("error", "invalid_token"))),),
        ),
        (
            ["Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Negotiate abc==, Bearer"],
            (
                AuthChallenge("Basic", token68="YWxhZGRpbjpvcGVuc2VzYW1l"),
                AuthChallenge("Negotiate", token68="abc=="),
                AuthChallenge("Bearer"),
            ),
        ),
        (
            ['Bearer error="invalid_token", error_description="never closed'],
            (
                AuthChallenge(
                    "Bearer",
                    (("error", "invalid_token"), ("error_description", "never closed")),
                ),
            ),
        ),
        (
            ['Bearer realm=""'],
            (AuthChallenge("Bearer", (("realm", ""),)),),
        ),
        (
            ["Bearer realm="],
            (AuthChallenge("Bearer", token68="realm="),),
        ),
        (
            ['Bearer realm="", error="x"'],
            (AuthChallenge("Bearer", (("realm", ""), ("error", "x"))),),
        ),
        (
            ['= "stray", Bearer ,, error="x"'],
            (AuthChallenge("Bearer", (("error", "x"),)),),
        ),
        (
            ['error="no scheme"'],
            (AuthChallenge("", (("error", "no scheme"),)),),
        ),
        (
            ["Basic, Bearer"],
            (AuthChallenge("Basic"), AuthChallenge("Bearer")),
        ),
    ],
)
def test_www_authenticate_is_parsed_tolerantly(
    values: list[str], expected: tuple[AuthChallenge, ...]
) -> None:
    assert parse_www_authenticate(values) == expected


def test_challenge_params_are_looked_up_case_insensitively() -> None:
    (challenge,) = parse_www_authenticate(['Bearer Error="invalid_token"'])
    assert challenge.param("ERROR") == "invalid_token"
    assert challenge.param("scope") is None
