"""Reading a curl command line into a ``CurlCommand``."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

from workbench.core.curl.command import CurlCommand, CurlImportError
from workbench.core.curl.options import (
    FLAG_LONG,
    FLAG_SHORT,
    UNSUPPORTED,
    VALUE_LONG,
    VALUE_SHORT,
)
from workbench.core.curl.words import CommandWordsError, split_words
from workbench.core.http import first_header


@dataclass
class _Parsed:
    method: str | None = None
    urls: list[str] | None = None
    headers: list[tuple[str, str]] | None = None
    data: list[str] | None = None
    user: str | None = None
    insecure: bool = False
    get: bool = False
    head: bool = False
    json: bool = False
    max_time_s: float | None = None


def parse_curl(command: str) -> CurlCommand:
    """Read a curl command line (POSIX shell quoting, ``\\``-newline continuations).

    Raises ``CurlImportError`` with a plain message for anything it cannot read.
    """
    if not isinstance(command, str):
        raise CurlImportError("The command must be text.")
    try:
        words = split_words(command.strip().removeprefix("$ "))  # the size cap comes first
    except CommandWordsError as error:
        raise CurlImportError(str(error)) from None
    try:
        command.encode("utf-8")
    except UnicodeEncodeError:
        raise CurlImportError("The command contains characters that are not valid text.") from None
    if not words:
        raise CurlImportError("The command is empty: paste a command that starts with curl.")
    program = words[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if program not in ("curl", "curl.exe"):
        raise CurlImportError(f"This is not a curl command: it starts with {words[0]!r}.")
    parsed = _Parsed(urls=[], headers=[], data=[])
    _read_words(words[1:], parsed)
    return _finish(parsed)


def _read_words(words: Sequence[str], parsed: _Parsed) -> None:
    index = 0
    only_urls = False
    while index < len(words):
        word = words[index]
        index += 1
        if only_urls or word == "-" or not word.startswith("-"):
            assert parsed.urls is not None
            parsed.urls.append(word)
            continue
        if word == "--":
            only_urls = True
            continue
        if word.startswith("--"):
            name = word[2:]
            if name in VALUE_LONG:
                if index >= len(words):
                    raise CurlImportError(f"The option {word} needs a value after it.")
                _apply_value(name, words[index], parsed)
                index += 1
            elif name in FLAG_LONG:
                _apply_flag(name, parsed, on=True)
            elif name.startswith("no-") and name[3:] in FLAG_LONG:
                _apply_flag(name[3:], parsed, on=False)
            else:
                raise CurlImportError(f"The option {word} is not one the workbench knows.")
            continue
        letters = word[1:]
        for position, letter in enumerate(letters):
            if letter in VALUE_SHORT:
                value = letters[position + 1 :]
                if not value:
                    if index >= len(words):
                        raise CurlImportError(f"The option -{letter} needs a value after it.")
                    value = words[index]
                    index += 1
                _apply_value(VALUE_SHORT[letter], value, parsed)
                break
            if letter in FLAG_SHORT:
                _apply_flag(FLAG_SHORT[letter], parsed, on=True)
                continue
            raise CurlImportError(f"The option -{letter} is not one the workbench knows.")


def _apply_flag(name: str, parsed: _Parsed, *, on: bool) -> None:
    if name in UNSUPPORTED and on:
        raise CurlImportError(UNSUPPORTED[name] + ".")
    if name == "insecure":
        parsed.insecure = on
    elif name == "get":
        parsed.get = on
    elif name == "head":
        parsed.head = on


def _apply_value(name: str, value: str, parsed: _Parsed) -> None:
    assert parsed.headers is not None
    assert parsed.data is not None
    assert parsed.urls is not None
    if name in UNSUPPORTED:
        raise CurlImportError(UNSUPPORTED[name] + ".")
    if name == "request":
        if not value or not re.fullmatch(r"[A-Za-z]+", value):
            raise CurlImportError(f"-X names an HTTP method, not {value!r}.")
        parsed.method = value
    elif name == "user":
        parsed.user = value
    elif name == "header":
        header = _parse_header(value)
        if header is not None:
            parsed.headers.append(header)
    elif name in ("data", "data-ascii", "data-binary", "json"):
        if value.startswith("@"):
            raise CurlImportError(
                f"The body is read from a file ({value}); paste the body itself instead."
            )
        parsed.data.append(value)
        parsed.json = parsed.json or name == "json"
    elif name == "data-raw":
        parsed.data.append(value)
    elif name == "data-urlencode":
        parsed.data.append(_data_urlencode(value))
    elif name == "url":
        parsed.urls.append(value)
    elif name == "user-agent":
        parsed.headers.append(("User-Agent", value))
    elif name == "referer":
        referer = value.removesuffix(";auto")
        if referer:
            parsed.headers.append(("Referer", referer))
    elif name == "cookie":
        if "=" in value:
            parsed.headers.append(("Cookie", value))
    elif name == "oauth2-bearer":
        parsed.headers.append(("Authorization", f"Bearer {value}"))
    elif name == "max-time":
        parsed.max_time_s = _seconds(value)


def _parse_header(value: str) -> tuple[str, str] | None:
    if value.startswith("@"):
        raise CurlImportError(f"Headers are read from a file ({value}); paste them instead.")
    name, colon, rest = value.partition(":")
    if not colon:
        if value.endswith(";") and value[:-1].strip():
            return (value[:-1].strip(), "")
        raise CurlImportError(f"The header {value!r} has no colon between name and value.")
    name = name.strip()
    if not name or re.search(r"[\s\x00-\x1f\x7f]", name):
        raise CurlImportError(f"The header {value!r} has no valid name before the colon.")
    rest = rest.strip()
    if not rest:
        return None  # curl's "Name:" removes a header it would add itself
    if re.search(r"[\r\n\x00]", rest):
        raise CurlImportError(f"The header {name} has a line break in its value.")
    return (name, rest)


def _data_urlencode(value: str) -> str:
    """curl's rules: ``content``, ``=content``, ``name=content``; ``@file`` forms are refused."""
    separator = re.search(r"[=@]", value)
    if separator is None:
        return quote_plus(value)
    if separator.group() == "@":
        raise CurlImportError("--data-urlencode reads a file here; paste the value instead.")
    name = value[: separator.start()]
    content = quote_plus(value[separator.end() :])
    return f"{name}={content}" if name else content


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise CurlImportError(f"--max-time takes seconds, not {value!r}.") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise CurlImportError(f"--max-time takes a positive number of seconds, not {value!r}.")
    return seconds


def _finish(parsed: _Parsed) -> CurlCommand:
    assert parsed.urls is not None
    assert parsed.headers is not None
    assert parsed.data is not None
    if not parsed.urls:
        raise CurlImportError("The command names no URL to send the request to.")
    if len(parsed.urls) > 1:
        raise CurlImportError("The command names more than one URL; keep only the token URL.")
    url = _normalise_url(parsed.urls[0])
    headers = list(parsed.headers)
    body = "&".join(parsed.data)
    has_data = bool(parsed.data)
    if parsed.json:
        if first_header(tuple(headers), "Content-Type") is None:
            headers.append(("Content-Type", "application/json"))
        if first_header(tuple(headers), "Accept") is None:
            headers.append(("Accept", "application/json"))
    if parsed.get and has_data:
        url = f"{url}{'&' if '?' in url else '?'}{body}"
        body = ""
        has_data = False
    if parsed.method is not None:
        method = parsed.method
    elif parsed.head:
        method = "HEAD"
    elif has_data:
        method = "POST"
    else:
        method = "GET"
    return CurlCommand(
        method=method,
        url=url,
        headers=tuple(headers),
        body=body.encode("utf-8"),
        user=parsed.user,
        insecure=parsed.insecure,
        max_time_s=parsed.max_time_s,
    )


def _normalise_url(url: str) -> str:
    if not url or re.search(r"[\s\x00-\x1f\x7f]", url):
        raise CurlImportError(f"The URL {url!r} is empty or contains spaces or line breaks.")
    if "://" not in url:
        url = "http://" + url  # what curl assumes
    try:
        parts = urlsplit(url)
    except ValueError:
        raise CurlImportError(f"The URL {url!r} is not a valid URL.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise CurlImportError(f"The URL {url!r} is not http:// or https://.")
    if not parts.hostname:
        raise CurlImportError(f"The URL {url!r} names no host.")
    return url
