"""What the access matrix sends: how a probe names a case, and the probe itself.

Each area of the schema keeps its probes in a module of its own, `probes_<area>.py`, holding
`QUERIES` and `MUTATIONS` dicts of `Probe` and, when the other force's case needs facts of that
area for a probe to reach it, `async def prepare_other(client, settings, graph, own, other)`,
run as a hub officer's work once the other force's case exists. The matrix gathers them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from strawberry import relay


@dataclass(frozen=True)
class Named:
    """How a probe names a force's case, its report, and an account only that case names."""

    case_id: str
    reference: str
    truevision_ref: str
    account_id: str


# Names that look real and exist nowhere: the other force's case must be answered like these.
PHANTOM = Named(case_id=relay.to_base64("Case", "HUB-1999-999999"), reference="HUB-1999-999999",
                truevision_ref="TV-PHANTOM", account_id=relay.to_base64("Account", "tiktok:nobody"))


@dataclass(frozen=True)
class Probe:
    """A document using a root field, its variables from (own, other), and whether a
    Metropolitan officer's answer to it changes once the Metropolitan case exists."""

    document: str
    variables: Callable[[Named, Named], dict[str, Any]] = lambda own, other: {}
    reaches_other: bool = True
