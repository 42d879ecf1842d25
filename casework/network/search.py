"""Finding an account by its handle, as an analyst types it, on every platform at once.

The search is folded as the linker folds handles (`handle_key`: case, `@`, separators, accents
and look-alike characters), so `@Mike_Smith`, `mike.smith` and `m1ke smith` find the same
accounts, and it matches from the start of the folded handle, which the handle index answers
without reading every account.
"""

from __future__ import annotations

from typing import Any

from casework.access import Permission, Principal
from casework.errors import RuleViolation
from graph import network
from graph.driver import Graph
from graph.pages import Window
from linking.normalise.handles import handle_key

# A search box for a handle, not a document: platforms cap handles well below this.
SEARCH_CHARACTERS = 100


def handle_search(search: str) -> str:
    """The folded handle to look for; refused when too long to be a handle or when nothing
    is left of it once folded."""
    if len(search) > SEARCH_CHARACTERS:
        raise RuleViolation.one(("search",), f"search with at most {SEARCH_CHARACTERS} "
                                "characters", "TOO_LONG")
    key = handle_key(search)
    if not key:
        raise RuleViolation.one(("search",), "give part of a handle: at least one letter or "
                                "digit", "REQUIRED")
    return key


async def accounts_by_handle(graph: Graph, principal: Principal, search: str,
                             window: Window[int]) -> tuple[list[dict[str, Any]], int]:
    """The page of accounts whose handle starts as `search` does, within the caller's scope."""
    principal.require(Permission.READ_NETWORKS)
    return await network.accounts_by_handle(graph, handle_search(search),
                                            principal.case_scope(), window)
