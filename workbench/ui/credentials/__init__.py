"""The credential form and its parts: field checks, pair tables, cURL import, recovery."""
