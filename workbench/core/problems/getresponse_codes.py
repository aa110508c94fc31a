"""GetResponse API v3 error codes, each with plain words for people who do not code."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.problems import ProblemKind

PUBLISHED_TEXT_CODES = frozenset({1, 1000, 1013, 1014, 1015})
"""Codes for which GetResponse publishes its own wording; for the others the words are ours."""


@dataclass(frozen=True)
class CodeEntry:
    """Plain-language words for one GetResponse error code."""

    kind: ProblemKind
    title: str
    explanation: str
    likely_cause: str
    suggested_action: str


def code_wording_is_ours(code: int) -> bool:
    """True when GetResponse publishes no text of its own for ``code``."""
    return code not in PUBLISHED_TEXT_CODES


_PARAMETER = CodeEntry(
    ProblemKind.BAD_REQUEST,
    "GetResponse did not accept a parameter",
    "GetResponse refused the request because one of its parameters was missing, "
    "of the wrong type or not allowed.",
    "A value in the URL or the request body does not match what this API call expects.",
    "Read GetResponse's message below, fix the named parameter and send the request again.",
)

_FORBIDDEN_ACTION = "Contact GetResponse support if you think this is a mistake."

# Every code in protocol.md except 1014 and 1015, whose words depend on the message and context.
GETRESPONSE_CODES: dict[int, CodeEntry] = {
    1: CodeEntry(
        ProblemKind.SERVER_ERROR,
        "GetResponse had an internal error",
        "Something went wrong inside GetResponse while it handled the request; "
        "the request itself may be fine.",
        "A temporary fault on GetResponse's side.",
        "Wait a little and send the request again; if it keeps failing, contact GetResponse "
        "support with the uuid shown in the fields.",
    ),
    1000: CodeEntry(
        ProblemKind.BAD_REQUEST,
        "GetResponse found invalid values",
        "GetResponse checked the request and found values it cannot accept.",
        "One or more fields in the request body are missing or have a wrong value; "
        "the details are in the context fields.",
        "Look at the context fields to see which values were rejected, fix them and send again.",
    ),
    1008: CodeEntry(
        ProblemKind.BAD_REQUEST,
        "This already exists at GetResponse",
        "GetResponse refused to create something because an identical one already exists.",
        "The request tries to add a value (for example a contact or a name) that is already there.",
        "Use the existing item, or change the value so that it is unique, then send again.",
    ),
    1013: CodeEntry(
        ProblemKind.NOT_FOUND,
        "GetResponse could not find it",
        "The thing the request points at does not exist at GetResponse, "
        "or this account cannot see it.",
        "A wrong id in the URL, or the item was deleted.",
        "Check the id in the URL against the account's data and send again.",
    ),
    1016: CodeEntry(
        ProblemKind.FORBIDDEN,
        "API access is blocked for now",
        "GetResponse has temporarily blocked API access for this account.",
        "Usually too many requests or too many errors in a short time.",
        "Wait before sending more requests. " + _FORBIDDEN_ACTION,
    ),
    1017: CodeEntry(
        ProblemKind.FORBIDDEN,
        "API access is blocked",
        "GetResponse has blocked API access for this account permanently.",
        "The account broke the API's terms of use, or its API access was switched off.",
        "Contact GetResponse support; sending again will not help.",
    ),
    1018: CodeEntry(
        ProblemKind.FORBIDDEN,
        "Your IP address is blocked",
        "GetResponse refuses requests coming from this computer's network address.",
        "The IP address is not on the account's allowed list, or it was blocked.",
        "Check the account's IP restrictions, or send from an allowed network. "
        + _FORBIDDEN_ACTION,
    ),
    1019: CodeEntry(
        ProblemKind.MAINTENANCE,
        "GetResponse is under maintenance",
        "GetResponse's API is down for maintenance right now, so it cannot answer.",
        "Planned or emergency work on GetResponse's side; nothing is wrong with the request.",
        "Wait a while and send the request again.",
    ),
    1021: CodeEntry(
        ProblemKind.BAD_REQUEST,
        "GetResponse rejected the request headers",
        "GetResponse refused the request because one of its headers has a wrong value.",
        "For GetResponse MAX the X-Domain header is often the culprit: it must be the bare "
        "domain (example.com), without http://, without www. and without a path.",
        "Check the headers, above all X-Domain for GetResponse MAX, and send again.",
    ),
    1023: CodeEntry(
        ProblemKind.FORBIDDEN,
        "Not allowed for this account",
        "The account or user behind this token may not do what the request asks.",
        "The account's plan or the user's role lacks the permission this API call needs.",
        "Ask the account owner for the missing permission, or use an account that has it.",
    ),
    1024: CodeEntry(
        ProblemKind.NOT_FOUND,
        "GetResponse MAX domain not found",
        "GetResponse MAX does not know the domain named in the X-Domain header.",
        "The X-Domain header is missing, misspelt, or not the account's registered domain.",
        "Send X-Domain with the bare domain registered for the account (example.com, no "
        "http:// and no www.), then send again.",
    ),
    1027: CodeEntry(
        ProblemKind.BAD_REQUEST,
        "The contact limit is reached",
        "GetResponse refused to add more contacts because the account's contact limit is reached.",
        "The account's plan allows no more contacts.",
        "Remove contacts or upgrade the plan, then send again.",
    ),
    1028: CodeEntry(
        ProblemKind.BAD_REQUEST,
        "This resource is restricted",
        "GetResponse refused the request because the resource it touches is restricted.",
        "The item is locked or reserved, or the account's plan does not include it.",
        "Check the account's plan and the item's state; " + _FORBIDDEN_ACTION.lower(),
    ),
    1029: CodeEntry(
        ProblemKind.BAD_REQUEST,
        "This resource is restricted",
        "GetResponse refused the request because the resource it touches is restricted.",
        "The item is locked or reserved, or the account's plan does not include it.",
        "Check the account's plan and the item's state; " + _FORBIDDEN_ACTION.lower(),
    ),
}
for _code in (*range(1001, 1008), *range(1009, 1013)):
    GETRESPONSE_CODES[_code] = _PARAMETER
del _code
