"""Accessible descriptions for every control, so screen readers say what each one does."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

DESCRIPTIONS: dict[str, str] = {
    "credentialScroll": "The credentials: where the token comes from and how the client asks",
    "tokenScroll": "The current token, its countdown and its details",
    "jwtClaimsTable": "The claims inside the token when it is a JWT, with times made readable",
    "importCurlButton": "Fill the credentials from a pasted curl command",
    "revealSecretCheck": "Show the client secret in clear while ticked",
    "secretEnvVarEdit": "The environment variable the client secret is read from",
    "privateKeyEnvVarEdit": "The environment variable the private key is read from",
    "privateKeyPathEdit": "The PEM file the key was read from; the key goes to the keychain",
    "privateKeyBrowseButton": "Choose a PEM private key file",
    "jwtAlgorithmCombo": "The algorithm the client assertion is signed with",
    "extraParamsTable": "Extra token request parameters such as audience or resource",
    "extraParamsTableAddButton": "Add an extra token request parameter",
    "extraParamsTableRemoveButton": "Remove the selected extra parameter",
    "extraHeadersTable": "Extra headers such as X-Domain, sent on the token request and API calls",
    "extraHeadersTableAddButton": "Add an extra header",
    "extraHeadersTableRemoveButton": "Remove the selected extra header",
    "verifyTlsCheck": "Check the server's TLS certificate; untick only for a server you trust",
    "timeoutSpin": "Give up on a request that has no answer after this many seconds",
    "guidedDemoBackButton": "Show the previous step of the guided demo again",
    "guidedDemoRunButton": "Run the current step of the guided demo again",
}
"""Descriptions by objectName, for controls whose tooltip does not already say it."""


def describe_controls(root: QWidget) -> None:
    """Give the controls named in the table above their accessible description.

    A description set in the widget's own code is kept. Controls with a tooltip need none:
    Qt gives assistive tools the tooltip when the description is empty (and looking up
    only these names, not every child, keeps start-up quick).
    """
    for object_name, text in DESCRIPTIONS.items():
        widget = root.findChild(QWidget, object_name)
        if widget is not None and not widget.accessibleDescription().strip():
            widget.setAccessibleDescription(text)
