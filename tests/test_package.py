import greengrass_sdk
from greengrass_sdk.errors import GreengrassError


def test_root_error_is_exported() -> None:
    assert greengrass_sdk.GreengrassError is GreengrassError
    assert issubclass(GreengrassError, Exception)


def test_settings_that_make_no_sense_are_greengrass_errors() -> None:
    # Misuse of the library's own settings is typed too (and still a ValueError).
    import pytest

    from greengrass_sdk.errors import ConfigurationError
    from greengrass_sdk.fleet import RateLimiter, StopWhen
    from greengrass_sdk.publish import TransferSettings
    from greengrass_sdk.resolver import Dependency, resolve
    from greengrass_sdk.testing import SimulatedClock

    cases = [
        lambda: TransferSettings(part_size=1024),
        lambda: StopWhen(failure_percentage=0),
        lambda: RateLimiter(max_rate=-1),
        lambda: Dependency("^1.0.0", type="MAYBE"),  # type: ignore[arg-type]
        lambda: resolve({"": "1.0.0"}, None),  # type: ignore[arg-type]
        lambda: SimulatedClock(frozen=True).advance(-5),
    ]
    for case in cases:
        with pytest.raises(ConfigurationError) as caught:
            case()
        assert isinstance(caught.value, GreengrassError) and isinstance(caught.value, ValueError)
