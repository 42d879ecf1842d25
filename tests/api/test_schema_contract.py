"""The contract a front-end team codes against, checked over the exported schema: codes are
enums whose every value says what it means, references are objects, and every mutation
answers a refusal in one shape (`userErrors { field code message }`, `code` an enum)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    build_schema,
    get_named_type,
)

from graph.settings import PROJECT_ROOT
from resolvers.enums import UserErrorCode

EXPORTED = build_schema((PROJECT_ROOT / "schema.graphql").read_text())
SAYS_CODE = re.compile(r"(code|kind|status|priority|strand)s?$", re.IGNORECASE)

# Strings whose names say "code" but are not one of the hub's closed sets, each with why.
NOT_CODES = {
    "Force.code": "the Force's own key (data.police.uk slug): the object itself",
    "LegalBasis.offenceCode": "a key of the offence table, hundreds of codes that change with "
                              "the law; LegalBasis.offenceProvision says it in words",
    "LegalBasisInput.offenceCode": "as LegalBasis.offenceCode",
    "Complainant.postcode": "a postcode, not a code",
    "Party.postcode": "a postcode, not a code",
    "PartyInput.postcode": "a postcode, not a code",
    "SourceInput.kind": "free text: how the source came to the hub, in the officer's words",
    "SubmitReportInput.perceivedStrands": "the reporter's own words, kept when they name no "
                                          "strand; SubmitReportInput.strands takes the enum",
    # Inputs name a force by its code, the key `forces` lists; an unknown one is refused with
    # UNKNOWN_FORCE. Force is not a Node, so its code is its id.
    "AllocateCaseInput.suspectForceCode": "a Force's key",
    "CaseFilter.forceCodes": "a Force's key",
    "GenerateEvidencePackageInput.recipientForceCode": "a Force's key",
    "GiveAdviceInput.forceCode": "a Force's key",
    "OverrideAllocationInput.forceCode": "a Force's key, or HUB",
    "Query.adviceNotes(forceCode)": "a Force's key",
}


def _named_strings() -> list[str]:
    """Every String field and argument whose name says it holds a code, unless deprecated
    (kept beside the enum or object that replaced it)."""
    found = []
    for graphql_type in EXPORTED.type_map.values():
        if graphql_type.name.startswith("__") or not isinstance(
                graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            continue
        for name, field in graphql_type.fields.items():
            if getattr(field, "deprecation_reason", None):
                continue
            if get_named_type(field.type).name == "String" and SAYS_CODE.search(name):
                found.append(f"{graphql_type.name}.{name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if get_named_type(arg.type).name == "String" and SAYS_CODE.search(arg_name):
                    found.append(f"{graphql_type.name}.{name}({arg_name})")
    return found


def test_every_enum_value_says_what_it_means() -> None:
    undescribed = [f"{enum.name}.{name}" for enum in EXPORTED.type_map.values()
                   if isinstance(enum, GraphQLEnumType) and not enum.name.startswith("__")
                   for name, value in enum.values.items() if not value.description]
    assert undescribed == []


def test_no_string_carries_a_code() -> None:
    assert sorted(set(_named_strings()) - NOT_CODES.keys()) == []


def test_the_exceptions_are_still_in_the_schema() -> None:
    """An exception whose field has gone (or became an enum) is taken off the list."""
    assert sorted(NOT_CODES.keys() - set(_named_strings())) == []


def test_references_to_forces_and_platforms_are_objects() -> None:
    references = {("Case", "force"): "Force", ("Allocation", "force"): "Force",
                  ("Transfer", "toForce"): "Force", ("CaseEventType", "force"): "Force",
                  ("Capture", "platform"): "Platform",
                  ("PlatformReferral", "platform"): "Platform",
                  ("PreservationRequest", "platform"): "Platform"}
    found = {key: get_named_type(EXPORTED.get_type(key[0]).fields[key[1]].type).name  # type: ignore[union-attr]
             for key in references}
    assert found == references


def _mutation_payloads() -> dict[str, GraphQLObjectType]:
    mutation = EXPORTED.mutation_type
    assert mutation is not None
    payloads = {}
    for name, field in mutation.fields.items():
        payload = get_named_type(field.type)
        assert isinstance(payload, GraphQLObjectType), name
        payloads[name] = payload
    return payloads


def test_every_mutation_answers_refusals_as_typed_user_errors() -> None:
    wrong = []
    for name, payload in _mutation_payloads().items():
        errors = payload.fields.get("userErrors")
        shape = errors.type if errors else None
        if not (isinstance(shape, GraphQLNonNull) and isinstance(shape.of_type, GraphQLList)
                and isinstance(shape.of_type.of_type, GraphQLNonNull)
                and get_named_type(shape).name == "UserError"):
            wrong.append(name)
    assert wrong == []
    user_error = EXPORTED.get_type("UserError")
    assert isinstance(user_error, GraphQLObjectType)
    assert {name: str(field.type) for name, field in user_error.fields.items()} == {
        "field": "[String!]!", "message": "String!", "code": "UserErrorCode!"}


def _codes_raised() -> tuple[set[str], list[str]]:
    """Every code passed to a `UserError` or `RuleViolation.one` in the product's code, as a
    literal or a module constant; and any call whose code cannot be read that way."""
    codes: set[str] = set()
    unread: list[str] = []
    for root in ("casework", "resolvers", "api", "graph"):
        for path in sorted((PROJECT_ROOT / root).rglob("*.py")):
            tree = ast.parse(path.read_text())
            constants = {target.id: node.value.value for node in ast.walk(tree)
                         if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                         and isinstance(node.value.value, str)
                         for target in node.targets if isinstance(target, ast.Name)}
            for node in ast.walk(tree):
                code = _code_argument(node)
                if code is None:
                    continue
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    codes.add(code.value)
                elif isinstance(code, ast.Name) and code.id in constants:
                    codes.add(constants[code.id])
                elif isinstance(code, ast.Call) and ast.unparse(code.func) == "UserErrorCode" \
                        and isinstance(code.args[0], ast.Constant):
                    codes.add(code.args[0].value)
                else:
                    unread.append(f"{Path(path).relative_to(PROJECT_ROOT)}: "
                                  f"{ast.unparse(code)}")
    return codes, unread


def _code_argument(node: ast.AST) -> ast.expr | None:
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if isinstance(function, ast.Name) and function.id == "UserError":
        pass
    elif not (isinstance(function, ast.Attribute) and function.attr == "one"
              and isinstance(function.value, ast.Name) and function.value.id == "RuleViolation"):
        return None
    if len(node.args) > 2:
        return node.args[2]
    return next((k.value for k in node.keywords if k.arg == "code"), None)


def test_every_code_a_refusal_can_carry_is_a_described_enum_value() -> None:
    codes, unread = _codes_raised()
    assert sorted(codes - {code.value for code in UserErrorCode}) == []
    # Calls that pass a code along rather than choose one.
    assert sorted(unread) == [
        "casework/errors.py: code",  # RuleViolation.one builds its UserError
        "casework/workflow/victims.py: problem.code",  # a reason's problem, re-worded
        "resolvers/errors.py: UserErrorCode(e.code)",  # casework's error, as GraphQL's
    ]
    assert len(codes) > 50  # the scan finds the codes (it would pass vacuously otherwise)


# Plain lists (not connections), as docs/FRONTEND.md explains them: bounded by nature...
BOUNDED = {
    "Case.allocations", "Case.assessments", "Case.history", "Case.victimUpdatesDue",
    "Case.captures", "Case.platformReferrals", "Case.preservationRequests",
    "Case.evidencePackages", "Case.intelligenceReports", "Case.transfers",
    "Case.victimPreferences", "Case.relatedCases", "PlatformReferral.history",
    "PreservationRequest.renewals", "CaseLink.evidence", "SamePersonLink.evidence",
    "NetworkEdgeType.evidence", "Report.parties", "Query.forces", "Query.platforms",
    "Query.statistics", "Query.alerts", "Query.platformRefusalRates", "Query.relinkJobs",
    "Query.returnedAfterBan", "Network.nodes", "Network.edges",
}
# ...and those that grew without bound, deprecated for the connection beside each.
PAGED_BESIDE = {
    "Query.overdueVictimUpdates": "overdueVictimUpdatesConnection",
    "Query.overduePlatformReferrals": "overduePlatformReferralsConnection",
    "Query.preservationReminders": "preservationRemindersConnection",
    "Query.transfersAwaiting": "transfersAwaitingConnection",
    "Case.accounts": "accountsConnection",
    "Case.suspects": "suspectsConnection",
    "Account.samePerson": "samePersonConnection",
}


def test_every_plain_list_is_bounded_or_paged_beside() -> None:
    plain = set()
    for graphql_type in EXPORTED.type_map.values():
        if graphql_type.name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType) \
                or graphql_type.name.endswith(("Payload", "Connection")):
            continue
        for name, field in graphql_type.fields.items():
            shape = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if isinstance(shape, GraphQLList) and not field.deprecation_reason \
                    and isinstance(get_named_type(shape), GraphQLObjectType):
                plain.add(f"{graphql_type.name}.{name}")
    assert sorted(plain - BOUNDED) == []
    assert sorted(BOUNDED - plain) == []
    text = (PROJECT_ROOT / "docs" / "FRONTEND.md").read_text(encoding="utf-8")
    for listed, paged in PAGED_BESIDE.items():
        owner, name = listed.split(".")
        fields = EXPORTED.type_map[owner].fields  # type: ignore[union-attr]
        assert paged in (fields[name].deprecation_reason or ""), listed
        connection = get_named_type(fields[paged].type)
        assert connection.name.endswith("Connection"), paged
        assert {"first", "after", "last", "before"} <= set(fields[paged].args), paged
        assert f"`{paged}`" in text, paged
