"""Load: 2,000 API calls in a row through the model against the sandbox, with no leak."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import closing

import pytest

from tests.e2e.hostile.probes import read_rss_bytes
from workbench.core.client import ApiRequest, OAuthClient
from workbench.core.config import ClientConfig
from workbench.core.secret import Secret
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

CALLS = 2000
WARM_UP_CALLS = 100
MAX_GROWTH_BYTES = 30 * 1024 * 1024


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(host="127.0.0.1", port=0, rate_limit=1_000_000) as running:
        yield running


def test_two_thousand_calls_in_a_row_leak_neither_memory_nor_threads(sandbox: Sandbox) -> None:
    with closing(OAuthClient()) as client:
        fetched = client.fetch_token(
            ClientConfig(sandbox.token_url, "demo-client", Secret("demo-secret"))
        )
        token = fetched.token
        assert token is not None, fetched.problem
        request = ApiRequest("GET", f"{sandbox.url}/v3/accounts")
        for _ in range(WARM_UP_CALLS):
            assert client.call_api(request, token).problem is None
        gc.collect()
        threads_before = threading.active_count()
        memory_before = read_rss_bytes()
        failures = 0
        statuses: set[int] = set()
        for _ in range(CALLS):
            outcome = client.call_api(request, token)
            if outcome.problem is not None or outcome.exchange.response is None:
                failures += 1
            else:
                statuses.add(outcome.exchange.response.status)
        gc.collect()
        memory_growth = read_rss_bytes() - memory_before
        threads_after = threading.active_count()
    assert failures == 0
    assert statuses == {200}
    assert threads_after == threads_before, "a thread was left behind per call"
    assert memory_growth < MAX_GROWTH_BYTES, f"grew {memory_growth / 2**20:.1f} MiB"
    # How fast they go is make bench's business (the model against requests alone).
