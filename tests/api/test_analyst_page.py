"""The analyst page is served by the app in every environment, from its own files only."""

from __future__ import annotations

import httpx

from api.trusted import SOURCES, document_id
from api.vendor import CYTOSCAPE, VENDOR_DIR


async def test_the_page_and_its_files_are_served_without_a_token_under_a_self_only_policy(
        client: httpx.AsyncClient) -> None:
    page = await client.get("/analyst")  # a test environment: no GraphiQL, still the page
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "https://" not in page.text
    files = {"/analyst/assets/analyst.js": "text/javascript",
             "/analyst/assets/charts.js": "text/javascript",
             "/analyst/assets/analyst.css": "text/css",
             "/analyst/documents.json": "application/json",
             "/analyst/vendor/dist/cytoscape.min.js": "text/javascript"}
    for address, media_type in files.items():
        served = await client.get(address)
        assert served.status_code == 200, address
        assert served.headers["content-type"].startswith(media_type), address
        assert served.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in served.headers["content-security-policy"]
    library = await client.get("/analyst/vendor/dist/cytoscape.min.js")
    assert library.content == (VENDOR_DIR / CYTOSCAPE.spec / "dist/cytoscape.min.js").read_bytes()
    assert (await client.post("/graphql", json={"query": "{ forces { code } }"})
            ).status_code == 401  # the data still needs the token


async def test_the_page_is_told_the_ids_of_its_own_trusted_documents(
        client: httpx.AsyncClient) -> None:
    """The page sends documents by id, so a trusted-only hub runs it: one id per document file,
    the id of its exact text, which the hub has registered."""
    known = (await client.get("/analyst/documents.json")).json()
    files = {path.stem: document_id(path.read_text(encoding="utf-8"))
             for path in SOURCES.glob("analyst-*.graphql")}
    assert set(known) == {"AnalystAccounts", "AnalystNetwork", "AnalystStatistics"}
    assert sorted(known.values()) == sorted(files.values())
