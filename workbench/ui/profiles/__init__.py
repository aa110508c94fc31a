"""Profiles in the window: the controller that owns them, its secrets, bar and dialogs."""
