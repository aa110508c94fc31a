"""The command line's exit codes and its usage error."""

from __future__ import annotations

EXIT_OK = 0
EXIT_USAGE = 2
"""Bad arguments: argparse's own errors, a malformed --param/--header, a missing secret."""
EXIT_REFUSED = 3
"""The server answered with an error; the problem is printed in plain words."""
EXIT_TRANSPORT = 4
"""No whole HTTP answer: refused, DNS, TLS, timeout, a connection lost mid-answer, an answer
that is not HTTP or that the workbench cannot read (a 1 MB header, 1,000 headers)."""
EXIT_NOT_DATA = 6
"""The API answered 2xx with a web page where data was expected (a proxy, a firewall or a
network's sign-in page answered in its place). Ask for a page (``-H 'Accept: text/html'``) to
take one as an answer."""
EXIT_ODD_TOKEN = 5
"""The token is not a usable Bearer value (RFC 6750 b64token): it holds control characters,
non-ASCII text or other characters outside the b64token set. ``token`` prints it escaped."""


class UsageError(Exception):
    """A mistake in the command line found after parsing; exit code 2."""
