"""Trusted documents: the front end's own GraphQL documents, registered in the repository.

The front end sends the same few documents over and over. Each is kept in `docs/documents/` as a
`.graphql` file; `hub documents build` (`make documents`) writes them to a manifest keyed by
the GraphQL-over-HTTP persisted-document id, `sha256:` and the hex SHA-256 of the document's
exact text, which the front end computes the same way. At start-up every registered document is
parsed under the token limit and validated with the schema's rules, once; a request naming one
(`documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`) or sending its exact text
then skips both (`api.documents`). What depends on the request is still checked each time: the
cost against its variables, the intake view against its principal.

Only a registered query may come by GET, and `HUB_TRUSTED_ONLY` refuses any other document: in
production the hub then runs what its front end was built with and nothing an attacker wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from cross_web import HTTPException
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from strawberry.schema.schema import validate_document

from graph.settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "docs" / "documents"
MANIFEST = SOURCES / "manifest.json"
PREFIX = "sha256:"


def document_id(text: str) -> str:
    """The persisted-document id of `text`: its exact UTF-8 bytes, whitespace and all."""
    return PREFIX + hashlib.sha256(text.encode()).hexdigest()


class DocumentRefused(HTTPException):
    """A request refused for the document it names or the method it came by, with its code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Trusted:
    """A registered document, parsed and validated once, with each operation's kind."""

    id: str
    text: str
    document: DocumentNode
    operations: Mapping[str | None, OperationType]

    def kind(self, operation_name: str | None) -> OperationType | None:
        """The kind of the operation a request runs: the one named, or the only one."""
        if operation_name is None and len(self.operations) == 1:
            return next(iter(self.operations.values()))
        return self.operations.get(operation_name)


class InvalidDocument(ValueError):
    """A registered document that does not parse or validate against the schema."""


def prepare(text: str, schema: GraphQLSchema, rules: Collection[type[ASTValidationRule]],
            max_tokens: int) -> Trusted:
    """Parse and validate a document as every request would, once; InvalidDocument if it fails."""
    identifier = document_id(text)
    try:
        document = parse(text, max_tokens=max_tokens)
    except Exception as error:  # graphql-core's syntax and token-limit errors alike
        raise InvalidDocument(f"{identifier} does not parse: {error}") from error
    errors = validate_document(schema, document, tuple(rules))
    if errors:
        raise InvalidDocument(f"{identifier} does not validate: {errors[0].message}")
    operations = {definition.name.value if definition.name else None: definition.operation
                  for definition in document.definitions
                  if isinstance(definition, OperationDefinitionNode)}
    return Trusted(identifier, text, document, operations)


def manifest_of(texts: Collection[str]) -> dict[str, str]:
    """The manifest of these documents: id to text, in id order (a stable file)."""
    return dict(sorted((document_id(text), text) for text in texts))


def read_manifest(path: Path) -> dict[str, str]:
    """The manifest at `path`, checked: every id must be its text's (a hand-edited entry would
    otherwise run under an id the front end never computed)."""
    manifest: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    for identifier, text in manifest.items():
        if document_id(text) != identifier:
            raise InvalidDocument(f"{path}: {identifier} is not the id of its text; run "
                                  "`hub documents build`")
    return manifest


def source_texts(directory: Path = SOURCES) -> list[str]:
    """The front end's documents as written, one `.graphql` file each."""
    return [path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.graphql"))]


class TrustedDocuments:
    """The registry one schema serves: empty until `load` has validated it against that schema.

    Lookups are by id (a persisted-document request) and by text (a request that sent a
    registered document's text, or one whose id was already resolved to it)."""

    def __init__(self, path: Path | None, trusted_only: bool) -> None:
        self.path = path
        self.trusted_only = trusted_only
        self.by_id: dict[str, Trusted] = {}
        self.by_text: dict[str, Trusted] = {}
        self.documents: frozenset[int] = frozenset()

    def load(self, schema: GraphQLSchema, rules: Collection[type[ASTValidationRule]],
             max_tokens: int) -> None:
        texts = read_manifest(self.path).values() if self.path and self.path.exists() else ()
        prepared = [prepare(text, schema, rules, max_tokens) for text in texts]
        self.by_id = {trusted.id: trusted for trusted in prepared}
        self.by_text = {trusted.text: trusted for trusted in prepared}
        self.documents = frozenset(id(trusted.document) for trusted in prepared)

    def validated(self, document: DocumentNode | None) -> bool:
        """Whether `document` is one this registry parsed and validated at start-up."""
        return id(document) in self.documents

    def resolve(self, params: dict[str, Any]) -> dict[str, Any]:
        """The request's parameters with a document id replaced by its registered text.

        Apollo's automatic persisted queries may send the text with its hash: the hash must
        then be the text's, and the text runs as any other (it is registered here only if it
        is in the repository)."""
        identifier = params.get("documentId")
        extensions = params.get("extensions")
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if identifier is None and isinstance(persisted, dict) and "sha256Hash" in persisted:
            identifier = f"{PREFIX}{persisted['sha256Hash']}"
        if identifier is None:
            return params
        if not isinstance(identifier, str):
            raise DocumentRefused(400, "BAD_REQUEST", "`documentId` must be a string.")
        text = params.get("query")
        if text is not None:
            if isinstance(persisted, dict) and isinstance(text, str) \
                    and document_id(text) == identifier:
                return params
            raise DocumentRefused(400, "BAD_REQUEST",
                                  "Send a document's id or its text, not both.")
        trusted = self.by_id.get(identifier)
        if trusted is None:
            raise DocumentRefused(400, "PERSISTED_QUERY_NOT_FOUND",
                                  f"No trusted document has the id {identifier}.")
        return {**params, "query": trusted.text}

    def admit(self, method: str, text: str | None, operation_name: str | None) -> None:
        """Refuse what may not run here: by GET, anything but a registered query (a GET is
        sent by links and prefetching without the caller meaning it, and must never change
        anything); in trusted-only mode, any document not registered."""
        trusted = self.by_text.get(text) if text is not None else None
        if method == "GET":
            if trusted is None:
                raise DocumentRefused(
                    405, HTTPStatus.METHOD_NOT_ALLOWED.name,
                    "Only trusted documents may be sent by GET (`documentId`); send other "
                    "documents by POST.")
            if trusted.kind(operation_name) in (OperationType.MUTATION,
                                                OperationType.SUBSCRIPTION):
                raise DocumentRefused(405, HTTPStatus.METHOD_NOT_ALLOWED.name,
                                      "Only queries may be sent by GET; send a mutation by "
                                      "POST.")
        elif trusted is None and self.trusted_only:
            raise DocumentRefused(400, "TRUSTED_DOCUMENT_REQUIRED",
                                  "This hub runs only its front end's trusted documents: send "
                                  "a registered `documentId`.")
