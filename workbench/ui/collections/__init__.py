"""Saved requests in the window: the tree beside the composer and its controller, variables and
environments (their selector, their editor, their secret values through the keychain worker),
and importing and exporting the formats people already use."""
