"""The lint warns exactly where the device (semver4j) and npm's semver disagree."""

from __future__ import annotations

import pytest

from greengrass_sdk.resolver import device_satisfies, lint_requirement, satisfies
from tests.resolver.oracle_data import expected, rows


def _npm_answer(row: dict[str, str]) -> str:
    return "error" if row["npm_valid"] == "false" else row["npm_satisfies"]


def test_warns_on_exactly_the_rows_where_device_and_npm_differ() -> None:
    table = rows("semver4j-device.tsv")
    wrong = [
        (row["requirement"], row["version"])
        for row in table
        if bool(lint_requirement(row["requirement"], [row["version"]]))
        != (_npm_answer(row) != expected(row["device"]))
    ]
    differing = sum(_npm_answer(row) != expected(row["device"]) for row in table)
    assert differing == 2132  # as the corpus README measured
    assert not wrong, wrong[:5]


def test_without_versions_every_requirement_with_a_differing_row_is_flagged() -> None:
    table = rows("semver4j-device.tsv")
    differing = {r["requirement"] for r in table if _npm_answer(r) != expected(r["device"])}
    missed = sorted(text for text in differing if not lint_requirement(text))
    assert not missed, missed[:5]


def test_every_disagreement_named_is_real() -> None:
    # No false alarm: each version a warning names is answered differently by the two readers.
    for text in ["> 1.2.2", "<=0.1", "^1.0.0", "=1.3", "~>1.2.0", "*"]:
        for warning in lint_requirement(text):
            assert warning.disagreements
            for version, npm_says, device_says in warning.disagreements:
                assert satisfies(version, text) is npm_says
                assert device_satisfies(version, text) is device_says
                assert npm_says is not device_says


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("^1.2.0", None),
        (">=1.0.0 <2.0.0", None),
        (">=1.x", "device-cannot-parse"),
        ("v1.2.3 - 2", None),
        ("~>1.2.0", "device-reads-differently"),
        ("=1.3", "device-reads-differently"),
        ("<2.2", "device-reads-differently"),
        ("*", "device-reads-differently"),
        ("1.0.0 2.0.0", None),  # npm: both at once; the device: one odd version. Neither matches.
        ("1.0.0-beta", None),
        ("1.0.0-1", "device-reads-differently"),
        (">>1", "device-reads-differently"),  # npm rejects it, the device reads ">=1.0.0 <2.0.0"
        ("foo", None),  # both reject it: invalid, not a difference
    ],
)
def test_codes(text: str, code: str | None) -> None:
    warnings = lint_requirement(text)
    assert [w.code for w in warnings] == ([code] if code else [])


def test_reading_and_versions_are_reported() -> None:
    (warning,) = lint_requirement("~>1.2.0", versions=["1.2.0", "1.2.5", "1.3.0"])
    assert warning.device_reading == "=1.2.0"
    assert warning.disagreements == (("1.2.5", True, False),)
    assert "1.2.5 (rejected by the device)" in warning.message


def test_versions_both_read_alike_give_no_warning() -> None:
    assert lint_requirement("~>1.2.0", versions=["1.2.0", "1.3.0"]) == []
