"""The Java -> Python pattern translation, checked on curated examples and against a real JVM."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from greengrass_sdk._core.java_regex import JavaRegexError, compile_java, translate
from tests.models.pattern_examples import PATTERN_EXAMPLES, TRANSLATION_EXAMPLES
from tests.support.service_shapes import patterns_in_scope

ALL_EXAMPLES = {**PATTERN_EXAMPLES, **TRANSLATION_EXAMPLES}


def test_every_pattern_in_scope_has_examples() -> None:
    missing = patterns_in_scope() - PATTERN_EXAMPLES.keys()
    assert not missing, f"add examples to tests/models/pattern_examples.py for {missing}"


@pytest.mark.parametrize("java", sorted(ALL_EXAMPLES))
def test_pattern_matches_and_rejects(java: str) -> None:
    matching, non_matching = ALL_EXAMPLES[java]
    assert compile_java(java).search(matching), f"{java!r} should match {matching!r}"
    if non_matching is None:  # matches every string
        assert compile_java(java).search("\x00 \u2028")
        return
    assert not compile_java(java).search(non_matching), f"{java!r} should reject {non_matching!r}"


def test_patterns_are_unanchored_like_java() -> None:
    assert compile_java("[0-9]+").search("version 42 here")
    assert not compile_java("^[0-9]+$").search("version 42 here")


@pytest.mark.parametrize(
    "java",
    ["[a-z[0-9]]", "[a-z&&[^c]]", "\\p{Alphabetic}", "(a)\\1", "[\\P{L}]", "[abc", "abc\\"],
)
def test_untranslatable_constructs_are_refused(java: str) -> None:
    with pytest.raises(JavaRegexError):
        translate(java)


JAVA_CHECKER = """
import java.nio.file.*; import java.util.regex.*;
public class Check {
  public static void main(String[] a) throws Exception {
    String[] lines = Files.readString(Path.of(a[0])).split("\\n");
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      if (line.isEmpty()) continue;
      String[] p = line.split("\\t");
      out.append(Pattern.compile(unhex(p[0])).matcher(unhex(p[1])).find() ? "1" : "0");
    }
    System.out.print(out);
  }
  static String unhex(String h) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < h.length(); i += 8)
      s.appendCodePoint(Integer.parseInt(h.substring(i, i + 8), 16));
    return s.toString();
  }
}
"""


def _hex(text: str) -> str:
    return "".join(f"{ord(ch):08x}" for ch in text)


@pytest.mark.skipif(shutil.which("java") is None, reason="no JVM on this machine")
def test_examples_agree_with_java_regex(tmp_path: Path) -> None:
    """The examples themselves are right: java.util.regex gives the same verdicts."""
    cases = [(p, s, True) for p, (s, _) in ALL_EXAMPLES.items()]
    cases += [(p, s, False) for p, (_, s) in ALL_EXAMPLES.items() if s is not None]
    (tmp_path / "cases.tsv").write_text("".join(f"{_hex(p)}\t{_hex(s)}\n" for p, s, _ in cases))
    source = tmp_path / "Check.java"
    source.write_text(JAVA_CHECKER)
    result = subprocess.run(
        ["java", str(source), str(tmp_path / "cases.tsv")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    java_verdicts = [ch == "1" for ch in result.stdout.strip()]
    python_verdicts = [bool(compile_java(p).search(s)) for p, s, _ in cases]
    expected = [want for _, _, want in cases]
    verdicts = zip(cases, java_verdicts, python_verdicts, strict=True)
    disagreements = [json.dumps([p, s]) for (p, s, _), j, py in verdicts if j != py]
    assert java_verdicts == expected
    assert not disagreements
