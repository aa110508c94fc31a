"""Which saved request the composer shows, and the unsaved edits of every saved request.

Edits are kept per profile for as long as the window is open, like an editor's unsaved
buffers: opening another request, or another profile, loses none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workbench.core.collections.model import ItemPath, SavedRequest

DraftKey = tuple[str, ItemPath]
"""(profile id, path of the request in its collection)."""


@dataclass
class Draft:
    """A saved request with unsaved edits: as it was when opened, and as edited."""

    base: SavedRequest
    edited: SavedRequest


def _within(path: ItemPath, prefix: ItemPath) -> bool:
    return path[: len(prefix)] == prefix


class OpenRequests:
    """The request in the composer (``path``: a saved one; None: the profile's own request)
    and the drafts of every saved request edited and not saved."""

    def __init__(self) -> None:
        self.profile_id = ""
        self.path: ItemPath | None = None
        self.base: SavedRequest | None = None
        """The open request as saved when it was opened (a change on disk since is noticed)."""
        self._drafts: dict[DraftKey, Draft] = {}

    # ----------------------------------------------------------------- the open request

    def open(self, path: ItemPath, saved: SavedRequest) -> SavedRequest:
        """Note ``path`` as open; returns what to show: its draft, if it has one."""
        draft = self._drafts.get((self.profile_id, path))
        self.path = path
        self.base = draft.base if draft is not None else saved
        return draft.edited if draft is not None else saved

    def close(self) -> None:
        """The profile's own request is shown again (drafts stay)."""
        self.path = None
        self.base = None

    def note_edit(self, edited: SavedRequest) -> bool:
        """The open request as the composer shows it now; True when its unsaved state changed."""
        if self.path is None or self.base is None:
            return False
        key = (self.profile_id, self.path)
        was_dirty = key in self._drafts
        if edited == self.base:
            self._drafts.pop(key, None)
        else:
            self._drafts[key] = Draft(self.base, edited)
        return was_dirty != (key in self._drafts)

    def edited(self) -> SavedRequest | None:
        """The open request with its edits (None when the profile's own is shown)."""
        if self.path is None:
            return None
        draft = self._drafts.get((self.profile_id, self.path))
        return draft.edited if draft is not None else self.base

    # ----------------------------------------------------------------- drafts

    def is_dirty(self, path: ItemPath | None = None) -> bool:
        """True when ``path`` (the open request when None) has unsaved edits."""
        path = self.path if path is None else path
        return path is not None and (self.profile_id, path) in self._drafts

    def draft(self, path: ItemPath) -> Draft | None:
        """The unsaved edits of ``path`` in the profile shown, if any."""
        return self._drafts.get((self.profile_id, path))

    def dirty_paths(self) -> frozenset[ItemPath]:
        """The requests of the profile shown that have unsaved edits."""
        return frozenset(path for owner, path in self._drafts if owner == self.profile_id)

    def dirty_count(self) -> int:
        """How many requests, in every profile, have unsaved edits."""
        return len(self._drafts)

    def drafts(self) -> list[tuple[DraftKey, Draft]]:
        """Every draft of every profile."""
        return list(self._drafts.items())

    def saved(self, path: ItemPath, request: SavedRequest) -> None:
        """``request`` was written at ``path``: its draft goes; open, it is the new base."""
        self._drafts.pop((self.profile_id, path), None)
        if self.path == path:
            self.base = request

    def discard(self, key: DraftKey) -> None:
        """Forget one draft."""
        self._drafts.pop(key, None)

    def moved(self, old: ItemPath, new: ItemPath) -> None:
        """An item (and everything in it, for a folder) now lives at ``new`` (a renamed
        request's drafts take its new name)."""
        name = new[-1]
        for (owner, path), draft in list(self._drafts.items()):
            if owner == self.profile_id and _within(path, old):
                del self._drafts[(owner, path)]
                moved = draft
                if path == old:
                    moved = Draft(replace(draft.base, name=name), replace(draft.edited, name=name))
                self._drafts[(owner, new + path[len(old) :])] = moved
        if self.path is not None and _within(self.path, old):
            if self.path == old and self.base is not None:
                self.base = replace(self.base, name=name)
            self.path = new + self.path[len(old) :]

    def forget(self, gone: ItemPath) -> bool:
        """An item was deleted: drop its drafts (and those inside it); True when the open
        request was among them."""
        for owner, path in list(self._drafts):
            if owner == self.profile_id and _within(path, gone):
                del self._drafts[(owner, path)]
        if self.path is not None and _within(self.path, gone):
            self.close()
            return True
        return False
