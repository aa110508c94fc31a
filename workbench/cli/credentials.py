"""The client configuration the options describe, with its secret from a safe source."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from workbench.cli.errors import UsageError
from workbench.cli.parser import parse_header, parse_param
from workbench.cli.terminal import printable

if TYPE_CHECKING:
    from typing import NoReturn, TextIO

    from workbench.core.config import ClientConfig
    from workbench.core.profiles import Profile
    from workbench.core.secret import Secret

SECRET_AUTHS = frozenset({"basic", "basic-raw", "post", "secret-jwt"})
"""Client authentication methods that send (or sign with) the client secret."""


class SecretInput:
    """Where the process reads its secrets from: the environment and standard input."""

    __slots__ = ("environ", "stdin")

    def __init__(self, environ: Mapping[str, str], stdin: TextIO) -> None:
        self.environ = environ
        self.stdin = stdin


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
        raise UsageError(_missing(saved, "token URL", "--token-url"))
    if not client_id:
        raise UsageError(_missing(saved, "client id", "--client-id"))
    auth_name: str | None = args.auth
    if auth_name is None:
        if args.private_key_file:
            auth_name = "private-key-jwt"
        else:
            auth_name = profile.auth.value if saved is not None else "basic"
    _refuse_placeholders(profile.extra_params + profile.extra_headers, "its token request")
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


def _refuse_placeholders(pairs: tuple[tuple[str, str], ...], where: str) -> None:
    """``UsageError`` when a saved credential is still a placeholder (not in the keychain)."""
    from workbench.core.profiles.request_secrets import PLACEHOLDER

    missing = [name for name, value in pairs if PLACEHOLDER.search(value)]
    if missing:
        refuse_missing_request_secret(", ".join(missing), where)


def refuse_missing_request_secret(names: str, where: str) -> NoReturn:
    """Say that the profile's saved credential ``names`` are not in the keychain."""
    raise UsageError(
        f"the profile keeps {names} of {where} in the keychain, and it is not there (the "
        "profiles file holds a <secret:...> placeholder); save the profile in the window "
        "with the value, or give it on the command line another way"
    )


def load_profile(name: str) -> Profile:
    """The saved profile called ``name``; ``UsageError`` naming the saved ones if none is."""
    from workbench.core.profiles import ProfileStore

    store = ProfileStore()
    loaded = store.load()
    if loaded.warning:
        print(f"workbench: {printable(loaded.warning)}", file=sys.stderr)
    for profile in loaded.profiles:
        if profile.name == name:
            return profile
    names = ", ".join(repr(profile.name) for profile in loaded.profiles)
    known = f"saved profiles: {names}" if names else f"no profiles are saved in {store.path}"
    raise UsageError(f"there is no profile called {name!r} ({known})")


def _missing(saved: Profile | None, what: str, option: str) -> str:
    """Why a required setting is missing: an option to give, or the profile that lacks it."""
    if saved is None:
        return f"{option} is required (or name a saved profile with --profile)"
    return (
        f"the profile {saved.name!r} has no {what}: give one with {option}, or set it in the window"
    )


def _profile_secret(profile: Profile, kind_name: str, inputs: SecretInput) -> Secret:
    """A profile's secret from its source, or a hidden prompt when a person is there to ask."""
    from workbench.core.profiles import SecretKind, SecretSource
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
    if kind is SecretKind.PRIVATE_KEY:
        give = "Give the private key with --private-key-file FILE"
    else:
        give = "Give it with --client-secret-env VAR, or pipe it in with --client-secret-stdin"
    if profile.secret_ref(kind).source is SecretSource.ASK and not inputs.stdin.isatty():
        raise UsageError(
            f"the profile {profile.name!r} asks for its {label} each time, and there is no "
            f"terminal to ask in (standard input is not one). {give}."
        )
    raise UsageError(f"{found.message} {give}, or store it in the window's profile.")


MAX_SECRET_LINE_CHARS = 64 * 1024
"""The longest line --client-secret-stdin reads (a secret is far shorter; a stream without
line ends, such as /dev/zero, must not fill the memory)."""


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
        value = inputs.stdin.readline(MAX_SECRET_LINE_CHARS + 1)
        if len(value) > MAX_SECRET_LINE_CHARS:  # no end of line in sight: not a secret
            raise UsageError(
                f"--client-secret-stdin read no end of line in {MAX_SECRET_LINE_CHARS:,} "
                "characters; give the secret on one line"
            )
        value = value.rstrip("\r\n")
    if not value:
        raise UsageError("--client-secret-stdin read an empty line")
    return value


def _read_private_key(path: str) -> str:
    """The PEM text of the private key file."""
    from pathlib import Path

    from workbench.core.key_file import KeyFileError, read_key_file

    try:
        text = read_key_file(Path(path)).decode("utf-8")
    except KeyFileError as error:
        raise UsageError(f"--private-key-file {path} {error}") from None
    except UnicodeDecodeError:
        raise UsageError(
            f"--private-key-file {path} is not UTF-8 text, so not a PEM file"
        ) from None
    if "-----BEGIN" not in text:
        raise UsageError(f"--private-key-file {path} is not a PEM file")
    return text
