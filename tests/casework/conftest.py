"""The shipped rules, read once for every casework test; tests vary them with `with_overrides`."""

from __future__ import annotations

import pytest

from casework.config import CaseworkRules, load_rules


@pytest.fixture(scope="session")
def rules() -> CaseworkRules:
    return load_rules()
