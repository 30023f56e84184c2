"""Generator of greengrass_sdk's service modules from botocore's service models (not shipped)."""
