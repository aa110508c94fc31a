"""Desktop integration: the .desktop file, AppStream metadata, icons, and their installation."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from workbench.resources import APP_ID, icon_paths, resources_dir

REPO = Path(__file__).resolve().parents[2]
DESKTOP_FILE = REPO / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO_FILE = REPO / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def tool(name: str, package: str) -> str:
    """The path of ``name``; fails in CI (which must install it), skips elsewhere."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install the Debian package {package} (for {name})")
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return found


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env=env, cwd=REPO, timeout=120
    )


def test_the_desktop_file_is_valid() -> None:
    result = run(tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP_FILE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_the_appstream_metadata_is_valid() -> None:
    result = run(tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_icon_exists_at_every_size_and_as_svg() -> None:
    paths = icon_paths()
    assert paths[0].suffix == ".svg"
    sizes = {path.parent.parent.name for path in paths if path.suffix == ".png"}
    assert sizes == {f"{size}x{size}" for size in ICON_SIZES}
    assert all(path.stat().st_size > 100 for path in paths)
    assert resources_dir() == REPO / "resources"


def test_install_desktop_puts_everything_where_desktops_look(tmp_path: Path) -> None:
    validator = tool("desktop-file-validate", "desktop-file-utils")
    data_home = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "DESKTOP_EXEC": "/opt/wb/workbench"}
    result = run("make", "--no-print-directory", "install-desktop", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    installed = data_home / "applications" / f"{APP_ID}.desktop"
    assert "Exec=/opt/wb/workbench %U" in installed.read_text(encoding="utf-8")
    assert run(validator, str(installed)).returncode == 0
    assert (data_home / "metainfo" / METAINFO_FILE.name).is_file()
    for size in ICON_SIZES:
        assert (
            data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        ).is_file()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
