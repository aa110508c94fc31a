"""The libraries the workbench runs with and their licences (Help > About lists them)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from workbench import licences
from workbench.licences import (
    LibraryLicence,
    bundled_licences,
    licence_of,
    licences_path,
    normalize_name,
    read_licences,
    requirements_here,
    runtime_licences,
    write_licences,
)

REGENERATE = "python -m workbench.licences --write resources/licences.json"


def declared_dependencies() -> set[str]:
    """The names pyproject's [project] dependencies declare, normalized."""
    requires = metadata.distribution("oauth-workbench").requires or []
    return {
        normalize_name(line.split(";")[0].split("[")[0].split("<")[0].split(">")[0].strip())
        for line in requires
        if "extra ==" not in line
    }


def test_runtime_list_covers_the_declared_dependencies_and_their_own() -> None:
    names = {normalize_name(library.name) for library in runtime_licences()}
    assert declared_dependencies() <= names
    # Reached only through others: requests -> urllib3, idna, certifi; Qt's shiboken6.
    assert {"urllib3", "idna", "certifi", "charset-normalizer", "shiboken6"} <= names
    assert "oauth-workbench" not in names
    # Test and development tools are extras of the workbench, never bundled.
    assert not names & {"pytest", "ruff", "mypy", "pyinstaller", "hypothesis"}


def test_licences_come_from_the_metadata() -> None:
    by_name = {normalize_name(library.name): library for library in runtime_licences()}
    assert "LGPL-3.0" in by_name["pyside6-essentials"].licence
    assert "Apache" in by_name["requests"].licence
    assert by_name["keyring"].licence == "MIT"
    assert "MPL" in by_name["certifi"].licence
    assert all(library.version for library in by_name.values())


def test_licence_of_prefers_the_expression_then_a_short_field_then_classifiers() -> None:
    from email.message import Message

    def fields(**values: Any) -> Message:
        message = Message()
        for key, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                message[key.replace("_", "-")] = item
        return message

    assert licence_of(fields(License_Expression="MIT", License="BSD")) == "MIT"
    assert licence_of(fields(License="Apache-2.0")) == "Apache-2.0"
    classifier = "License :: OSI Approved :: MIT License"
    assert licence_of(fields(License="x" * 500, Classifier=[classifier])) == "MIT"
    assert licence_of(fields()) == "see the package's own licence file"


@pytest.mark.parametrize(
    ("line", "extras", "expected"),
    [
        ('winonly; sys_platform == "win32" and sys_platform == "linux"', (), []),
        ('both; sys_platform == "win32" or python_version >= "3"', (), [("both", ())]),
        ('signer[crypto]>=2; extra == "jwt"', ("jwt",), [("signer", ("crypto",))]),
        ('signer[crypto]>=2; extra == "jwt"', (), []),
        ('old; python_version < "3.0"', (), []),
        ("compatible; python_version ~= '3.0'", (), [("compatible", ())]),
        ("not a requirement ((", (), []),
    ],
)
def test_requirements_apply_by_their_markers_and_extras(
    line: str, extras: tuple[str, ...], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert requirements_here([line], extras) == expected


def test_committed_licences_json_matches_the_installed_libraries() -> None:
    committed = {(normalize_name(x.name), x.licence) for x in read_licences(licences_path())}
    runtime = {(normalize_name(x.name), x.licence) for x in runtime_licences()}
    assert committed == runtime, (
        f"resources/licences.json is stale (missing {sorted(runtime - committed)}, "
        f"extra {sorted(committed - runtime)}): run `{REGENERATE}`"
    )
    assert all(library.version for library in read_licences(licences_path()))


def test_write_and_read_round_trip(tmp_path: Path) -> None:
    path = write_licences(tmp_path / "sub" / "licences.json")
    assert read_licences(path) == runtime_licences()
    assert read_licences(tmp_path / "missing.json") == ()
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert read_licences(tmp_path / "bad.json") == ()


def test_command_line_writes_the_file(tmp_path: Path, capsys: Any) -> None:
    assert licences.main(["--write", str(tmp_path / "l.json")]) == 0
    assert read_licences(tmp_path / "l.json") == runtime_licences()
    assert licences.main([]) == 2
    capsys.readouterr()


def test_without_metadata_the_bundled_file_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A packaged build has no installed metadata: the list comes from resources/."""
    saved = write_licences(tmp_path / "licences.json", [LibraryLicence("Qt", "6", "LGPL-3.0")])

    def missing(_root: str = "") -> tuple[LibraryLicence, ...]:
        raise metadata.PackageNotFoundError("oauth-workbench")

    monkeypatch.setattr(licences, "runtime_licences", missing)
    monkeypatch.setattr(licences, "licences_path", lambda: saved)
    assert bundled_licences() == (LibraryLicence("Qt", "6", "LGPL-3.0"),)
