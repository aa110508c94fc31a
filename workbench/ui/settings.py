"""The window's settings file (layout, last profile, theme): one explicit path for all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from workbench.core.profiles import APP_NAME


def settings_path() -> Path:
    """``oauth-workbench.conf`` under the config directory, computed on each call.

    An explicit path: Qt caches its default settings location once per process, which would
    ignore a changed ``XDG_CONFIG_HOME`` (tests point it at a temporary folder).
    """
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / f"{APP_NAME}.conf"


def app_settings() -> QSettings:
    """The settings store at ``settings_path()``, in INI format."""
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)
