"""One matching and one non-matching value for every pattern in scope (checked against Java)."""

from __future__ import annotations

PATTERN_EXAMPLES: dict[str, tuple[str, str | None]] = {
    # Greengrass V2
    "^[a-zA-Z0-9-]+$": ("abc-123-XYZ", "abc_123"),
    "arn:[^:]*:greengrass:[^:]*:(aws|[0-9]+):components:[^:]+": (
        "arn:aws:greengrass:us-east-1:123456789012:components:com.example.App",
        "arn:aws:iot:us-east-1:123456789012:components:com.example.App",
    ),
    "arn:[^:]*:greengrass:[^:]*:(aws|[0-9]+):components:[^:]+:versions:[^:]+": (
        "arn:aws:greengrass:us-east-1:123456789012:components:com.example.App:versions:1.0.0",
        "arn:aws:greengrass:us-east-1:123456789012:components:com.example.App",
    ),
    "arn:[^:]*:greengrass:[^:]*:(aws|[0-9]+):(components|deployments|coreDevices):.*": (
        "arn:aws:greengrass:us-east-1:123456789012:deployments:4196dddc",
        "arn:aws:greengrass:us-east-1:123456789012:things:4196dddc",
    ),
    "arn:[^:]*:iot:[^:]+:[0-9]+:job/.+": (
        "arn:aws:iot:us-east-1:123456789012:job/my-job",
        "arn:aws:iot::123456789012:job/my-job",
    ),
    "arn:[^:]*:iot:[^:]*:[0-9]+:(thing|thinggroup)/.+": (
        "arn:aws:iot:us-east-1:123456789012:thing/MyCore",
        "arn:aws:iot:us-east-1:123456789012:policy/MyCore",
    ),
    "arn:[^:]*:iot:[^:]*:[0-9]+:thinggroup/.+": (
        "arn:aws:iot:us-east-1:123456789012:thinggroup/Fleet",
        "arn:aws:iot:us-east-1:123456789012:thing/Fleet",
    ),
    # IoT software package catalog
    "[^\\p{C}]+": ("firmware for line 3", "\x07\x00\u200b"),
    "[a-zA-Z0-9-_.]+": ("pkg-1.0_beta", "!!! ###"),
    "[a-zA-Z0-9:_-]+": ("region:us-east-1", "/// ***"),
    "\\S{36,64}": ("0123456789abcdef0123456789abcdef0123", "0123456789abcdef 0123456789abcdef0123"),
    "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$": ("Größe 1.0 @line=3 ٣", "tag!value"),
    "^arn:[!-~]+$": ("arn:aws:s3:::bucket/sbom.spdx.json", "arn:aws:s3:::bucket/my sbom.json"),
    # IoT things, thing groups and jobs
    "[a-zA-Z0-9_-]+": ("job-4196dddc_1", "!!! ///"),
    "[a-zA-Z0-9_.,@/:#-]+": ("serial.no@site/3:#a", "  ==  "),
    # A class followed by `*` matches every string (Java's find() matches the empty string).
    "[a-zA-Z0-9_.,@/:#=\\[\\]-]*": ("v=1,[a]", None),
    "[a-zA-Z0-9\\-]+": ("4196dddc-12ab", "__ //"),
    "[\\p{Graph}\\x20]*": ("Line 3 cores (Berlin)", None),
    "[\\p{Upper}\\p{Digit}_]+": ("ROLLOUT_ABORTED_1", "aborted"),
}
"""In-scope patterns (exactly as in the service models) -> (matching, non-matching); ``None``
when the pattern matches every string, so that no value breaks it."""

TRANSLATION_EXAMPLES: dict[str, tuple[str, str]] = {
    # Java semantics that Python's re lacks or reads differently, beyond the patterns in scope.
    "^\\p{Upper}+$": ("ABC", "ÀBC"),
    "^[\\p{Graph}\\x20]*$": ("a b~!", "a\tb"),
    "^[^\\p{Cntrl}]*$": ("tab-free é", "bell\x07"),
    "^\\p{Digit}+$": ("0123", "٣"),
    "^\\w+$": ("snake_case9", "naïve"),
    "^\\d+$": ("42", "٤٢"),
    "^\\s$": ("\x0b", "\u00a0"),
    "^[\\w=,@-]+$": ("user=a,b@c-d", "user name"),
    "^\\p{L}+$": ("Ωmega", "x1"),
    "^[a-z]\\Q.*\\E$": ("a.*", "ab"),
    "^[]a]+$": ("]a]", "b"),
    "^[^]a]+$": ("bc", "]"),
    "^\\P{Lu}+$": ("lower ∂", "Upper"),
}
"""Extra translator cases (Java constructs) -> (matching, non-matching)."""
