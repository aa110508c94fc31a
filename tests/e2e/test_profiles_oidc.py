"""Discovery through the window against a real OpenID provider, then a token with the result."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from tests.e2e.conftest import OidcProvider
from tests.gui.test_profiles import create_profile
from workbench.core.config import ClientAuth

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

WAIT_MS = 15_000


@pytest.fixture
def window(qtbot: Any) -> Iterator[Any]:
    """The real window with the default session and stores."""
    from workbench.app import build_workbench

    workbench = build_workbench()
    qtbot.addWidget(workbench.window)
    yield workbench.window
    workbench.close()


def test_new_profile_by_discovery_from_oidc_provider_gets_a_token(
    qtbot: Any, window: Any, oidc_provider: OidcProvider
) -> None:
    dialog = create_profile(qtbot, window, "discovery", issuer=oidc_provider.issuer)
    assert dialog.result() == QDialog.DialogCode.Accepted
    profile = window.profiles.current_profile()
    assert profile.issuer == oidc_provider.issuer
    assert profile.token_url.startswith(oidc_provider.issuer)
    assert window.form.config().token_url == profile.token_url
    offered = window.form.allowed_auth_methods()
    assert {ClientAuth.BASIC, ClientAuth.POST, ClientAuth.SECRET_JWT} <= set(offered)
    assert ClientAuth.PRIVATE_KEY_JWT in offered

    form = window.form
    form.clientIdEdit.setText("demo-basic")
    form.clientSecretEdit.setText("demo-secret")
    form.scopeEdit.setText("api:read")
    form.authMethodCombo.setCurrentIndex(form.authMethodCombo.findData("basic"))
    with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS) as got:
        window.action("getToken").trigger()
    assert got.args[0] is not None
