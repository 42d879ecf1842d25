"""What a search box for cases looks for: one string read as a case reference, a handle, a URL
and words of a referral's text at once, each folded as it is stored.

A case is found when any of them matches: its reference starts with the search; a referral in it
names an account with that handle (folded as the linker folds handles; `@` in front asks for
handles that start so); a referral in it concerns the content the URL identifies (whichever form
of the URL was typed); or its referrals' text holds every word of the search (stemmed, so that
"harassing" finds "harassment").
"""

from __future__ import annotations

import re

from casework.errors import RuleViolation
from graph.cases import CaseSearch
from linking.normalise.handles import handle_key
from linking.urls import ContentKey, canonical_content

# A search box, not a document.
SEARCH_CHARACTERS = 200
# Words beyond these add little to a search and much to the text index's work.
SEARCH_WORDS = 12
_WORD = re.compile(r"\w+")
_REFERENCE = re.compile(r"^[A-Z0-9-]+$")


def case_search(search: str | None) -> CaseSearch | None:
    """The search for cases `search` asks for; None when it asks for nothing (null or blank).
    Refused when longer than a search box holds."""
    if search is None or not search.strip():
        return None
    if len(search) > SEARCH_CHARACTERS:
        raise RuleViolation.one(("search",), f"search with at most {SEARCH_CHARACTERS} "
                                "characters", "TOO_LONG")
    text = search.strip()
    one_token = not any(ch.isspace() for ch in text)
    reference = text.upper() if one_token and _REFERENCE.match(text.upper()) else None
    handle = handle_key(text) if one_token else ""
    content = None
    if one_token and ("/" in text or "." in text):
        content = (canonical_content(text) or ContentKey("web", "url", text)).key
    words = [word.lower() for word in _WORD.findall(text)][:SEARCH_WORDS]
    return CaseSearch(reference=reference, handle=handle or None,
                      handle_prefix=text.startswith("@"), content=content,
                      text=" ".join("+" + word for word in words) or None)
