"""The one loopback check: addresses and localhost names, as RFC 6761 has them."""

from __future__ import annotations

import pytest

from workbench.core.loopback import is_loopback_host, is_loopback_http


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("fe80::1%eth0", False),
        ("::1%lo", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("localhost.", True),
        ("api.localhost", True),
        ("a.b.localhost", True),
        ("notlocalhost", False),
        ("localhost.example.com", False),
        ("10.0.0.1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("api.getresponse.com", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, expected: bool) -> None:
    assert is_loopback_host(host) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000/v3/token", True),
        ("http://localhost/v3/token", True),
        ("http://api.localhost:8080/v3/token", True),
        ("http://[::1]:9/token", True),
        ("https://127.0.0.1/token", False),
        ("http://api.getresponse.com/v3/token", False),
        ("http://10.0.0.1/token", False),
        ("http://[::1/token", False),
        ("", False),
    ],
)
def test_loopback_http(url: str, expected: bool) -> None:
    assert is_loopback_http(url) is expected
