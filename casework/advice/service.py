"""Advice from the hub to forces, and the best-practice library.

The hub writes (WRITE_ADVICE); forces and analysts read (READ_ADVICE). A note is addressed to
one force or written on one case, never both, so that who may read it is never in doubt: a
force officer reads the notes to their force and those on the cases their force has. Library
entries are for every force and must not carry case data; they are found by words (stemmed, so
"harassing" finds "harassment"; every word must match) and by tags (every tag must match).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from casework.access import Permission, Principal
from casework.audit import AuditAction, audit_entry
from casework.errors import RuleViolation, UserError
from graph import advice as advice_graph
from graph.advice import AdviceNote, PracticeEntry
from graph.driver import Graph
from graph.pages import Key, Window
from seeds.reference.forces import force_by_code

_TITLE_LIMIT = 200
_TAG_LIMIT = 20
# Lucene's query syntax: each is escaped so that a search box never becomes a query language.
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
# A search box, not a document: Lucene refuses a query of over 1,024 clauses, and one long
# "word" can be split into many, so characters are bounded as well as words.
SEARCH_WORDS = 50
SEARCH_CHARACTERS = 1_000


def tags_of(given: Iterable[str]) -> list[str]:
    """Tags compare as typed words do: trimmed, lower case, each once, in the order given."""
    return list(dict.fromkeys(t.strip().lower() for t in given if t.strip()))


def full_text_query(search: str | None) -> str | None:
    """Every word of the search box required, its special characters taken literally; None
    when it holds no word. A search too long to be a search box's is refused."""
    if search is not None and (len(search) > SEARCH_CHARACTERS
                               or len(search.split()) > SEARCH_WORDS):
        raise RuleViolation.one(("search",), f"search with at most {SEARCH_WORDS} words and "
                                f"{SEARCH_CHARACTERS} characters", "TOO_LONG")
    words = [_LUCENE_SPECIAL.sub(r"\\\1", word.lower()) for word in (search or "").split()]
    return " AND ".join(words) or None


def _written(title: str, body: str, tags: list[str]) -> list[UserError]:
    errors = []
    if not title.strip():
        errors.append(UserError(("input", "title"), "give a title", "REQUIRED"))
    elif len(title.strip()) > _TITLE_LIMIT:
        errors.append(UserError(("input", "title"), f"keep the title within {_TITLE_LIMIT} "
                                "characters", "TOO_LONG"))
    if not body.strip():
        errors.append(UserError(("input", "body"), "say what the advice is", "REQUIRED"))
    if len(tags) > _TAG_LIMIT:
        errors.append(UserError(("input", "tags"), f"at most {_TAG_LIMIT} tags", "TOO_MANY"))
    return errors


async def give_advice(graph: Graph, principal: Principal, force: str | None,
                      reference: str | None, title: str, body: str,
                      tags: Iterable[str]) -> AdviceNote:
    """A note to a force or on a case (within the caller's scope), audited."""
    principal.require(Permission.WRITE_ADVICE)
    tagged = tags_of(tags)
    errors = _written(title, body, tagged)
    if (force is None) == (reference is None):
        errors.append(UserError(("input",), "address the advice to a force or write it on a "
                                "case, not both", "ONE_ADDRESSEE"))
    elif force is not None and force_by_code(force) is None:
        errors.append(UserError(("input", "forceCode"), f"{force!r} is not a force code",
                                "UNKNOWN_FORCE"))
    if errors:
        raise RuleViolation(errors)
    now = datetime.now(UTC)
    note = AdviceNote(id=str(uuid.uuid4()), title=title.strip(), body=body.strip(), at=now,
                      by=principal.subject, tags=tuple(tagged), force_code=force,
                      case_reference=reference)
    audit = audit_entry(principal, AuditAction.ALTERATION, now,
                        targets=[reference or f"force:{force}"],
                        justification=f"advice given: {note.title}")
    stored = await advice_graph.give_advice(graph, note, principal.case_scope(), audit)
    if stored is None:
        raise RuleViolation.one(("input", "caseId" if reference else "forceCode"),
                                "no such case" if reference else "no such force", "NOT_FOUND")
    return stored


async def advice_notes(graph: Graph, principal: Principal, force: str | None,
                       window: Window[Key], search: str | None = None
                       ) -> tuple[list[AdviceNote], int]:
    """Notes the caller may read, optionally those of one force, newest first; with every word
    of `search` (stemmed) when given."""
    principal.require(Permission.READ_ADVICE)
    return await advice_graph.advice_notes(graph, principal.case_scope(), force, window,
                                           full_text_query(search))


async def publish_practice(graph: Graph, principal: Principal, title: str, body: str,
                           tags: Iterable[str]) -> PracticeEntry:
    """Add an entry to the library every force can search."""
    principal.require(Permission.WRITE_ADVICE)
    tagged = tags_of(tags)
    errors = _written(title, body, tagged)
    if errors:
        raise RuleViolation(errors)
    return await advice_graph.publish_practice(graph, PracticeEntry(
        id=str(uuid.uuid4()), title=title.strip(), body=body.strip(), at=datetime.now(UTC),
        by=principal.subject, tags=tuple(tagged)))


async def best_practice(graph: Graph, principal: Principal, search: str | None,
                        tags: Iterable[str], window: Window[Key]
                        ) -> tuple[list[PracticeEntry], int]:
    """Library entries with every word of `search` and every tag, newest first."""
    principal.require(Permission.READ_ADVICE)
    return await advice_graph.search_practice(graph, full_text_query(search), tags_of(tags),
                                              window)
