"""Every file the generator writes, as (path relative to the repo, unformatted source)."""

from __future__ import annotations

from collections.abc import Iterator

from codegen.render_clients import render_client, render_errors, render_shared_errors
from codegen.render_models import HEADER, render_model_stub, render_models
from codegen.render_reference import reference_files
from codegen.render_sync_clients import render_sync_client
from codegen.render_wire_checks import render_wire_checks
from codegen.services import scopes


def generated_files() -> Iterator[tuple[str, str]]:
    """Yield each generated file's path and source."""
    all_scopes = scopes()
    yield "greengrass_sdk/_modeled_errors.py", render_shared_errors(all_scopes)
    for scope in all_scopes:
        package = f"greengrass_sdk/{scope.spec.package}"
        yield f"{package}/models.py", render_models(scope)
        yield f"{package}/models.pyi", render_model_stub(scope)
        yield f"{package}/errors.py", render_errors(scope)
        yield f"{package}/wire_checks.py", render_wire_checks(scope)
        yield f"{package}/client.py", render_client(scope)
        yield f"{package}/sync_client.py", render_sync_client(scope)
        yield (
            f"{package}/__init__.py",
            f'{HEADER}\n"""{scope.spec.title} (botocore ``{scope.spec.botocore_name}``)."""\n',
        )
        yield from reference_files(scope)
