"""What may be read of disclosures."""

from __future__ import annotations

import strawberry

from casework.disclosures import service as disclosures
from resolvers.context import Info
from resolvers.disclosures.types import EvidencePackage, IntelligenceReport
from resolvers.reads import moved_to_case, records_of_case


@strawberry.type
class DisclosuresQuery:
    @strawberry.field(description="Each evidence package generated for the case, oldest "
                                  "first; null when the case does not exist or is outside "
                                  "your force.",
                      deprecation_reason=moved_to_case("evidencePackages"))
    async def evidence_packages(self, info: Info,
                                case_id: strawberry.ID) -> list[EvidencePackage] | None:
        return await records_of_case(info, case_id, disclosures.evidence_packages,
                                     EvidencePackage.from_record)

    @strawberry.field(description="The case's intelligence reports, oldest first; null when "
                                  "the case does not exist or is outside your force.",
                      deprecation_reason=moved_to_case("intelligenceReports"))
    async def intelligence_reports(self, info: Info, case_id: strawberry.ID
                                   ) -> list[IntelligenceReport] | None:
        return await records_of_case(info, case_id, disclosures.intelligence_reports,
                                     IntelligenceReport.from_record)
