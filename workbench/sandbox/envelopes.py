"""GetResponse API v3 error envelopes and RFC 6749/6750 error bodies, built exactly as published."""

from __future__ import annotations

import json
from typing import Any

JsonObject = dict[str, Any]

CODE_DESCRIPTIONS: dict[int, str] = {
    1: "Internal error",
    1000: "General error of validation process, more details should be in context section",
    1008: "There is another resource with the same value of unique property",
    1013: "Resource with given ID cannot be found",
    1014: "Problem during authentication process, check headers!",
    1015: "Too many request to API, quota reached, please wait till next quota window",
    1021: "There is something wrong with your request headers",
    1027: "Contact limit reached",
}
"""``codeDescription`` per GetResponse error code (1021's and 1027's wording is the sandbox's
own)."""

MESSAGE_UNABLE_TO_AUTHENTICATE = (
    "Unable to authenticate request. Check credentials or authentication method details"
)
MESSAGE_EXPIRED = "The access token provided is expired"
MESSAGE_THROTTLED = "You have reached your requests limit for this time window, please wait..."
MESSAGE_VALIDATION = "Validation error, see context section for more information"


def more_info_url(code: int) -> str:
    """The documentation address GetResponse puts in ``moreInfo`` for ``code``."""
    return f"https://apidocs.getresponse.com/en/v3/errors/{code}"


def envelope(
    http_status: int, code: int, message: str, context: object, *, uuid: str | None
) -> JsonObject:
    """A GetResponse error envelope, keys in the published order; ``uuid`` omitted when None."""
    body: JsonObject = {
        "httpStatus": http_status,
        "code": code,
        "codeDescription": CODE_DESCRIPTIONS[code],
        "message": message,
        "moreInfo": more_info_url(code),
        "context": context,
    }
    if uuid is not None:
        body["uuid"] = uuid
    return body


def expired_token_envelope(sent_token: str) -> JsonObject:
    """The expired-token 1014 envelope, exactly as GetResponse publishes it (no ``uuid``)."""
    return {
        "httpStatus": 401,
        "code": 1014,
        "codeDescription": CODE_DESCRIPTIONS[1014],
        "message": MESSAGE_EXPIRED,
        "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",
        "context": {"sentToken": sent_token},
    }


def unable_to_authenticate_envelope(uuid: str) -> JsonObject:
    """The 1014 envelope for missing, unknown or malformed credentials."""
    return envelope(
        401,
        1014,
        MESSAGE_UNABLE_TO_AUTHENTICATE,
        {"authenticationType": "auth_token"},
        uuid=uuid,
    )


def throttled_envelope(current_limit: int, seconds_to_reset: int, uuid: str) -> JsonObject:
    """The 1015 envelope sent with a 429."""
    return envelope(
        429,
        1015,
        MESSAGE_THROTTLED,
        {"currentLimit": current_limit, "timeToReset": f"{seconds_to_reset} seconds"},
        uuid=uuid,
    )


def rfc_error(error: str, description: str) -> JsonObject:
    """An RFC 6749 §5.2 / RFC 6750 §3 error body."""
    return {"error": error, "error_description": description}


def json_bytes(value: object) -> bytes:
    """Compact JSON, key order kept, as an API server sends it; never NaN or Infinity."""
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()


def quoted(value: str) -> str:
    """``value`` as an HTTP quoted-string (for ``WWW-Authenticate`` parameters)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
