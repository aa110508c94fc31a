"""README's architecture tree names every module of workbench/ once, and nothing else."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PACKAGE = ROOT / "workbench"
INDENT = 2


def tree_lines() -> list[str]:
    """The lines of the code block under README's "## Architecture" heading."""
    section = README.read_text(encoding="utf-8").split("\n## Architecture\n", 1)[1]
    block = section.split("```text\n", 1)[1].split("\n```", 1)[0]
    return block.splitlines()


def listed_paths() -> list[str]:
    """Each line's path from its indentation: ``workbench/core/problems/`` for a package,
    ``workbench/core/problems/oauth.py`` for a module."""
    parents: list[str] = []
    paths = []
    for line in tree_lines():
        depth, rest = divmod(len(line) - len(line.lstrip(" ")), INDENT)
        assert rest == 0, f"README's tree: {line!r} is not indented by steps of {INDENT}"
        name = line.split()[0]
        parents = [*parents[:depth], name]
        paths.append("".join(parents))
    return paths


def package_paths() -> set[str]:
    """Every package (``__init__.py``, as ``dir/``) and module of workbench/."""
    paths = set()
    for path in PACKAGE.rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        relative = path.relative_to(ROOT)
        if path.name == "__init__.py":
            paths.add(f"{relative.parent.as_posix()}/")
        else:
            paths.add(relative.as_posix())
    return paths


def test_every_module_is_in_the_tree_and_every_listed_one_exists() -> None:
    listed = listed_paths()
    present = package_paths()
    assert sorted(present - set(listed)) == [], "modules missing from README's architecture tree"
    assert sorted(set(listed) - present) == [], "README's tree lists modules that are gone"
    twice = [path for path, count in Counter(listed).items() if count > 1]
    assert twice == []


def test_each_line_says_what_its_module_is_for() -> None:
    unexplained = [line for line in tree_lines() if len(line.split(maxsplit=1)) < 2]
    assert unexplained == []
