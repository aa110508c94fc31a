"""``workbench call --request NAME``: a request saved in the profile's collection, sent with its
variables resolved (secret ones from the keychain); an unknown variable stops it before any
request is made."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.commands import (
    fetch_sendable_token,
    open_client,
    report_call,
    warn_about_plain_http,
    warn_about_unverified_api,
    warn_about_unverified_tls,
)
from workbench.cli.credentials import SecretInput, client_config_from_args
from workbench.cli.errors import UsageError
from workbench.cli.imported import trusted_profile

if TYPE_CHECKING:
    from workbench.core.collections.model import (
        Collection,
        Environment,
        ItemPath,
        SavedRequest,
        Variable,
    )
    from workbench.core.profiles import Profile
    from workbench.core.secret import Secret

_PLACEHOLDER_TOKEN = "0" * 40
"""Stands in for the token while checking a request's variables, before asking for one."""
_SHOWN_NAMES = 20


def run_saved_call(args: argparse.Namespace, inputs: SecretInput) -> int:
    """Send the saved request ``--request`` names and print the answer as ``call`` does."""
    from workbench.core.calls import SendOptions
    from workbench.core.collections.model import display_path
    from workbench.core.collections.sending import (
        SendContext,
        api_request,
        resolve_saved_request,
        secret_values,
    )
    from workbench.core.secret import Secret
    from workbench.core.secret_store import SecretStore

    _check_options(args)
    overrides, given_secrets = _given_variables(args, inputs)
    profile = trusted_profile(args.profile, args, inputs)
    collection = _load_collection(profile)
    path, request = _find(collection, args.request, profile)
    environment = _environment(profile, args.env) if args.env else None
    _refuse_secrets_in_clear(overrides, collection, environment)
    context = SendContext(profile, collection, environment, overrides)
    secrets = {**secret_values(context, request, SecretStore()), **given_secrets}
    check = resolve_saved_request(context, request, secrets, Secret(_PLACEHOLDER_TOKEN))
    if not check.ok:
        problems = "\n  ".join(str(problem) for problem in check.problems)
        raise UsageError(
            f"the saved request {display_path(path)!r} cannot be sent:\n  {problems}\n"
            "Give a value with --var NAME=VALUE (--var-env NAME=VAR for a secret), in an "
            "environment (--env NAME), or in the collection."
        )
    config = client_config_from_args(args, inputs, profile)
    warn_about_plain_http(config.token_url)
    warn_about_unverified_tls(config)
    with open_client() as client:
        token, code = fetch_sendable_token(client, config, verbose=args.verbose)
        if token is None:
            return code
        resolution = resolve_saved_request(context, request, secrets, token.value)
        outgoing = api_request(resolution)
        warn_about_plain_http(outgoing.url, "the token and the answer")
        warn_about_unverified_api(outgoing.url, config.verify_tls)
        outcome = client.call_api(outgoing, token, SendOptions.for_config(config))
    return report_call(outcome, verbose=args.verbose, body_file=args.output)


def _check_options(args: argparse.Namespace) -> None:
    if args.request is None:
        raise UsageError("--env, --var and --var-env go with --request NAME")
    if not args.profile:
        raise UsageError("--request needs --profile NAME: saved requests belong to a profile")
    if args.url or args.method or args.call_headers or args.data is not None:
        raise UsageError(
            "--request sends the saved request as it is: drop URL, -X, -H and -d "
            "(--var changes its variables)"
        )


def _load_collection(profile: Profile) -> Collection:
    """The profile's collection; the starter one is written first for a GetResponse preset
    whose folder holds none yet. Files that cannot be read are reported, the rest used."""
    from workbench.core.collections.starter import seed_starter
    from workbench.core.collections.store import (
        CollectionError,
        CollectionStore,
        profile_collection_folder,
    )

    store = CollectionStore(profile_collection_folder(profile))
    try:
        if seed_starter(store, profile):
            print(
                f"workbench: wrote the starter collection of {profile.name!r} to {store.folder}",
                file=sys.stderr,
            )
    except CollectionError as error:
        print(f"workbench: the starter collection could not be written: {error}", file=sys.stderr)
    for problem in store.load():
        print(f"workbench: skipped {problem}", file=sys.stderr)
    return store.collection()


def _find(collection: Collection, wanted: str, profile: Profile) -> tuple[ItemPath, SavedRequest]:
    from workbench.core.collections.model import (
        SavedRequest,
        display_path,
        find_requests,
        walk,
    )

    matches = find_requests(collection, wanted)
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(repr("/".join(path)) for path, _ in matches)
        raise UsageError(
            f"several saved requests are called {wanted!r} ({listed}); name one with its folders"
        )
    saved = [
        display_path(path)
        for path, item in walk(collection.items)
        if isinstance(item, SavedRequest)
    ]
    shown = ", ".join(repr(name) for name in saved[:_SHOWN_NAMES])
    more = f" and {len(saved) - _SHOWN_NAMES} more" if len(saved) > _SHOWN_NAMES else ""
    known = f"saved: {shown}{more}" if saved else "it has no saved request yet"
    raise UsageError(f"{profile.name!r} has no saved request called {wanted!r} ({known})")


def _environment(profile: Profile, name: str) -> Environment:
    from workbench.core.collections.environments import EnvironmentStore
    from workbench.core.collections.store import CollectionError, profile_collection_folder

    store = EnvironmentStore(profile_collection_folder(profile))
    for problem in store.load():
        print(f"workbench: skipped {problem}", file=sys.stderr)
    try:
        return store.get(name)
    except CollectionError as error:
        raise UsageError(str(error)) from None


def _given_variables(
    args: argparse.Namespace, inputs: SecretInput
) -> tuple[tuple[Variable, ...], dict[str, Secret]]:
    """``--var`` values, and ``--var-env`` secrets read from the environment (declared secret)."""
    from workbench.core.collections.model import Variable, variable_name_problem
    from workbench.core.secret import Secret

    overrides: list[Variable] = []
    secrets: dict[str, Secret] = {}
    for option, texts in (("--var", args.variables), ("--var-env", args.variables_from_env)):
        for text in texts:
            name, sep, value = text.partition("=")
            problem = variable_name_problem(name) if sep else f"got {text!r}"
            if problem:
                wanted = "NAME=VAR" if option == "--var-env" else "NAME=VALUE"
                raise UsageError(f"{option} wants {wanted}: {problem}")
            if option == "--var":
                overrides.append(Variable(name, value))
                continue
            secret = inputs.environ.get(value, "")
            if not secret:
                raise UsageError(f"--var-env {name}: the environment variable {value} is not set")
            overrides.append(Variable(name, secret=True))
            secrets[name] = Secret(secret)
    return tuple(overrides), secrets


def _refuse_secrets_in_clear(
    overrides: tuple[Variable, ...], collection: Collection, environment: Environment | None
) -> None:
    """A ``--var`` for a secret variable would put a secret in the process list."""
    declared = [*collection.variables, *(environment.variables if environment else ())]
    secret_names = {variable.name for variable in declared if variable.secret}
    for variable in overrides:
        if not variable.secret and variable.name in secret_names:
            raise UsageError(
                f"--var {variable.name}: {variable.name} is a secret variable, and a secret on "
                "the command line shows in the process list; use --var-env NAME=VAR"
            )
