"""A West Yorkshire officer against a Metropolitan case, through every root field.

The matrix is differential. Each probe is sent before the Metropolitan case exists and after,
naming it by its real identifiers and by identifiers that exist nowhere; the answers (data,
totals, errors, extensions) must be identical, since any difference is something the officer
learnt about the other force. The same probes from a Metropolitan officer must notice the case,
or a probe would prove nothing.

Every root field needs an entry: one added to the schema without a probe here fails
`test_every_root_field_has_a_probe` until someone decides how a force officer could use it.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse, validate
from strawberry import relay

from api.schema import schema
from api.settings import ApiSettings
from casework.access import Role
from casework.identity.service import relink_accounts
from graph.driver import Graph
from tests.security import probes
from tests.security.probes import PHANTOM, Named, Probe
from tests.support.graphql import gql
from tests.support.intake import force_of, referral, submit
from tests.support.tokens import bearer

OWN_FORCE, OTHER_FORCE = "west-yorkshire", "metropolitan"


CASE = """fragment CaseFields on Case { id reference status openedAt priority forceCode strands
  reportCount complainantCount outcome mergedInto relatedCases { kind reference }
  allocations { forceCode victimForceCode suspectForceCode rule reason }
  reports(first: 10) { totalCount edges { cursor node { ...ReportFields } } }
  complainants(first: 10) { totalCount edges { node { reportTruevisionRef name postcode } } } }"""
REPORT = """fragment ReportFields on Report { id truevisionRef narrative contentText contentUrls
  platformAsTyped parties { roles name postcode email }
  caseLink { method probability duplicateOf evidence { feature value weight } } }"""
ACCOUNT = """fragment AccountFields on Account { platform handle displayName bannedAt suspectId
  samePerson { otherAccountId status decidedBy reason } }"""
NETWORK = """fragment NetworkFields on Network { truncated
  nodes { id kind label platform degree firstSeen lastSeen }
  edges { source target kind probability score reasons firstSeen lastSeen
          evidence { kind nodeIds description } } }"""
BUCKETS = "{ key reports cases }"

# Keyed by root field, or `field:variant` when one field is probed several ways.
QUERIES: dict[str, Probe] = {
    "node:case": Probe(
        "query($id: ID!) { node(id: $id) { id ...CaseFields } }" + CASE + REPORT,
        lambda own, other: {"id": other.case_id}),
    "node:their-account": Probe(
        "query($id: ID!) { node(id: $id) { id ...AccountFields } }" + ACCOUNT,
        lambda own, other: {"id": other.account_id}),
    # One person behind accounts in two forces: the officer's own account must not show it.
    "node:my-account": Probe(
        "query($id: ID!) { node(id: $id) { id ...AccountFields } }" + ACCOUNT,
        lambda own, other: {"id": own.account_id}, reaches_other=False),
    "nodes": Probe(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id ...CaseFields ...AccountFields } }"
        + CASE + REPORT + ACCOUNT,
        lambda own, other: {"ids": [other.case_id, own.case_id, other.account_id,
                                    own.account_id, other.case_id]}),
    "case": Probe(
        "query($r: String!, $id: ID!) { byReference: case(reference: $r) { ...CaseFields }"
        " byId: case(id: $id) { ...CaseFields } }" + CASE + REPORT,
        lambda own, other: {"r": other.reference, "id": other.case_id}),
    "cases": Probe(
        "query { all: cases(first: 20) { totalCount pageInfo { hasNextPage endCursor }"
        " edges { cursor node { ...CaseFields } } }"
        " theirs: cases(filter: {forceCodes: [\"metropolitan\"]}) { totalCount } }"
        + CASE + REPORT),
    # Paged from the end, nested pages too: the same scope, totals and cursors.
    "cases:backward": Probe(
        "query { cases(last: 20) { totalCount"
        " pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
        " edges { cursor node { ...CaseFields latest: reports(last: 10) { totalCount"
        " pageInfo { hasPreviousPage startCursor } edges { cursor node { truevisionRef } } }"
        " } } } }" + CASE + REPORT),
    # Searched by what both cases have (a handle, words) and by what only theirs has (its
    # reference, its URL), sorted every way: the same scope, totals and cursors.
    "cases:search": Probe(
        "query($theirs: String!) {"
        " byReference: cases(search: $theirs) { ...Found }"
        " byHandle: cases(search: \"@someone\") { ...Found }"
        " byExactHandle: cases(search: \"someone\") { ...Found }"
        " byWords: cases(search: \"abusive text\") { ...Found }"
        " byUrl: cases(search: \"https://www.tiktok.com/@someone/video/7300000000000000001\")"
        " { ...Found } }"
        " fragment Found on CaseConnection { totalCount pageInfo { hasNextPage endCursor }"
        " edges { cursor node { reference } } }",
        lambda own, other: {"theirs": other.reference}),
    "cases:ordered": Probe(
        "query {" + "".join(
            f" {field.lower()}{direction}: cases(last: 5, search: \"abusive\","
            f" orderBy: {{field: {field}, direction: {direction}}}) {{ totalCount"
            " pageInfo { hasPreviousPage startCursor } edges { cursor node { reference } } }"
            for field in ("OPENED_AT", "UPDATED_AT", "PRIORITY", "REPORT_COUNT")
            for direction in ("ASC", "DESC")) + " }"),
    "report": Probe(
        "query($theirs: String!, $mine: String!) { theirs: report(truevisionRef: $theirs) {"
        " ...ReportFields case { reference } }"
        " mine: report(truevisionRef: $mine) { ...ReportFields case { ...CaseFields } } }"
        + CASE + REPORT,
        lambda own, other: {"theirs": other.truevision_ref, "mine": own.truevision_ref}),
    "caseHistory": Probe(
        "query($theirs: String!, $mine: String!) {"
        " theirs: caseHistory(reference: $theirs) { fromState toState step by reason }"
        " mine: caseHistory(reference: $mine) { fromState toState step by reason } }",
        lambda own, other: {"theirs": other.reference, "mine": own.reference}),
    # No update is owed on a triaged case, so nothing is overdue for either force here;
    # tests/api/test_casework.py shows a late update appears for its own force only.
    "overdueVictimUpdates": Probe(
        "query { overdueVictimUpdates { caseReference victimId trigger due statutory } }",
        reaches_other=False),
    "overdueVictimUpdatesConnection": Probe(
        "query { overdueVictimUpdatesConnection { totalCount edges { cursor node {"
        " caseReference victimId trigger due statutory } } } }", reaches_other=False),
    "forces": Probe("query { forces { code name country } }", reaches_other=False),
    "platforms": Probe("query { platforms { id name domains referralChannel } }",
                       reaches_other=False),
    "network:case": Probe(
        "query($theirs: ID!, $mine: ID!) {"
        " theirs: network(around: $theirs, depth: 3) { ...NetworkFields }"
        " mine: network(around: $mine, depth: 3) { ...NetworkFields } }" + NETWORK,
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
    "network:their-account": Probe(
        "query($id: ID!) { network(around: $id, depth: 3) { ...NetworkFields } }" + NETWORK,
        lambda own, other: {"id": other.account_id}),
    "network:my-account": Probe(
        "query($id: ID!) { network(around: $id, depth: 3, minConfidence: 0) {"
        " ...NetworkFields } }" + NETWORK,
        lambda own, other: {"id": own.account_id}, reaches_other=False),
    # The same handle on the other force's platform: neither found nor counted.
    "accounts": Probe(
        "query { accounts(search: \"@Someone\", first: 20) { totalCount"
        " pageInfo { hasNextPage endCursor } edges { cursor node { id ...AccountFields } } } }"
        + ACCOUNT),
    "suspects": Probe(
        "query { suspects(rankBy: CASES, first: 20) { totalCount"
        " edges { node { suspectId victims cases platforms accountIds } } } }"),
    # Found by a handle their accounts share: the suspect is the same person on both forces'
    # cases, and only what is within reach may match or show.
    "suspects:search": Probe(
        "query { someone: suspects(search: \"@someone\") { totalCount"
        " edges { cursor node { suspectId victims cases platforms accountIds } } }"
        " exact: suspects(search: \"someone\", last: 5) { totalCount"
        " edges { node { suspectId } } } }"),
    "suspects:backward": Probe(
        "query { suspects(rankBy: VICTIMS, last: 20) { totalCount"
        " pageInfo { hasPreviousPage startCursor }"
        " edges { cursor node { suspectId victims cases platforms accountIds } } } }"),
    "returnedAfterBan": Probe(
        "query { returnedAfterBan { bannedAccountId returnedAccountId suspectId firstSeen } }",
        reaches_other=False),
    # Relink jobs belong to no force: a force officer may neither read nor start them.
    "relinkJobs": Probe("query { relinkJobs { id status startedBy } }", reaches_other=False),
    "relinkJob": Probe("query { relinkJob(id: \"RJ-none\") { id status } }",
                       reaches_other=False),
    "statistics": Probe(
        f"query {{ strand: statistics(by: STRAND) {BUCKETS} force: statistics(by: FORCE) "
        f"{BUCKETS} platform: statistics(by: PLATFORM) {BUCKETS} month: statistics(by: MONTH) "
        f"{BUCKETS} status: statistics(by: STATUS) {BUCKETS} "
        f"decision: statistics(by: DECISION) {BUCKETS} offence: statistics(by: OFFENCE) "
        f"{BUCKETS} }}"),
    "alerts": Probe("query { alerts { kind day reports detail } }", reaches_other=False),
    "timeTo": Probe("query { assessment: timeTo(milestone: ASSESSMENT) { p50 p90 p95 count }"
                    " allocation: timeTo(milestone: ALLOCATION) { p50 count }"
                    " removal: timeTo(milestone: REMOVAL) { p50 count } }"),
    # Supervisors only: a force officer is refused, the same way whatever exists.
    "auditEvents": Probe(
        "query($r: String!) { all: auditEvents(first: 50) { totalCount"
        " edges { node { targets force } } } about: auditEvents(target: $r) { totalCount } }",
        lambda own, other: {"r": other.reference}, reaches_other=False),
}

# Force officers may change nothing today; whatever they are refused must not depend on whether
# the thing they named exists in another force.
MUTATIONS: dict[str, Probe] = {
    "submitReport": Probe(
        "mutation($t: String!) { submitReport(input: {truevisionRef: $t, narrative: \"again\"})"
        " { created report { truevisionRef } case { reference } userErrors { code message } } }",
        lambda own, other: {"t": other.truevision_ref}),
    "mergeCases": Probe(
        "mutation($mine: ID!, $theirs: ID!) { mergeCases(input: {targetId: $mine,"
        " sourceId: $theirs, reason: \"the same video, reported twice\"})"
        " { movedTruevisionRefs userErrors { field code message } } }",
        lambda own, other: {"mine": own.case_id, "theirs": other.case_id}),
    "splitReport": Probe(
        "mutation($t: String!) { splitReport(input: {truevisionRef: $t, reason: \"a different"
        " video altogether\"}) { oldCaseReference newCaseReference"
        " userErrors { field code message } } }",
        lambda own, other: {"t": other.truevision_ref}),
    "decideSamePerson": Probe(
        "mutation($mine: ID!, $theirs: ID!) { decideSamePerson(input: {accountId: $mine,"
        " otherAccountId: $theirs, samePerson: true, reason: \"same avatar and wording\"})"
        " { status userErrors { field code message } } }",
        lambda own, other: {"mine": own.account_id, "theirs": other.account_id}),
    "startRelink": Probe(
        "mutation { startRelink(input: {reason: \"the other force's suspects changed\"})"
        " { job { id } userErrors { field code message } } }"),
    "recordAccountBan": Probe(
        "mutation($theirs: ID!) { recordAccountBan(input: {accountId: $theirs,"
        " bannedAt: \"2026-11-01T00:00:00Z\", source: \"platform notice\"})"
        " { recorded userErrors { field code message } } }",
        lambda own, other: {"theirs": other.account_id}),
    "transitionCase": Probe(
        "mutation($theirs: ID!) { transitionCase(input: {caseId: $theirs, target: CLOSED,"
        " outcome: WITHDRAWN, reason: \"the victim withdrew the report\"})"
        " { change { toState } case { status } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "triageCase": Probe(
        "mutation($theirs: ID!) { triageCase(input: {caseId: $theirs, immediateDanger: false,"
        " posterIdentityKnown: false, futureEvent: false})"
        " { triage { urgent } case { priority } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "assessCase": Probe(
        "mutation($theirs: ID!) { assessCase(input: {caseId: $theirs,"
        " decision: NOT_A_HATE_MATTER, offenceInLaw: false, credibleEvidenceToContrary: false,"
        " reasons: \"no hostility perceived on any characteristic\"})"
        " { assessment { decision } case { status } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "allocateCase": Probe(
        "mutation($theirs: ID!) { allocateCase(input: {caseId: $theirs,"
        " suspectIdentified: true, suspectForceCode: \"west-yorkshire\"})"
        " { case { forceCode } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "recordVictimUpdate": Probe(
        "mutation($theirs: ID!) { recordVictimUpdate(input: {caseId: $theirs,"
        " victimId: \"someone\", channel: EMAIL, summary: \"the case went to the force\"})"
        " { clocksMet userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
}


def _areas() -> list[Any]:
    """The `probes_<area>` modules beside this one (see tests/security/probes.py)."""
    package = probes.__name__.rsplit(".", 1)[0]
    return [importlib.import_module(f"{package}.{info.name}")
            for info in pkgutil.iter_modules([str(Path(probes.__file__).parent)])
            if info.name.startswith("probes_")]


AREAS = _areas()
for _area in AREAS:
    QUERIES.update(_area.QUERIES)
    MUTATIONS.update(_area.MUTATIONS)

# Subscriptions need a websocket and an event to wait for; each names the test proving its scope.
SUBSCRIPTIONS: dict[str, str] = {
    "caseEvents": "tests.api.test_subscriptions::"
                  "test_a_force_officer_hears_of_their_own_forces_cases_only",
}


# Probes that find a leak today, and why. The tests require them to go on leaking, so a fix
# shows up as a failure here until its entry is removed.
# Probes known to leak, each with why; the test fails once one stops leaking, so that its entry
# is removed. Empty: every leak found so far is fixed.
KNOWN_LEAKS: dict[str, str] = {}


def field_of(key: str) -> str:
    return key.split(":")[0]


def root_fields(kind: str) -> set[str]:
    root = getattr(schema._schema, f"{kind}_type")
    return set(root.fields) if root else set()


@pytest.mark.parametrize(("kind", "probes"), [("query", QUERIES), ("mutation", MUTATIONS),
                                              ("subscription", SUBSCRIPTIONS)])
def test_every_root_field_has_a_probe(kind: str, probes: dict[str, Any]) -> None:
    probed = {field_of(key) for key in probes}
    missing = root_fields(kind) - probed
    assert not missing, (f"{kind} fields without an entry in {__name__}: {sorted(missing)}. "
                         "Add a probe saying how a force officer would reach another force's "
                         "case through each.")
    assert not probed - root_fields(kind), "probes for fields the schema no longer has"


def test_every_probe_is_a_valid_document_using_its_field() -> None:
    for key, probe in {**QUERIES, **MUTATIONS}.items():
        assert not validate(schema._schema, parse(probe.document)), key
        assert any(f"{field_of(key)}{after}" in probe.document for after in ("(", " {")), key
    for key, test in SUBSCRIPTIONS.items():
        module, function = test.split("::")
        assert callable(getattr(importlib.import_module(module), function, None)), key
    assert set(KNOWN_LEAKS) <= set(QUERIES) | set(MUTATIONS)


def normalised(body: dict[str, Any], named: Named) -> str:
    """The answer with the names the caller gave replaced, so real and phantom compare."""
    text = json.dumps(body, sort_keys=True)
    for field, value in asdict(named).items():
        text = text.replace(value, f"<{field}>")
    return text


async def ask(client: httpx.AsyncClient, probe: Probe, headers: dict[str, str], own: Named,
              other: Named) -> str:
    return normalised(await gql(client, probe.document, headers, **probe.variables(own, other)),
                      other)


async def as_hub_officer(client: httpx.AsyncClient, settings: ApiSettings, document: str,
                         **variables: Any) -> None:
    body = await gql(client, document, bearer(settings, Role.HUB_OFFICER), **variables)
    assert "errors" not in body, body


async def own_case(client: httpx.AsyncClient, settings: ApiSettings, graph: Graph) -> Named:
    """West Yorkshire's case, with a ban on its account: facts the officer may know."""
    case = (await submit(client, settings, referral("TV-LEEDS")))["case"]
    own = Named(case_id=case["id"], reference=case["reference"], truevision_ref="TV-LEEDS",
                account_id=relay.to_base64("Account", "x:someone"))
    await as_hub_officer(client, settings, MUTATIONS["recordAccountBan"].document,
                         theirs=own.account_id)
    await relink_accounts(graph)
    return own


async def other_case(client: httpx.AsyncClient, settings: ApiSettings, graph: Graph,
                     own: Named) -> Named:
    """The Metropolitan case: the same handle on another platform and the same words. A hub
    officer triages it and decides the two accounts are one person's; suspects are relinked."""
    case = (await submit(client, settings, referral(
        "TV-LONDON", victim={"name": "Jo Bloggs", "postcode": "SE1 7PB"},
        contentUrls=["https://www.tiktok.com/@someone/video/7300000000000000001"],
        platform="TikTok")))["case"]
    assert await force_of(client, settings, case) == OTHER_FORCE
    other = Named(case_id=case["id"], reference=case["reference"], truevision_ref="TV-LONDON",
                  account_id=relay.to_base64("Account", "tiktok:someone"))
    await as_hub_officer(client, settings, MUTATIONS["triageCase"].document,
                         theirs=other.case_id)
    await as_hub_officer(client, settings, MUTATIONS["decideSamePerson"].document,
                         mine=own.account_id, theirs=other.account_id)
    await relink_accounts(graph)
    for area in AREAS:
        if hasattr(area, "prepare_other"):
            await area.prepare_other(client, settings, graph, own, other)
    return other


def verdict(key: str, leaks: bool, detail: str) -> str | None:
    """What is wrong with a probe's outcome, if anything; known leaks must still leak."""
    if key in KNOWN_LEAKS:
        if leaks:
            warnings.warn(f"known leak through {key}: {KNOWN_LEAKS[key]}", stacklevel=2)
            return None
        return f"{key} no longer leaks: remove it from KNOWN_LEAKS"
    return f"{key} {detail}" if leaks else None


def assert_none(problems: list[str | None]) -> None:
    found = [problem for problem in problems if problem]
    assert not found, "\n\n".join(found)


async def test_another_forces_case_is_never_returned_counted_or_hinted_at(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    officer = bearer(api_settings, Role.FORCE_OFFICER, OWN_FORCE)
    theirs = bearer(api_settings, Role.FORCE_OFFICER, OTHER_FORCE)
    own = await own_case(client, api_settings, clean_graph)
    before = {key: await ask(client, probe, officer, own, PHANTOM)
              for key, probe in QUERIES.items()}
    noticed_before = {key: await ask(client, probe, theirs, own, PHANTOM)
                      for key, probe in QUERIES.items()}

    other = await other_case(client, api_settings, clean_graph, own)
    problems: list[str | None] = []
    for key, probe in QUERIES.items():
        counted = await ask(client, probe, officer, own, PHANTOM)
        answered = await ask(client, probe, officer, own, other)
        problems.append(verdict(key, counted != before[key] or answered != before[key],
                                f"answered differently once the other force's case existed:\n"
                                f"{answered[:800]}\nversus before:\n{before[key][:800]}"))
        if probe.reaches_other and await ask(client, probe, theirs, own, other) \
                == noticed_before[key]:
            problems.append(f"{key} does not reach a case even in the case's own force: "
                            "the probe proves nothing")
    assert_none(problems)


async def test_refused_changes_do_not_depend_on_what_another_force_has(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    officer = bearer(api_settings, Role.FORCE_OFFICER, OWN_FORCE)
    own = await own_case(client, api_settings, clean_graph)
    other = await other_case(client, api_settings, clean_graph, own)
    problems: list[str | None] = []
    for key, probe in MUTATIONS.items():
        real = await ask(client, probe, officer, own, other)
        phantom = await ask(client, probe, officer, own, PHANTOM)
        refused = "FORBIDDEN" in real or '"userErrors": [{' in real
        problems.append(verdict(key, real != phantom or not refused,
                                f"was not refused as for a case that does not exist:\n"
                                f"{real[:800]}\nversus\n{phantom[:800]}"))
    assert_none(problems)
