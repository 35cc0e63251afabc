"""Finding a stage or step by what a person typed (its id or its name), and ids made from names."""

from __future__ import annotations

import difflib
import re
import unicodedata

__all__ = ["Finder", "unique_slug"]


class Finder:
    """Finds a stage or touchpoint by id, by name, then by either ignoring case.

    Examples
    --------
    >>> finder = Finder([("pay", "Pays by card"), ("ask", "Asks")])
    >>> finder.find("pay"), finder.find("Pays by card"), finder.find("ASKS"), finder.find("Leaves")
    ('pay', 'pay', 'ask', None)
    """

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.ids: set[str] = set()
        self.by_name: dict[str, list[str]] = {}
        self.by_folded: dict[str, list[str]] = {}
        for identifier, name in items:
            self.add(identifier, name)

    def add(self, identifier: str, name: str) -> None:
        """Make one more item findable."""
        self.ids.add(identifier)
        self.by_name.setdefault(name, []).append(identifier)
        for text in {identifier.casefold(), name.strip().casefold()}:
            bucket = self.by_folded.setdefault(text, [])
            if identifier not in bucket:
                bucket.append(identifier)

    def find(self, text: str) -> str | None:
        """The id of the one item ``text`` names; None when none does, or several do."""
        if text in self.ids:
            return text
        for candidates in (self.by_name.get(text), self.by_folded.get(text.casefold())):
            if candidates and len(set(candidates)) == 1:
                return candidates[0]
        return None

    def not_found(self, what: str, text: str) -> str:
        """Why ``text`` names no one ``what``: several share the name, or none has it (and a near one)."""
        shown = text if len(text) <= 60 else text[:57] + "…"
        candidates = self.by_name.get(text) or self.by_folded.get(text.casefold())
        if candidates and len(candidates) > 1:
            ids = ", ".join(f'"{c}"' for c in candidates[:5])
            return f'{len(candidates)} {what}s are called "{shown}" ({ids}); give the ID instead'
        names = [name for name in self.by_name if name] + sorted(self.ids)
        close = difflib.get_close_matches(text, names, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        return f'no {what} has the ID or name "{shown}"{hint}'


def unique_slug(text: str, fallback: str, used: set[str]) -> str:
    """An id made from a name, unique among ``used`` (which grows).

    Examples
    --------
    >>> used = set()
    >>> [unique_slug(name, "step", used) for name in ("Pays by card", "Pays by card", "…")]
    ['pays_by_card', 'pays_by_card_2', 'step']
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9-]+", "_", ascii_text.casefold()).strip("_-")[:48].strip("_-") or fallback
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}_{number}", number + 1
    used.add(candidate)
    return candidate
