"""Credentials in a profile's requests (API keys, cookies, tokens) never reach its file.

Before a profile is written, every credential-bearing value of its saved request and of its
token request (its URL's password and secret parameters, its extra headers and parameters)
(Authorization, X-Auth-Token, X-Api-Key, Api-Key, Proxy-Authorization, Cookie; ``?key=``,
``?api_key=``, ``?access_token=``, ``?token=``...; ``client_secret`` and the like in a body)
is replaced by a clearly marked placeholder such as ``<secret:x-api-key>``. The values go to
the keychain as one entry (``store_request_secrets`` in ``secret_store``); reading them back
(``restore``) puts each value where its placeholder stands. A placeholder with no value
stays, visible as what it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from workbench.core.config import Pairs
from workbench.core.credential_names import SECRET_FIELDS, SECRET_HEADERS
from workbench.core.profiles.model import Profile
from workbench.core.secret import Secret

KEYCHAIN_ENTRY = "request-secrets"
"""The keychain entry (under the profile's id) holding the values, as one JSON object."""
PLACEHOLDER = re.compile(r"<secret:[A-Za-z0-9_.~-]+(?:#[0-9]+)?>")


@dataclass(frozen=True)
class SplitProfile:
    """A profile with its request credentials replaced by placeholders, and their values."""

    profile: Profile
    values: Mapping[str, str]
    """Placeholder -> the value it stands for, exactly as it stood (still escaped)."""


def split(profile: Profile) -> SplitProfile:
    """``profile`` without credentials in its requests, and the values taken out."""
    if not _may_hold_credentials(profile):
        return SplitProfile(profile, {})
    # Redaction loads when a credential may be there, not with the window's first save.
    from workbench.core.redact import Redactor

    taken = _Taker()
    redactor = Redactor(masker=taken)
    sanitized = replace(
        profile,
        token_url=redactor.url(profile.token_url),
        request_url=redactor.url(profile.request_url),
        request_headers=redactor.headers(profile.request_headers),
        request_body=redactor.text(profile.request_body),
        extra_headers=redactor.headers(profile.extra_headers),
        extra_params=tuple(
            (name, taken(name, value) if name.casefold() in SECRET_FIELDS else value)
            for name, value in profile.extra_params
        ),
    )
    return SplitProfile(sanitized, dict(taken.values))


def _may_hold_credentials(profile: Profile) -> bool:
    """False only when no part of ``profile``'s requests can hold a credential (a quick look
    that needs no redaction): no credential header or field name, no query or userinfo in
    either URL, no body that mentions a secret field."""
    headers = (*profile.request_headers, *profile.extra_headers)
    if any(name.strip().lower() in SECRET_HEADERS for name, _value in headers):
        return True
    if any(name.casefold() in SECRET_FIELDS for name, _value in profile.extra_params):
        return True
    urls = (profile.request_url, profile.token_url)
    if any(mark in url for url in urls for mark in "?&;@"):
        return True  # a query or a userinfo (a field name in a path alone is not worth it)
    body = profile.request_body.casefold()
    return any(name in body for name in SECRET_FIELDS) or "\\u" in body


def restore(profile: Profile, values: Mapping[str, str]) -> Profile:
    """``profile`` with each placeholder that has a value replaced by it."""
    if not values:
        return profile

    def fill(text: str) -> str:
        if "<secret:" not in text:
            return text
        return PLACEHOLDER.sub(lambda match: values.get(match.group(), match.group()), text)

    def fill_pairs(pairs: Pairs) -> Pairs:
        return tuple((name, fill(value)) for name, value in pairs)

    return replace(
        profile,
        token_url=fill(profile.token_url),
        request_url=fill(profile.request_url),
        request_headers=fill_pairs(profile.request_headers),
        request_body=fill(profile.request_body),
        extra_headers=fill_pairs(profile.extra_headers),
        extra_params=fill_pairs(profile.extra_params),
    )


def placeholders(profile: Profile) -> tuple[str, ...]:
    """The placeholders ``profile`` holds, in order (empty when every value is in place)."""
    texts = [
        profile.token_url,
        profile.request_url,
        profile.request_body,
        *(value for _name, value in profile.request_headers),
        *(value for _name, value in profile.extra_headers),
        *(value for _name, value in profile.extra_params),
    ]
    return tuple(dict.fromkeys(p for text in texts for p in PLACEHOLDER.findall(text)))


def to_secret(values: Mapping[str, str]) -> Secret:
    """The values as the keychain keeps them (an empty secret when there are none)."""
    return Secret(json.dumps(dict(sorted(values.items())))) if values else Secret()


def from_secret(secret: Secret | None) -> dict[str, str]:
    """The values a keychain entry holds; empty when none, or when it is not ours to read."""
    if secret is None or not secret:
        return {}
    try:
        values = json.loads(secret.reveal())
    except (ValueError, RecursionError):
        return {}
    if not isinstance(values, dict):
        return {}
    return {
        key: value
        for key, value in values.items()
        if isinstance(key, str) and isinstance(value, str) and PLACEHOLDER.fullmatch(key)
    }


class _Taker:
    """A masker that takes each value out and leaves a numbered placeholder in its place."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def __call__(self, slot: str, original: str) -> str:
        if not original or PLACEHOLDER.fullmatch(original):
            return original  # nothing to keep, or still the placeholder of a missing value
        name = re.sub(r"[^A-Za-z0-9_.~-]+", "-", slot.casefold()).strip("-") or "value"
        placeholder = f"<secret:{name}>"
        counter = 1
        while placeholder in self.values and self.values[placeholder] != original:
            counter += 1
            placeholder = f"<secret:{name}#{counter}>"
        self.values[placeholder] = original
        return placeholder
