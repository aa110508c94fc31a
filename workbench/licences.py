"""The libraries the workbench runs with and their licences, for Help > About.

From source, the list is read from the installed packages' metadata: the runtime dependency
closure of the workbench, requirements parsed and their markers evaluated by the
``packaging`` library. A packaged build has no such metadata: ``make package`` writes the
list to ``resources/licences.json`` first (``python -m workbench.licences --write PATH``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import workbench
from workbench.resources import resources_dir

DISTRIBUTION = "oauth-workbench"
"""The workbench's own distribution: the root of the dependency walk."""
LICENCES_FILE = "licences.json"
LICENCES_FORMAT = "oauth-workbench-licences"
LICENCES_SCHEMA_VERSION = 1
UNKNOWN_LICENCE = "see the package's own licence file"
_MAX_LICENCE_FIELD_CHARS = 100
"""A ``License`` field longer than this is the whole text, not a name: use the classifiers."""
_CLASSIFIER_LICENCES = {
    "MIT License": "MIT",
    "MIT No Attribution License (MIT-0)": "MIT-0",
    "Apache Software License": "Apache-2.0",
    "BSD License": "BSD",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "ISC License (ISCL)": "ISC",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
    "GNU Library or Lesser General Public License (LGPL)": "LGPL",
}


@dataclass(frozen=True)
class LibraryLicence:
    """One bundled library: its distribution name, version and licence (SPDX where known)."""

    name: str
    version: str
    licence: str


def normalize_name(name: str) -> str:
    """A distribution name as the packaging standards compare them (PEP 503)."""
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def requirements_here(
    requires: Sequence[str], extras: Sequence[str] = ()
) -> list[tuple[str, tuple[str, ...]]]:
    """(name, extras) of each requirement line that applies to this interpreter and platform,
    when the distribution is installed with ``extras``."""
    from packaging.requirements import InvalidRequirement, Requirement

    wanted = [{"extra": extra} for extra in extras] or [{"extra": ""}]
    found = []
    for line in requires:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        marker = requirement.marker
        if marker is None or any(marker.evaluate(environment) for environment in wanted):
            found.append((requirement.name, tuple(sorted(requirement.extras))))
    return found


def licence_of(fields: Any) -> str:
    """A distribution's licence: License-Expression, a short License field, or classifiers."""
    expression = (fields.get("License-Expression") or "").strip()
    if expression:
        return str(expression)
    text = (fields.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= _MAX_LICENCE_FIELD_CHARS:
        return str(text)
    names = [
        classifier.split(" :: ")[-1]
        for classifier in fields.get_all("Classifier") or ()
        if classifier.startswith("License ::") and classifier.count(" :: ") >= 2
    ]
    if names:
        return " / ".join(_CLASSIFIER_LICENCES.get(name, name) for name in names)
    return UNKNOWN_LICENCE


def runtime_licences(root: str = DISTRIBUTION) -> tuple[LibraryLicence, ...]:
    """The installed runtime dependency closure of ``root`` (itself excluded), sorted by name.

    Follows each requirement that applies here, with the extras it asks for
    (``pyjwt[crypto]``) and no others; requirements that are not installed are skipped.
    Raises ``PackageNotFoundError`` when ``root`` itself is not installed (a packaged build).
    """
    pending: list[tuple[metadata.Distribution, tuple[str, ...]]] = [
        (metadata.distribution(root), ())
    ]
    seen: dict[str, LibraryLicence] = {}
    visited: set[tuple[str, tuple[str, ...]]] = set()
    while pending:
        distribution, extras = pending.pop()
        for name, wanted in requirements_here(distribution.requires or (), extras):
            key = (normalize_name(name), wanted)
            if key in visited:
                continue
            visited.add(key)
            try:
                dependency = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                continue
            fields = dependency.metadata
            display = str(fields["Name"] or name)
            seen.setdefault(
                normalize_name(display),
                LibraryLicence(display, str(dependency.version), licence_of(fields)),
            )
            pending.append((dependency, wanted))
    seen.pop(normalize_name(root), None)
    return tuple(sorted(seen.values(), key=lambda library: normalize_name(library.name)))


def licences_path() -> Path:
    """``resources/licences.json`` (from source or inside a packaged build)."""
    return resources_dir() / LICENCES_FILE


def write_licences(path: Path, libraries: Sequence[LibraryLicence] | None = None) -> Path:
    """Write the runtime list (or ``libraries``) as JSON to ``path``; returns ``path``."""
    document = {
        "format": LICENCES_FORMAT,
        "version": LICENCES_SCHEMA_VERSION,
        "application": DISTRIBUTION,
        "application_version": workbench.__version__,
        "libraries": [
            asdict(library) for library in (runtime_licences() if libraries is None else libraries)
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def read_licences(path: Path) -> tuple[LibraryLicence, ...]:
    """The libraries listed in a ``write_licences`` file; empty when absent or unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if not isinstance(document, dict) or document.get("format") != LICENCES_FORMAT:
        return ()
    return tuple(
        LibraryLicence(
            str(entry.get("name", "")),
            str(entry.get("version", "")),
            str(entry.get("licence", UNKNOWN_LICENCE)),
        )
        for entry in document.get("libraries") or ()
        if isinstance(entry, dict)
    )


def bundled_licences() -> tuple[LibraryLicence, ...]:
    """The libraries to credit: from installed metadata, else from ``resources/licences.json``."""
    try:
        return runtime_licences()
    except metadata.PackageNotFoundError:
        return read_licences(licences_path())


def main(argv: Sequence[str] | None = None) -> int:
    """``--write PATH`` writes the runtime list; ``--list`` prints it."""
    parser = argparse.ArgumentParser(prog="python -m workbench.licences", description=__doc__)
    parser.add_argument("--write", metavar="PATH", type=Path)
    parser.add_argument("--list", action="store_true", help="print the bundled libraries")
    args = parser.parse_args(argv)
    if args.write is None and not args.list:
        parser.print_usage(sys.stderr)
        return 2
    if args.write is not None:
        print(f"wrote {write_licences(args.write)}")
    if args.list:
        for library in bundled_licences():
            print(f"{library.name} {library.version}: {library.licence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
