"""The window's commands in one table: actions, their keys, menus, toolbar and the key help.

Every QAction of the window is made from ``COMMANDS`` (``workbench.ui.window.actions``) and
Help > Keyboard shortcuts lists the same rows, so a key listed is a key bound. To test every
key, iterate ``COMMANDS`` and look each action up with ``MainWindow.action(action_id)``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from PySide6.QtGui import QKeySequence


class Needs(StrEnum):
    """What a window must have for a command to exist in it."""

    ALWAYS = "always"
    DEMO = "demo"
    """The sandbox runs in-process (``--demo``)."""
    GUIDED_DEMO = "guided-demo"
    """The guided-demo panel is there (also the demo)."""


class Menu(NamedTuple):
    """One menu of the menu bar."""

    menu_id: str
    title: str
    object_name: str
    needs: Needs = Needs.ALWAYS


MENUS: tuple[Menu, ...] = (
    Menu("file", "&File", "fileMenu"),
    Menu("edit", "&Edit", "editMenu"),
    Menu("requests", "&Requests", "requestsMenu"),
    Menu("view", "&View", "viewMenu"),
    Menu("demo", "&Demo", "demoMenu", Needs.DEMO),
    Menu("help", "&Help", "helpMenu"),
)
"""The menu bar, left to right."""


class Command(NamedTuple):
    """One command of the window: its action, its keys, where it appears, how help names it.

    ``keys`` are portable texts (``"Ctrl+T"``); the first is the main one; none means the
    command is reached from its menu or its button only. ``menu`` names a ``Menu`` (empty: not
    in a menu); commands of one menu appear in table order, with a separator where ``group``
    changes.
    """

    action_id: str
    label: str
    """How Help > Keyboard shortcuts names it."""
    keys: tuple[str, ...]
    description: str
    """What it does, for the help and (unless ``tip`` says otherwise) the tool tip."""
    text: str = ""
    """The menu or toolbar text; the label when empty."""
    tip: str = ""
    menu: str = ""
    also_menu: str = ""
    """A second menu it appears in (same group), when the window has that menu."""
    group: int = 0
    toolbar: bool = False
    needs: Needs = Needs.ALWAYS
    checkable: bool = False
    whole_application: bool = False
    """Its keys work in every window of the application (dialogs too), not just this one."""
    about_box: bool = False
    """The application's About entry (where macOS expects it)."""
    in_help: bool = True
    """Listed in Help > Keyboard shortcuts (commands without keys only when worth knowing)."""
    scope: str = ""
    """The objectName of the pane its keys work in (while the focus is in it); empty: the
    whole window. Keys a text field uses (Del) are only bound to panes that have none."""

    @property
    def object_name(self) -> str:
        """The objectName of the window's QAction for this command."""
        return f"{self.action_id}Action"

    @property
    def action_text(self) -> str:
        """The text of its menu entry or toolbar button."""
        return self.text or self.label

    def sequences(self) -> list[QKeySequence]:
        """The keys as key sequences, in order."""
        return [QKeySequence(keys) for keys in self.keys]

    def native_text(self) -> str:
        """The keys as this platform writes them (``Ctrl+T``, ``⌘T``), joined by "or"."""
        if not self.keys:
            return "menu only"
        texts = [
            sequence.toString(QKeySequence.SequenceFormat.NativeText)
            for sequence in self.sequences()
        ]
        return " or ".join(texts)

    def tool_tip(self) -> str:
        """The tool tip: what it does, and its keys."""
        tip = self.tip or self.description
        return f"{tip} ({self.native_text()})" if self.keys else tip


COMMANDS: tuple[Command, ...] = (
    Command(
        "getToken",
        "Get token",
        ("Ctrl+T",),
        "Ask the token endpoint for a new token",
        toolbar=True,
    ),
    Command(
        "send",
        "Send request",
        ("Ctrl+Return", "Ctrl+Enter"),
        "Send the API request with the current token",
        text="Send",
        toolbar=True,
    ),
    Command(
        "cancel",
        "Cancel",
        ("Esc",),
        "Stop the token request or API call that is running (only while one runs)",
    ),
    Command(
        "revealSecrets",
        "Reveal secrets",
        ("Ctrl+Shift+R",),
        "Show or mask the secrets of the request (API keys, cookies) and the response views",
    ),
    Command(
        "newProfile",
        "New profile",
        ("Ctrl+N",),
        "Start a profile from a preset",
        text="New profile…",
        menu="file",
    ),
    Command(
        "save",
        "Save",
        ("Ctrl+S",),
        "Save the request in the composer (into its saved request, or with the profile when it "
        "is the profile's own) and the profile's settings",
        tip="Save the request shown and the profile",
        menu="file",
    ),
    Command(
        "importProfiles",
        "Import profiles",
        (),
        "Add the profiles of a file (such files hold no secrets)",
        text="Import profiles…",
        menu="file",
        group=1,
        in_help=False,
    ),
    Command(
        "exportProfiles",
        "Export profiles",
        (),
        "Write the profiles to a file, without any secret",
        text="Export profiles…",
        menu="file",
        group=1,
        in_help=False,
    ),
    Command(
        "importRequests",
        "Import requests",
        (),
        "Add a Postman v2.1 collection, an .http file or its environments to the saved "
        "requests (secrets found go to the keychain only if you agree)",
        text="Import requests…",
        menu="file",
        group=1,
        in_help=False,
    ),
    Command(
        "exportRequests",
        "Export requests",
        (),
        "Write the saved requests as a Postman v2.1 collection or an .http file (no secret values)",
        text="Export requests…",
        menu="file",
        group=1,
        in_help=False,
    ),
    Command(
        "exportHar",
        "Export…",
        ("Ctrl+E",),
        "Save or copy the timeline as HAR 1.2 or a debug report, or an exchange as cURL or Python",
        tip="Save or copy the timeline as HAR, a debug report, cURL or Python (secrets masked "
        "unless you ask)",
        menu="file",
        group=2,
    ),
    Command(
        "quit",
        "Quit",
        ("Ctrl+Q",),
        "Close the workbench (asks about unsaved changes)",
        menu="file",
        group=3,
    ),
    Command(
        "importCurl",
        "Import cURL",
        ("Ctrl+I",),
        "Fill the form from a pasted curl command",
        text="Import cURL…",
        menu="edit",
    ),
    Command(
        "pasteCurl",
        "Import cURL from clipboard",
        ("Ctrl+Shift+V",),
        "Fill the form (a token request) or the request (any other) from a curl command on the "
        "clipboard; plain Ctrl+V does the same outside text fields",
        tip="A token request fills the credentials; any other request fills the composer",
        menu="edit",
    ),
    Command(
        "copyAsCurl",
        "Copy as cURL",
        ("Ctrl+Shift+C",),
        "Copy the selected exchange as a curl command (secrets masked)",
        menu="edit",
        group=1,
    ),
    Command(
        "copyAsPython",
        "Copy as Python",
        (),
        "Copy a Python snippet (Authlib) doing the same token request and API call",
        menu="edit",
        group=1,
        in_help=False,
    ),
    Command(
        "find",
        "Find in the response",
        ("Ctrl+F",),
        "Search the Pretty or Raw view: Enter or F3 finds the next match, Shift+Enter or "
        "Shift+F3 the previous one, Esc closes",
        text="Find…",
        menu="edit",
        group=2,
    ),
    Command(
        "findNext",
        "Find next",
        ("F3",),
        "The next match of the search in the response",
        menu="edit",
        group=2,
    ),
    Command(
        "findPrevious",
        "Find previous",
        ("Shift+F3",),
        "The previous match of the search in the response",
        menu="edit",
        group=2,
    ),
    Command(
        "filterTimeline",
        "Filter the timeline",
        ("Ctrl+Shift+F",),
        "Show only the exchanges matching a text, a kind (token or API) and a status class",
        menu="edit",
        group=2,
    ),
    Command(
        "newRequest",
        "New request",
        (),
        "A new saved request in the folder selected, opened in the composer",
        menu="requests",
        in_help=False,
    ),
    Command(
        "newFolder",
        "New folder",
        (),
        "A new folder in the folder selected",
        text="New folder…",
        menu="requests",
        in_help=False,
    ),
    Command(
        "saveRequestAs",
        "Save request as",
        ("Ctrl+Shift+S",),
        "Save the request in the composer as a new saved request (name and folder asked)",
        text="Save request as…",
        menu="requests",
    ),
    Command(
        "renameItem",
        "Rename (saved requests)",
        ("F2",),
        "Rename the saved request or folder selected",
        text="Rename…",
        menu="requests",
        group=1,
        scope="savedRequestsPanel",
    ),
    Command(
        "duplicateItem",
        "Duplicate (saved requests)",
        ("Ctrl+D",),
        "A copy of the saved request or folder selected, just below it",
        text="Duplicate",
        menu="requests",
        group=1,
        scope="savedRequestsPanel",
    ),
    Command(
        "deleteItem",
        "Delete (saved requests)",
        ("Del",),
        "Delete the saved request or folder selected (asks first)",
        text="Delete…",
        menu="requests",
        group=1,
        scope="savedRequestsPanel",
    ),
    Command(
        "moveItemUp",
        "Move up (saved requests)",
        ("Alt+Up",),
        "Move the saved request or folder selected one place up",
        text="Move up",
        menu="requests",
        group=2,
        scope="savedRequestsPanel",
    ),
    Command(
        "moveItemDown",
        "Move down (saved requests)",
        ("Alt+Down",),
        "Move the saved request or folder selected one place down",
        text="Move down",
        menu="requests",
        group=2,
        scope="savedRequestsPanel",
    ),
    Command(
        "moveToFolder",
        "Move to folder",
        (),
        "Move the saved request or folder selected into another folder",
        text="Move to folder…",
        menu="requests",
        group=2,
        in_help=False,
    ),
    Command(
        "editVariables",
        "Variables and environments",
        (),
        "Edit the collection's variables and its environments (secret values go to the keychain)",
        text="Variables and environments…",
        menu="requests",
        group=3,
        in_help=False,
    ),
    Command(
        "collectionFolder",
        "Collection folder",
        (),
        "Choose the folder the profile's saved requests live in (a git repository, say)",
        text="Collection folder…",
        menu="requests",
        group=3,
        in_help=False,
    ),
    Command(
        "reloadCollection",
        "Reload from disk",
        (),
        "Read the saved requests again from their files (unsaved changes stay)",
        menu="requests",
        group=3,
        in_help=False,
    ),
    Command(
        "savedRequests",
        "Saved requests",
        (),
        "Show or hide the saved requests beside the composer",
        menu="view",
        checkable=True,
        in_help=False,
    ),
    Command(
        "flowDiagram",
        "Flow diagram",
        (),
        "Show or hide the flow diagram of every exchange",
        menu="view",
        in_help=False,
    ),
    Command(
        "guidedDemo",
        "Guided demo",
        (),
        "Show or hide the guided demo",
        menu="view",
        needs=Needs.GUIDED_DEMO,
        in_help=False,
    ),
    Command(
        "presenterMode",
        "Presenter mode",
        ("F11",),
        "Large type, high contrast, every secret masked; press again to leave",
        tip="Large type, high contrast, the flow diagram large, every secret masked",
        menu="view",
        group=1,
        checkable=True,
        whole_application=True,
    ),
    Command(
        "expireNow",
        "Expire now (demo)",
        ("Ctrl+Shift+X",),
        "Make the demo sandbox treat every token it issued as expired",
        text="Expire now",
        menu="demo",
        needs=Needs.DEMO,
    ),
    Command(
        "demoNext",
        "Next step (guided demo)",
        ("Alt+Right",),
        "Go to the next demo step",
        text="Next step",
        menu="demo",
        group=1,
        needs=Needs.GUIDED_DEMO,
    ),
    Command(
        "demoBack",
        "Previous step (guided demo)",
        ("Alt+Left",),
        "Go back one demo step",
        text="Previous step",
        menu="demo",
        group=1,
        needs=Needs.GUIDED_DEMO,
    ),
    Command(
        "demoRestart",
        "Restart the guided demo",
        (),
        "Start the guided demo again from its first step",
        menu="demo",
        group=1,
        needs=Needs.GUIDED_DEMO,
        in_help=False,
    ),
    Command(
        "newRun",
        "New run",
        ("Ctrl+L",),
        "Clear the timeline, the flow diagram and the response; the form and the token stay",
        menu="view",
        also_menu="demo",
        group=2,
    ),
    Command(
        "keyboardShortcuts",
        "Keyboard shortcuts",
        ("Ctrl+/", "F1"),
        "Show this list",
        text="Keyboard shortcuts…",
        menu="help",
    ),
    Command(
        "about",
        "About OAuth Workbench",
        (),
        "Version and licences (Help menu)",
        menu="help",
        group=1,
        about_box=True,
    ),
)
"""Every command of the window: the toolbar's and those reached by keys first, then each menu's
in menu order."""


def command(action_id: str) -> Command:
    """The command called ``action_id``; KeyError when there is none."""
    for entry in COMMANDS:
        if entry.action_id == action_id:
            return entry
    raise KeyError(action_id)


def help_rows() -> tuple[Command, ...]:
    """The commands Help > Keyboard shortcuts lists, in table order."""
    return tuple(entry for entry in COMMANDS if entry.in_help)
