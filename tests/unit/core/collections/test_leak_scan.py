"""No secret ever lands in a collection or environment file, in any encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MemoryKeyring
from tests.unit.core.collections.samples import SAMPLE_SECRETS, SAMPLES
from workbench.core.collections.environments import EnvironmentStore, store_secret_values
from workbench.core.collections.model import Environment, Field, Folder, SavedRequest, Variable
from workbench.core.collections.secret_scan import extract_secrets, extract_variable_secrets
from workbench.core.collections.store import CollectionStore, SecretsFoundError
from workbench.core.redact import secret_variants
from workbench.core.secret_store import SecretStore

SECRETS = (
    "0a1b2c3d4e5f-api-key",
    "Bearer-t0k3n.abc.def",
    "s3cr3t value+&=%",
    "session-cookie-9876",
    "query-key-abcdef",
    "pa55w0rd-in-url",
    "zażółć-sekret",
)


def leaky_requests() -> list[SavedRequest]:
    api_key, bearer, client_secret, cookie, query_key, password, unicode_secret = SECRETS
    return [
        SavedRequest("Api key", headers=(Field("X-Auth-Token", f"api-key {api_key}"),)),
        SavedRequest("Bearer", headers=(Field("Authorization", f"Bearer {bearer}"),)),
        SavedRequest("Body", method="POST", body=f'{{"client_secret": "{client_secret}", "n": 1}}'),
        SavedRequest("Cookie", headers=(Field("Cookie", f"a=b; sid={cookie}"),)),
        SavedRequest("Query", url=f"https://example.com/v3?key={query_key}&x=1"),
        SavedRequest("Userinfo", url=f"https://me:{password}@example.com/v3"),
        SavedRequest("Param", params=(Field("api_key", unicode_secret),)),
    ]


def every_file(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def assert_no_secret_in(root: Path) -> None:
    contents = every_file(root)
    assert contents, "the story wrote no file at all"
    for secret in SECRETS:
        for variant in secret_variants([secret]):
            for path, data in contents.items():
                assert variant.encode() not in data, f"{secret!r} as {variant!r} in {path}"


def test_a_whole_story_writes_no_secret(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    keychain = SecretStore()
    store = CollectionStore(tmp_path)
    store.load()
    store.add_folder((), "Leaky")
    taken: set[str] = set()
    for request in leaky_requests():
        with pytest.raises(SecretsFoundError):
            store.add_request(("Leaky",), request)
        cleaned, findings = extract_secrets(request, taken)
        taken |= {finding.variable for finding in findings}
        store_secret_values(keychain, "p1", "", {f.variable: f.value for f in findings})
        store.add_request(("Leaky",), cleaned)
        store.duplicate(("Leaky", cleaned.name))
    store.rename(("Leaky",), "Was leaky")
    store.add_folder((), "Archive")
    store.move(("Was leaky",), ("Archive",))

    variables = (Variable("baseUrl", "https://example.com"), Variable("apiKey", SECRETS[0]))
    with pytest.raises(SecretsFoundError):
        store.set_variables(variables)
    kept, findings = extract_variable_secrets(variables)
    store.set_variables(kept)
    store_secret_values(keychain, "p1", "", {f.variable: f.value for f in findings})

    environments = EnvironmentStore(tmp_path)
    environment = Environment("US", (Variable("password", SECRETS[5]), Variable("domain", "x")))
    with pytest.raises(SecretsFoundError):
        environments.save(environment)
    kept, findings = extract_variable_secrets(environment.variables)
    environments.save(Environment("US", kept))
    store_secret_values(keychain, "p1", "US", {f.variable: f.value for f in findings})

    assert_no_secret_in(tmp_path)
    assert set(memory_keyring.entries.values()) >= set(SECRETS)


@pytest.mark.parametrize("consent", [True, False])
def test_importing_the_samples_writes_no_secret(
    tmp_path: Path, memory_keyring: MemoryKeyring, consent: bool
) -> None:
    from workbench.core.collections.http_file import (
        export_http_file,
        import_http_environments,
        import_http_file,
    )
    from workbench.core.collections.imports import merge_variables
    from workbench.core.collections.postman import import_postman
    from workbench.core.collections.postman_export import export_postman

    keychain = SecretStore()
    store = CollectionStore(tmp_path / "collection")
    store.load()
    imports = [
        import_postman((SAMPLES / "getresponse.postman_collection.json").read_text()),
        import_http_file((SAMPLES / "getresponse.http").read_text()),
    ]
    for result in imports:
        store.add_items((), (Folder(result.collection.name, result.collection.items),))
        merged, _ = merge_variables(store.collection().variables, result.collection.variables)
        store.set_variables(merged)
        if consent:
            store_secret_values(keychain, "p1", "", {f.variable: f.value for f in result.findings})
    environments = EnvironmentStore(store.folder)
    for file_name, private in (
        ("http-client.env.json", False),
        ("http-client.private.env.json", True),
    ):
        loaded = import_http_environments((SAMPLES / file_name).read_text(), private=private)
        for environment in loaded.environments:
            environments.save(environment)
            if consent:
                values = {f.variable: f.value for f in loaded.findings[environment.name]}
                store_secret_values(keychain, "p1", environment.name, values)
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "postman.json").write_text(export_postman(store.collection()), encoding="utf-8")
    (exports / "requests.http").write_text(
        export_http_file(store.collection()).text, encoding="utf-8"
    )

    for root in (store.folder, exports):
        for path, data in every_file(root).items():
            for secret in SAMPLE_SECRETS:
                for variant in secret_variants([secret]):
                    assert variant.encode() not in data, f"{secret!r} in {path}"
    stored = set(memory_keyring.entries.values())
    assert stored == (set(SAMPLE_SECRETS) if consent else set())
