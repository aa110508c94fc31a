"""Environments (``US``, ``MAX PL``): files of variable values beside the collection, and the
keychain entries of their secret variables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from workbench.core.collections import file_format as fmt
from workbench.core.collections.disk_tree import FileProblem, taken_stems
from workbench.core.collections.files import (
    FileFormatError,
    WriteError,
    file_stem,
    read_text,
    unique_stem,
    write_atomically,
)
from workbench.core.collections.model import Environment, name_problem
from workbench.core.collections.store import CollectionError, SecretsFoundError
from workbench.core.secret import Secret
from workbench.core.secret_store import KeychainStatus, SecretStore

MAX_ENVIRONMENTS = 500


class EnvironmentStore:
    """A collection's environments, one TOML file each in its ``_environments`` folder."""

    def __init__(self, collection_folder: Path) -> None:
        self.folder = collection_folder / fmt.ENVIRONMENTS_DIR
        self._files: dict[str, str] = {}
        self._environments: dict[str, Environment] = {}
        self._problems: list[FileProblem] = []

    def load(self) -> tuple[FileProblem, ...]:
        """Read every environment file; returns those that could not be read."""
        self._files, self._environments, self._problems = {}, {}, []
        try:
            paths = sorted(self.folder.glob(f"*{fmt.REQUEST_SUFFIX}"))[:MAX_ENVIRONMENTS]
        except OSError as error:
            self._problems.append(FileProblem(self.folder, f"cannot be read ({error})"))
            return tuple(self._problems)
        for path in paths:
            if path.name.startswith((".", "_")):
                continue
            try:
                environment = fmt.environment_from_text(read_text(path))
            except FileFormatError as error:
                self._problems.append(FileProblem(path, error.message, error.line))
                continue
            except OSError as error:
                self._problems.append(FileProblem(path, f"cannot be read ({error.strerror})"))
                continue
            if environment.name in self._environments:
                self._problems.append(
                    FileProblem(path, f"another file also defines {environment.name!r}; ignored")
                )
                continue
            self._files[environment.name] = path.name
            self._environments[environment.name] = environment
        return tuple(self._problems)

    @property
    def problems(self) -> tuple[FileProblem, ...]:
        """The files the last ``load`` could not read."""
        return tuple(self._problems)

    @property
    def environments(self) -> tuple[Environment, ...]:
        """Every environment, by name."""
        return tuple(sorted(self._environments.values(), key=lambda env: env.name.casefold()))

    def get(self, name: str) -> Environment:
        """The environment called ``name``; ``CollectionError`` naming the others if none."""
        found = self._environments.get(name)
        if found is None:
            known = ", ".join(repr(env.name) for env in self.environments) or "none yet"
            raise CollectionError(f"There is no environment called {name!r} (known: {known}).")
        return found

    def save(self, environment: Environment) -> None:
        """Create or overwrite the environment of that name; never with a secret in clear."""
        from workbench.core.collections.secret_scan import extract_variable_secrets

        problem = name_problem(environment.name, "environment name")
        if problem:
            raise CollectionError(problem)
        _, findings = extract_variable_secrets(environment.variables)
        if findings:
            raise SecretsFoundError(findings)
        file_name = self._files.get(environment.name)
        if file_name is None:
            stem = unique_stem(file_stem(environment.name, "environment"), self._taken())
            file_name = f"{stem}{fmt.REQUEST_SUFFIX}"
        self._write(file_name, environment)
        self._files[environment.name] = file_name
        self._environments[environment.name] = environment

    def rename(self, old: str, new: str) -> None:
        """Give an environment a new name (its file follows)."""
        environment = self.get(old)
        if new != old and new in self._environments:
            raise CollectionError(f"There is already an environment called {new!r}.")
        problem = name_problem(new, "environment name")
        if problem:
            raise CollectionError(problem)
        old_file = self._files[old]
        stem = unique_stem(file_stem(new, "environment"), self._taken() - {_stem(old_file)})
        new_file = f"{stem}{fmt.REQUEST_SUFFIX}"
        self._write(new_file, replace(environment, name=new))
        if new_file != old_file:
            (self.folder / old_file).unlink(missing_ok=True)
        del self._files[old], self._environments[old]
        self._files[new] = new_file
        self._environments[new] = replace(environment, name=new)

    def delete(self, name: str) -> None:
        """Remove an environment's file."""
        self.get(name)
        try:
            (self.folder / self._files[name]).unlink(missing_ok=True)
        except OSError as error:
            raise CollectionError(f"Could not delete {name!r}: {error.strerror}") from error
        del self._files[name], self._environments[name]

    def _write(self, file_name: str, environment: Environment) -> None:
        try:
            write_atomically(self.folder / file_name, fmt.environment_to_text(environment))
        except (WriteError, ValueError) as error:
            raise CollectionError(str(error)) from error

    def _taken(self) -> set[str]:
        return taken_stems(self.folder) | {_stem(name) for name in self._files.values()}


def merge_environment(store: EnvironmentStore, environment: Environment) -> tuple[str, ...]:
    """Save an imported ``environment`` into ``store``: the variables it adds, the existing
    ones kept. Returns the names it holds with another value (kept as they were); raises
    ``CollectionError``."""
    from workbench.core.collections.imports import merge_variables

    existing = next((e for e in store.environments if e.name == environment.name), None)
    before = existing.variables if existing is not None else ()
    merged, conflicts = merge_variables(before, environment.variables)
    store.save(Environment(environment.name, merged))
    return conflicts


def _stem(file_name: str) -> str:
    return file_name.lower().removesuffix(fmt.REQUEST_SUFFIX)


# ------------------------------------------------------------------ secret variables' values


def secret_entry(environment: str, name: str) -> str:
    """The keychain entry (under the profile) of secret variable ``name``; ``environment`` is
    empty for the collection's own variables."""
    return f"variable/{environment}/{name}" if environment else f"variable/{name}"


def read_secret_values(
    store: SecretStore, profile_id: str, environment: str, names: Iterable[str]
) -> dict[str, Secret]:
    """The stored values of secret variables ``names`` (those with none are left out)."""
    found = {}
    for name in names:
        secret = store.get_entry(profile_id, secret_entry(environment, name))
        if secret:
            found[name] = secret
    return found


def store_secret_values(
    store: SecretStore, profile_id: str, environment: str, values: Mapping[str, Secret]
) -> KeychainStatus:
    """Keep secret variables' values in the keychain (in memory for the run if there is none)."""
    status = store.status
    for name, secret in values.items():
        status = store.put_entry(profile_id, secret_entry(environment, name), secret)
    return status
