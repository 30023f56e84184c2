from __future__ import annotations

import pytest

from greengrass_sdk.resolver.lint import lint_requirement


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("^1.2.0", []),
        (">=1.0.0 <2.0.0", []),
        ("1.0.0-1", ["prerelease-hyphen"]),
        ("^2.0.0-beta.1", ["prerelease-hyphen"]),
        ("*", ["prerelease-match"]),
        (">=1.0.0", ["prerelease-match"]),
        ("1.0.0 2.0.0", ["space-separated-versions"]),
        ("1.0.0 - 2.0.0", []),
        (">>1", ["invalid"]),
    ],
)
def test_lint_codes(text: str, codes: list[str]) -> None:
    assert [warning.code for warning in lint_requirement(text)] == codes


def test_lint_names_prereleases_the_device_would_accept() -> None:
    warnings = lint_requirement("^1.0.0", versions=["1.0.0", "1.5.0-beta", "2.0.0-rc.1", "1.2.0"])
    assert [w.code for w in warnings] == ["device-accepts-prerelease"]
    assert "1.5.0-beta" in warnings[0].message
    assert "2.0.0-rc.1" not in warnings[0].message
