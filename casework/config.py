"""Every casework rule that policy may change, in one validated object.

Several rules rest on facts that are unconfirmed or in flux (the NCHI regime after the 2026
review, the E&W rule for which force records an online crime, office hours, review periods), so
they live in `casework/rules.toml` rather than in code. A deployment points `HUB_RULES_FILE` at
a file holding only the keys it changes. The rules are read once at start-up; the casework
functions take them as an argument, which keeps them pure and lets tests vary one rule at a time.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from casework.strands import Strand
from casework.workflow.allocation import AllocationRule

DEFAULTS = Path(__file__).with_name("rules.toml")
OVERRIDE_ENV = "HUB_RULES_FILE"


class RulesError(ValueError):
    """A rules file that cannot be read or breaks a constraint: the hub refuses to start."""


class _Section(BaseModel):
    # Unknown keys are refused so that a misspelt override fails at start-up instead of being
    # silently ignored while the default stays in force.
    model_config = ConfigDict(frozen=True, extra="forbid")


class DecisionRules(_Section):
    minimum_reason_characters: int = Field(ge=1)


class NchiComplainantClock(StrEnum):
    """Whether NCHI complainants, who are not victims of crime, get an update clock."""

    SERVICE_STANDARD = "SERVICE_STANDARD"
    NONE = "NONE"


class VictimUpdateRules(_Section):
    standard_working_days: int = Field(ge=1)
    enhanced_working_days: int = Field(ge=1)
    hate_crime_victims_enhanced: bool
    nchi_complainants: NchiComplainantClock

    @model_validator(mode="after")
    def _enhanced_is_sooner(self) -> VictimUpdateRules:
        if self.enhanced_working_days > self.standard_working_days:
            raise ValueError("enhanced_working_days cannot exceed standard_working_days")
        return self


class NchiRules(_Section):
    recording_enabled: bool
    code_of_practice_gate: bool
    review_after_days: int = Field(ge=1)
    approver_roles: tuple[str, ...] = Field(min_length=1)


class OfficeHours(_Section):
    timezone: str
    opens: time
    closes: time

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @model_validator(mode="after")
    def _opens_before_closing(self) -> OfficeHours:
        if self.opens >= self.closes:
            raise ValueError("office hours must open before they close")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class CalendarRules(_Section):
    extra_bank_holidays: tuple[date, ...]
    removed_bank_holidays: tuple[date, ...]

    @model_validator(mode="after")
    def _disjoint(self) -> CalendarRules:
        both = set(self.extra_bank_holidays) & set(self.removed_bank_holidays)
        if both:
            raise ValueError(f"dates both added and removed: {sorted(both)}")
        return self


class AllocationRuleSetting(_Section):
    name: AllocationRule
    enabled: bool


class AllocationRules(_Section):
    rules: tuple[AllocationRuleSetting, ...]

    @model_validator(mode="after")
    def _catch_all_kept(self) -> AllocationRules:
        names = [r.name for r in self.rules]
        if len(names) != len(set(names)):
            raise ValueError("each allocation rule may be listed once")
        if AllocationRule.HUB_KEEPS not in self.order:
            raise ValueError("HUB_KEEPS must be listed and enabled: it answers when nothing "
                             "else applies")
        return self

    @property
    def order(self) -> tuple[AllocationRule, ...]:
        """The enabled rules, in the order they are tried."""
        return tuple(r.name for r in self.rules if r.enabled)


class PlatformReferralRules(_Section):
    no_response_after_days: int = Field(ge=1)


class PreservationRules(_Section):
    period_days: int = Field(ge=1)
    reminder_days_before_expiry: int = Field(ge=0)

    @model_validator(mode="after")
    def _reminder_inside_period(self) -> PreservationRules:
        if self.reminder_days_before_expiry >= self.period_days:
            raise ValueError("the reminder must fall inside the preservation period")
        return self


class StatisticsRules(_Section):
    surge_factor: float = Field(gt=1.0)
    surge_minimum: int = Field(ge=1)
    one_item_minimum: int = Field(ge=1)


class SupportService(_Section):
    name: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://")
    phone: str | None = None
    strands: tuple[Strand, ...]


class SupportRules(_Section):
    services: tuple[SupportService, ...]


class CaseworkRules(_Section):
    """All configurable casework rules; `version` names the rule set in audit records."""

    version: str
    decisions: DecisionRules
    victim_updates: VictimUpdateRules
    nchi: NchiRules
    office_hours: OfficeHours
    calendar: CalendarRules
    allocation: AllocationRules
    platform_referrals: PlatformReferralRules
    preservation: PreservationRules
    statistics: StatisticsRules
    support: SupportRules


def _merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; anything else (arrays included) replaces the default whole."""
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RulesError(f"cannot read rules file {path}: {error}") from error


def with_overrides(rules: CaseworkRules, changes: Mapping[str, Any]) -> CaseworkRules:
    """The rules with some keys changed, validated as a whole (an override file does the same)."""
    try:
        return CaseworkRules.model_validate(_merge(rules.model_dump(), changes))
    except ValidationError as error:
        raise RulesError(str(error)) from error


def load_rules(override: Path | None = None) -> CaseworkRules:
    """The shipped defaults, with `override`'s keys applied on top when given."""
    try:
        rules = CaseworkRules.model_validate(_read(DEFAULTS))
    except ValidationError as error:
        raise RulesError(f"{DEFAULTS}: {error}") from error
    if override is None:
        return rules
    try:
        return with_overrides(rules, _read(override))
    except RulesError as error:
        raise RulesError(f"{override}: {error}") from error


@functools.cache
def current_rules() -> CaseworkRules:
    """The deployment's rules, read once: defaults plus the file named by HUB_RULES_FILE."""
    path = os.environ.get(OVERRIDE_ENV)
    return load_rules(Path(path) if path else None)
