"""The profile controller on its own: no window, a stand-in editor, scripted answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MemoryKeyring
from workbench.core.calls import ApiRequest
from workbench.core.config import ClientAuth
from workbench.core.presets import GETRESPONSE
from workbench.core.profiles import (
    Profile,
    ProfileStore,
    SecretKind,
    SecretRef,
    SecretSource,
    profiles_to_json,
)
from workbench.core.secret import Secret
from workbench.core.secret_store import SERVICE, SecretStore
from workbench.ui.profiles.controller import ProfileController
from workbench.ui.profiles.drafts import Draft, KeychainSecrets, LoadedProfile, ProfileMarks
from workbench.ui.profiles.keychain_worker import KeychainWorker
from workbench.ui.profiles.questions import NewProfile, UnsavedChoice
from workbench.ui.profiles.secrets import ProfileSecrets

pytestmark = pytest.mark.gui


class Editor:
    """Shows a profile as the form and the composer would: only what they keep."""

    def __init__(self) -> None:
        self.shown = Draft(GETRESPONSE.new_profile().to_config(), {}, Profile("").recovery, _no())

    def draft(self) -> Draft:
        return self.shown

    def load(self, loaded: LoadedProfile) -> None:
        profile = loaded.profile
        refs = {
            kind: SecretRef(ref.source, ref.env_var)
            for kind, ref in profile.secrets.items()
            if ref.source is not SecretSource.KEYCHAIN
        }
        config = profile.to_config(loaded.client_secret, loaded.private_key)
        self.shown = Draft(config, refs, profile.recovery, loaded.request())

    def fill_secrets(self, secrets: KeychainSecrets) -> None:
        config = self.shown.config
        if secrets.client_secret:
            config = replace(config, client_secret=secrets.client_secret)
        self.shown = self.shown._replace(config=config)

    def edit(self, **changes: Any) -> None:
        """Change the form as a user would."""
        self.shown = self.shown._replace(config=replace(self.shown.config, **changes))

    def choose_source(self, kind: SecretKind, ref: SecretRef) -> None:
        """Pick where a secret comes from, as the form's "Secret from" does."""
        self.shown = self.shown._replace(secret_refs={**self.shown.secret_refs, kind: ref})


def _no() -> ApiRequest:
    return ApiRequest("GET", "")


@dataclass
class Answers:
    """Scripted answers to the controller's questions; records what was asked."""

    unsaved: UnsavedChoice = UnsavedChoice.CANCEL
    delete: bool = True
    secret: Secret | None = None
    new: NewProfile | None = None
    name: str = ""
    file: str = ""
    asked: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def confirm_unsaved(self, name: str) -> UnsavedChoice:
        self.asked.append(f"unsaved {name}")
        return self.unsaved

    def confirm_delete(self, name: str) -> bool:
        self.asked.append(f"delete {name}")
        return self.delete

    def ask_secret(self, kind: SecretKind, profile_name: str) -> Secret | None:
        self.asked.append(f"secret {kind.value} {profile_name}")
        return self.secret

    def show_error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def choose_file(self, title: str, save: bool) -> str:
        self.asked.append(title)
        return self.file

    def new_profile(self, taken_names: Sequence[str]) -> NewProfile | None:
        self.asked.append(f"new {list(taken_names)}")
        return self.new

    def profile_name(self, title: str, current: str, taken_names: Sequence[str]) -> str:
        self.asked.append(f"{title} {current}")
        return self.name


@dataclass
class Rig:
    """A controller with its editor, answers, keychain and everything it said."""

    controller: ProfileController
    editor: Editor
    answers: Answers
    keyring: MemoryKeyring
    marks: list[ProfileMarks] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)
    resumed: list[object] = field(default_factory=list)
    switches: list[bool] = field(default_factory=list)

    @property
    def last_marks(self) -> ProfileMarks:
        return self.marks[-1]

    def saved(self) -> list[dict[str, Any]]:
        document = json.loads(self.controller.store.path.read_text(encoding="utf-8"))
        return list(document["profiles"])


def make_rig(
    tmp_path: Path,
    keyring: MemoryKeyring,
    *,
    worker: bool = False,
    environ: dict[str, str] | None = None,
    store: ProfileStore | None = None,
) -> Rig:
    secret_store = SecretStore(backend=keyring)
    keychain = KeychainWorker(secret_store) if worker else None
    secrets = ProfileSecrets(secret_store, worker=keychain, environ=environ or {})
    editor = Editor()
    answers = Answers()
    controller = ProfileController(
        store or ProfileStore(tmp_path / "profiles.json"), secrets, editor, answers
    )
    rig = Rig(controller, editor, answers, keyring)
    controller.profile_loaded.connect(editor.load)
    controller.secrets_arrived.connect(editor.fill_secrets)
    controller.marks_changed.connect(rig.marks.append)
    controller.status_message.connect(lambda text, _ms: rig.messages.append(text))
    controller.secret_missing.connect(rig.problems.append)
    controller.resume_requested.connect(rig.resumed.append)
    controller.switching.connect(lambda: rig.switches.append(True))
    return rig


@pytest.fixture
def rig(qapp: Any, tmp_path: Path, memory_keyring: MemoryKeyring) -> Rig:
    """A first start: no profiles file yet."""
    built = make_rig(tmp_path, memory_keyring)
    built.controller.start()
    return built


def test_a_first_start_shows_and_saves_a_getresponse_profile(rig: Rig) -> None:
    assert rig.controller.names() == ["GetResponse"]
    assert rig.editor.draft().config.token_url == GETRESPONSE.token_url
    assert rig.last_marks == ProfileMarks(("GetResponse",), 0, False, False)
    assert [item["name"] for item in rig.saved()] == ["GetResponse"]
    assert not rig.controller.is_modified()


def test_an_edit_marks_the_profile_and_save_puts_the_secret_in_the_keychain(rig: Rig) -> None:
    controller = rig.controller
    rig.editor.edit(client_id="client-a", client_secret=Secret("fake-saved-secret"))
    controller.on_draft_changed()
    assert rig.last_marks.modified and rig.last_marks.title == "GetResponse (modified)"
    assert controller.save()
    assert not rig.last_marks.modified
    assert rig.messages[-1] == "Saved profile 'GetResponse'"
    profile_id = controller.current_id
    assert rig.keyring.entries == {(SERVICE, f"{profile_id}/client-secret"): "fake-saved-secret"}
    saved = rig.saved()[0]
    assert saved["client_id"] == "client-a"
    assert saved["secrets"]["client-secret"]["stored"] is True
    assert "fake-saved-secret" not in controller.store.path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("choice", "switched", "saved_scope"),
    [
        (UnsavedChoice.CANCEL, False, ""),
        (UnsavedChoice.DISCARD, True, ""),
        (UnsavedChoice.SAVE, True, "all"),
    ],
)
def test_switching_with_unsaved_changes_asks_first(
    rig: Rig, choice: UnsavedChoice, switched: bool, saved_scope: str
) -> None:
    controller = rig.controller
    rig.answers.new = NewProfile(GETRESPONSE.new_profile("Second"))
    controller.new_profile()
    assert controller.current_profile().name == "Second"
    rig.editor.edit(scope="all")
    rig.answers.unsaved = choice
    assert controller.select(0) is switched
    assert rig.answers.asked[-1] == "unsaved Second"
    assert controller.current_profile().name == ("GetResponse" if switched else "Second")
    assert rig.last_marks.current == controller.current_index  # the selector follows
    assert controller.profiles[1].scope == saved_scope


def test_duplicate_rename_and_delete(rig: Rig) -> None:
    controller = rig.controller
    rig.editor.edit(client_secret=Secret("fake-dup-secret"))
    controller.save()
    original = controller.current_profile()
    controller.duplicate()
    copy = controller.current_profile()
    assert copy.name == "GetResponse (copy)" and copy.profile_id != original.profile_id
    assert rig.editor.draft().config.client_secret.reveal() == "fake-dup-secret"
    rig.answers.name = "Production"
    controller.rename()
    assert controller.names() == ["GetResponse", "Production"]
    assert rig.last_marks.names == ("GetResponse", "Production")
    rig.answers.delete = False
    controller.delete()
    assert controller.names() == ["GetResponse", "Production"]
    rig.answers.delete = True
    controller.delete()
    assert controller.names() == ["GetResponse"]
    assert (SERVICE, f"{copy.profile_id}/client-secret") not in rig.keyring.entries
    assert rig.answers.asked[-2:] == ["delete Production", "delete Production"]


def test_new_profile_keeps_the_methods_its_server_advertised(rig: Rig) -> None:
    loaded: list[LoadedProfile] = []
    rig.controller.profile_loaded.connect(loaded.append)
    profile = GETRESPONSE.new_profile("Discovered")
    rig.answers.new = NewProfile(profile, (ClientAuth.POST,))
    rig.controller.new_profile()
    assert loaded[-1].advertised == (ClientAuth.POST,)
    assert loaded[-1].auth_note
    rig.answers.new = None
    rig.controller.new_profile()  # cancelled: nothing made
    assert rig.controller.names() == ["GetResponse", "Discovered"]


def test_a_secret_from_an_unset_variable_is_explained_not_sent(
    qapp: Any, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    rig = make_rig(tmp_path, memory_keyring, environ={"SET_HERE": "fake-env-secret"})
    rig.controller.start()
    rig.editor.choose_source(
        SecretKind.CLIENT_SECRET, SecretRef(SecretSource.ENVIRONMENT, "NOT_SET")
    )
    assert rig.controller.token_config() is None
    assert rig.problems[-1].title == "The environment variable NOT_SET is not set."
    assert rig.messages[-1].startswith("No token requested")
    rig.editor.choose_source(
        SecretKind.CLIENT_SECRET, SecretRef(SecretSource.ENVIRONMENT, "SET_HERE")
    )
    config = rig.controller.token_config()
    assert config is not None and config.client_secret.reveal() == "fake-env-secret"


def test_an_ask_every_time_secret_is_asked_once_a_run(rig: Rig) -> None:
    rig.editor.choose_source(SecretKind.CLIENT_SECRET, SecretRef(SecretSource.ASK))
    assert rig.controller.token_config() is None  # no answer given
    assert rig.messages[-1] == "No token requested: no secret was given"
    rig.answers.secret = Secret("fake-asked-secret")
    for _ in range(2):
        config = rig.controller.token_config()
        assert config is not None and config.client_secret.reveal() == "fake-asked-secret"
    assert rig.answers.asked.count("secret client-secret GetResponse") == 2  # refused, then given
    assert rig.keyring.entries == {}


def test_a_request_waits_for_the_keychain_then_resumes(
    qtbot: Any, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    profile = GETRESPONSE.new_profile("Mine").with_stored(SecretKind.CLIENT_SECRET, True)
    ProfileStore(tmp_path / "profiles.json").save([profile])
    SecretStore(backend=memory_keyring).put(
        profile.profile_id, SecretKind.CLIENT_SECRET, Secret("fake-kept-secret")
    )
    rig = make_rig(tmp_path, memory_keyring, worker=True)
    rig.controller.start()
    assert rig.editor.draft().config.client_secret.reveal() == ""  # still on its way
    assert rig.controller.token_config(resume="the request") is None
    assert rig.controller.waiting_for_keychain
    worker = rig.controller.secrets.worker
    assert worker is not None
    with qtbot.waitSignal(rig.controller.resume_requested) as resumed:
        worker.start()
    assert resumed.args == ["the request"]
    assert rig.editor.draft().config.client_secret.reveal() == "fake-kept-secret"
    assert not rig.controller.is_modified()
    assert not rig.controller.waiting_for_keychain
    assert worker.close(5.0)


def test_import_and_export_keep_secrets_out_and_names_unique(rig: Rig, tmp_path: Path) -> None:
    exported = tmp_path / "out.json"
    rig.answers.file = str(exported)
    rig.controller.export_profiles()
    assert rig.messages[-1] == "Exported 1 profiles to out.json (no secrets)"
    rig.controller.import_profiles()
    assert rig.controller.names() == ["GetResponse", "GetResponse (2)"]
    ids = {profile.profile_id for profile in rig.controller.profiles}
    assert len(ids) == 2
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    rig.answers.file = str(tmp_path / "bad.json")
    rig.controller.import_profiles()
    assert rig.answers.errors[-1][0] == "Could not import profiles"
    assert rig.controller.names() == ["GetResponse", "GetResponse (2)"]


def test_an_unreadable_file_is_reported_and_never_overwritten(
    qapp: Any, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "profiles.json"
    path.write_text("{broken", encoding="utf-8")
    rig = make_rig(tmp_path, memory_keyring)
    warnings: list[str] = []
    rig.controller.file_warning.connect(warnings.append)
    rig.controller.start()
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("profiles.unreadable")]
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "{broken"
    assert warnings and f"kept as {backups[0].name}" in warnings[0]
    assert rig.controller.names() == ["GetResponse"]


def test_the_demo_shows_the_sandbox_profile_with_its_secret_for_this_run_only(
    qapp: Any, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    store.save([GETRESPONSE.new_profile()])
    rig = make_rig(tmp_path, memory_keyring, store=store)
    rig.controller.start(sandbox_url="http://127.0.0.1:9")
    profile = rig.controller.current_profile()
    assert profile.name == "Local sandbox"
    assert profile.secret_ref(SecretKind.CLIENT_SECRET).source is SecretSource.ASK
    assert rig.editor.draft().config.client_secret.reveal() == "demo-secret"
    assert memory_keyring.entries == {}
    assert "demo-secret" not in profiles_to_json(rig.controller.profiles)
