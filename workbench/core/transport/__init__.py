"""The transport: ``requests`` and ``urllib3`` are used here and nowhere else in the model.

``sender`` sends and records, ``addresses`` checks an address before sending, ``cancelling``
lets a cancel interrupt a blocked read, ``reading`` reads the answer up to the cap,
``failures`` turns the HTTP stack's exceptions into causes and words, ``record`` gathers
what one send learned.
"""

from workbench.core.transport.sender import DEFAULT_MAX_BODY_BYTES, USER_AGENT, Transport

__all__ = ["DEFAULT_MAX_BODY_BYTES", "USER_AGENT", "Transport"]
