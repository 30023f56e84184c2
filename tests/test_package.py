import greengrass_sdk
from greengrass_sdk.errors import GreengrassError


def test_root_error_is_exported() -> None:
    assert greengrass_sdk.GreengrassError is GreengrassError
    assert issubclass(GreengrassError, Exception)
