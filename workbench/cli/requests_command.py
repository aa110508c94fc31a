"""``workbench requests``: list a profile's saved requests, import Postman and ``.http`` files
into them (secrets to the keychain only with ``--store-secrets``), export them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from workbench.cli.credentials import load_profile
from workbench.cli.errors import EXIT_OK, UsageError
from workbench.cli.terminal import printable

if TYPE_CHECKING:
    from workbench.core.collections.imports import ImportResult
    from workbench.core.collections.secret_scan import SecretFinding
    from workbench.core.collections.store import CollectionStore
    from workbench.core.profiles import Profile

EXPORT_FORMATS = ("postman", "http")


def run_requests(args: argparse.Namespace) -> int:
    """Run ``workbench requests list|import|export``."""
    from workbench.core.collections.store import CollectionStore, profile_collection_folder

    profile = load_profile(args.profile)
    store = CollectionStore(profile_collection_folder(profile))
    for problem in store.load():
        _print(f"workbench: skipped {problem}", file=sys.stderr)
    if args.action == "list":
        return _list(profile, store)
    if args.action == "import":
        return _import(args, profile, store)
    return _export(args, profile, store)


def _list(profile: Profile, store: CollectionStore) -> int:
    from workbench.core.collections.environments import EnvironmentStore
    from workbench.core.collections.model import SavedRequest, display_path, walk

    _print(f"# {profile.name}: {store.folder}")
    for path, item in walk(store.collection().items):
        if isinstance(item, SavedRequest):
            _print(f"{display_path(path)}\t{item.method} {item.url}")
    environments = EnvironmentStore(store.folder)
    for problem in environments.load():
        _print(f"workbench: skipped {problem}", file=sys.stderr)
    names = ", ".join(environment.name for environment in environments.environments)
    if names:
        _print(f"# environments: {names}")
    return EXIT_OK


def _import(args: argparse.Namespace, profile: Profile, store: CollectionStore) -> int:
    from workbench.core.collections.imports import ImportFormatError

    path = Path(args.file)
    kind = args.format or _guess_format(path)
    text = _read(path)
    try:
        if kind in ("http-env", "http-private-env"):
            return _import_environments(
                args, profile, store, text, private=kind.endswith("private-env")
            )
        result = _import_collection(text, kind, path)
    except ImportFormatError as error:
        raise UsageError(f"{path} cannot be imported: {error}") from None
    return _save_import(args, profile, store, result)


def _import_collection(text: str, kind: str, path: Path) -> ImportResult:
    from workbench.core.collections.http_file import import_http_file
    from workbench.core.collections.postman import import_postman

    if kind == "postman":
        return import_postman(text)
    return import_http_file(text, name=path.stem or "Imported .http file")


def _save_import(
    args: argparse.Namespace, profile: Profile, store: CollectionStore, result: ImportResult
) -> int:
    from workbench.core.collections.imports import merge_variables, still_undefined
    from workbench.core.collections.model import Folder, display_path
    from workbench.core.collections.starter import profile_variables
    from workbench.core.collections.store import CollectionError

    for warning in result.warnings:
        _print(f"note: {warning}", file=sys.stderr)
    collection = result.collection
    try:
        written = store.add_items((), (Folder(collection.name, collection.items, collection.note),))
        merged, conflicts = merge_variables(
            store.collection().variables, collection.variables, profile_variables(profile)
        )
        store.set_variables(merged)
    except CollectionError as error:
        raise UsageError(f"the import could not be saved: {error}") from None
    _print(f"Imported into {display_path(written[0])!r} in {store.folder}")
    for name in conflicts:
        _print(
            f"note: {name} already has a value here (the collection's or the profile's); "
            "it was kept",
            file=sys.stderr,
        )
    _secrets(args, profile, "", result.findings)
    undefined = still_undefined(result.undefined, merged, profile_variables(profile))
    if undefined:
        _print(
            f"note: set these variables before sending: {', '.join(undefined)}",
            file=sys.stderr,
        )
    if result.profile is not None:
        suggestion = result.profile
        _print(
            f"note: {suggestion.found_in} describes a client-credentials setup: token URL "
            f"{suggestion.token_url}, client id {suggestion.client_id or '(none)'}, scope "
            f"{suggestion.scope or '(none)'}, client authentication {suggestion.auth.value}; "
            "create a profile with it in the window"
            + (" (its client secret was not stored)" if suggestion.client_secret else ""),
            file=sys.stderr,
        )
    return EXIT_OK


def _import_environments(
    args: argparse.Namespace, profile: Profile, store: CollectionStore, text: str, *, private: bool
) -> int:
    from workbench.core.collections.environments import EnvironmentStore, merge_environment
    from workbench.core.collections.http_file import import_http_environments
    from workbench.core.collections.store import CollectionError

    imported = import_http_environments(text, private=private)
    environments = EnvironmentStore(store.folder)
    for problem in environments.load():
        _print(f"workbench: skipped {problem}", file=sys.stderr)
    for environment in imported.environments:
        try:
            conflicts = merge_environment(environments, environment)
        except CollectionError as error:
            raise UsageError(
                f"the environment {environment.name!r} could not be saved: {error}"
            ) from None
        for name in conflicts:
            _print(
                f"note: {environment.name}: {name} already had a value; it was kept",
                file=sys.stderr,
            )
        _print(f"Imported the environment {environment.name!r}")
        _secrets(args, profile, environment.name, imported.findings[environment.name])
    return EXIT_OK


def _secrets(
    args: argparse.Namespace,
    profile: Profile,
    environment: str,
    findings: tuple[SecretFinding, ...],
) -> None:
    """Store what was found in the keychain with ``--store-secrets``; otherwise say it was
    dropped. Never print a value."""
    from workbench.core.collections.environments import store_secret_values
    from workbench.core.secret_store import SecretStore

    if not findings:
        return
    places = "; ".join(f"{finding.variable} ({finding.location})" for finding in findings)
    if not args.store_secrets:
        _print(
            f"note: secrets found and left out, now secret variables without a value: {places}. "
            "Import again with --store-secrets to keep them in the keychain.",
            file=sys.stderr,
        )
        return
    status = store_secret_values(
        SecretStore(), profile.profile_id, environment, {f.variable: f.value for f in findings}
    )
    where = "the OS keychain" if status.available else "memory for this run only (no keychain)"
    _print(f"Moved to {where}: {places}")


def _export(args: argparse.Namespace, profile: Profile, store: CollectionStore) -> int:
    from workbench.core.collections.files import WriteError, write_atomically
    from workbench.core.collections.http_file import export_http_file
    from workbench.core.collections.postman_export import PostmanAuth, export_postman

    collection = store.collection()
    warnings: tuple[str, ...] = ()
    if args.format == "postman":
        auth = PostmanAuth(profile.token_url, profile.client_id, profile.scope, profile.auth)
        text = export_postman(collection, auth)
    else:
        exported = export_http_file(collection)
        text, warnings = exported.text, exported.warnings
    for warning in warnings:
        _print(f"note: {warning}", file=sys.stderr)
    if args.file == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.file)
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; add --force to replace it")
    try:
        write_atomically(target, text)
    except WriteError as error:
        raise UsageError(str(error)) from None
    _print(f"Exported {profile.name!r}'s requests to {target}")
    return EXIT_OK


def _guess_format(path: Path) -> str:
    from workbench.core.collections.imports import IMPORT_FORMATS, guess_format

    kind = guess_format(path.name)
    if not kind:
        raise UsageError(f"say what {path.name} is with --format ({', '.join(IMPORT_FORMATS)})")
    return kind


def _read(path: Path) -> str:
    from workbench.core.collections.imports import ImportFormatError, read_import_text

    try:
        return read_import_text(path)
    except ImportFormatError as error:
        raise UsageError(str(error).rstrip(".")) from None


def _print(text: str, *, file: TextIO | None = None) -> None:
    """``print``, with what a file put in names, URLs and messages shown escaped: a
    collection from elsewhere must not retitle or clear the terminal."""
    print(printable(text), file=file)
