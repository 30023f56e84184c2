"""IoT software package catalog operations (packages, versions, SBOMs, configuration)."""

from __future__ import annotations

from typing import Any

from greengrass_sdk.testing.registry import Call, handles
from greengrass_sdk.testing.service_error import ServiceError
from greengrass_sdk.testing.sorted_index import page_size, scope_of
from greengrass_sdk.testing.state import Package, PackageVersion, utcnow

__all__: list[str] = []

SERVICE = "iot"
# Lifecycle: which action moves which status where.
_TRANSITIONS = {
    ("DRAFT", "PUBLISH"): "PUBLISHED",
    ("PUBLISHED", "DEPRECATE"): "DEPRECATED",
    ("DEPRECATED", "PUBLISH"): "PUBLISHED",
    ("DRAFT", "DEPRECATE"): "DEPRECATED",
}


def _missing(kind: str, name: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"The {kind} {name} doesn't exist.")


def _conflict(message: str, resource_id: str) -> ServiceError:
    return ServiceError("ConflictException", message, fields={"resourceId": resource_id})


def _package(call: Call) -> Package:
    name = call.params["packageName"]
    package = call.state.packages.get(name)
    if package is None:
        raise _missing("package", name)
    return package


def _version(call: Call) -> tuple[Package, PackageVersion]:
    package = _package(call)
    name = call.params["versionName"]
    version = package.versions.get((name,))
    if version is None:
        raise _missing("package version", f"{package.name}/{name}")
    return package, version


@handles(SERVICE, "CreatePackage")
def _create_package(call: Call) -> dict[str, Any]:
    state, name = call.state, call.params["packageName"]
    if name in state.packages:
        raise _conflict(f"Package {name} already exists.", name)
    now = utcnow()
    package = Package(
        name, state.arn("iot", f"package/{name}"), now, now, call.params.get("description")
    )
    state.packages[name] = package
    state.package_index.put((name,), package)
    if call.params.get("tags"):
        state.tags[package.arn] = dict(call.params["tags"])
    return {"packageName": name, "packageArn": package.arn, "description": package.description}


@handles(SERVICE, "GetPackage")
def _get_package(call: Call) -> dict[str, Any]:
    package = _package(call)
    return {
        "packageName": package.name,
        "packageArn": package.arn,
        "description": package.description,
        "defaultVersionName": package.default_version,
        "creationDate": package.created,
        "lastModifiedDate": package.modified,
    }


@handles(SERVICE, "UpdatePackage")
def _update_package(call: Call) -> dict[str, Any]:
    package, params = _package(call), call.params
    default = params.get("defaultVersionName")
    if default is not None and params.get("unsetDefaultVersion"):
        raise ServiceError(
            "ValidationException", "Set defaultVersionName or unsetDefaultVersion, not both."
        )
    if default is not None:
        if package.versions.get((default,)) is None:
            raise _missing("package version", f"{package.name}/{default}")
        package.default_version = default
    if params.get("unsetDefaultVersion"):
        package.default_version = None
    if "description" in params:
        package.description = params["description"]
    package.modified = utcnow()
    return {}


@handles(SERVICE, "DeletePackage")
def _delete_package(call: Call) -> dict[str, Any]:
    state, name = call.state, call.params["packageName"]
    package = state.packages.pop(name, None)
    if package is not None:
        state.package_index.remove((name,))
        state.tags.pop(package.arn, None)
    return {}


@handles(SERVICE, "ListPackages")
def _list_packages(call: Call) -> dict[str, Any]:
    page = call.state.package_index.page(
        scope_of("ListPackages"),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
    )
    return {
        "packageSummaries": [
            {
                "packageName": p.name,
                "defaultVersionName": p.default_version,
                "creationDate": p.created,
                "lastModifiedDate": p.modified,
            }
            for p in page.items
        ],
        "nextToken": page.next_token,
    }


def _version_view(version: PackageVersion) -> dict[str, Any]:
    return {
        "packageVersionArn": version.arn,
        "packageName": version.package_name,
        "versionName": version.version_name,
        "description": version.description,
        "attributes": version.attributes,
        "status": version.status,
    }


@handles(SERVICE, "CreatePackageVersion")
def _create_version(call: Call) -> dict[str, Any]:
    package, params = _package(call), call.params
    name = params["versionName"]
    if package.versions.get((name,)) is not None:
        raise _conflict(f"Version {name} of package {package.name} already exists.", name)
    now = utcnow()
    version = PackageVersion(
        package_name=package.name,
        version_name=name,
        arn=call.state.arn("iot", f"package/{package.name}/version/{name}"),
        created=now,
        modified=now,
        description=params.get("description"),
        attributes=dict(params.get("attributes") or {}),
        artifact=params.get("artifact"),
        recipe=params.get("recipe"),
    )
    package.versions.put((name,), version)
    package.modified = now
    if params.get("tags"):
        call.state.tags[version.arn] = dict(params["tags"])
    return _version_view(version)


@handles(SERVICE, "GetPackageVersion")
def _get_version(call: Call) -> dict[str, Any]:
    _, version = _version(call)
    return _version_view(version) | {
        "artifact": version.artifact,
        "creationDate": version.created,
        "lastModifiedDate": version.modified,
        "sbom": version.sbom,
        "sbomValidationStatus": version.sbom_status,
        "recipe": version.recipe,
    }


@handles(SERVICE, "UpdatePackageVersion")
def _update_version(call: Call) -> dict[str, Any]:
    package, version = _version(call)
    params = call.params
    action = params.get("action")
    if action is not None:
        target = _TRANSITIONS.get((version.status, action))
        if target is None:
            raise _conflict(
                f"Can't {action} a {version.status} package version.", version.version_name
            )
        version.status = target
    for field in ("description", "recipe", "artifact"):
        if field in params:
            setattr(version, field, params[field])
    if "attributes" in params:
        version.attributes = dict(params["attributes"])
    version.modified = package.modified = utcnow()
    return {}


@handles(SERVICE, "DeletePackageVersion")
def _delete_version(call: Call) -> dict[str, Any]:
    package = call.state.packages.get(call.params["packageName"])
    name = call.params["versionName"]
    if package is not None:
        version = package.versions.get((name,))
        if version is not None:
            package.versions.remove((name,))
            call.state.tags.pop(version.arn, None)
            if package.default_version == name:
                package.default_version = None
    return {}


@handles(SERVICE, "ListPackageVersions")
def _list_versions(call: Call) -> dict[str, Any]:
    package, status = _package(call), call.params.get("status")
    page = package.versions.page(
        scope_of("ListPackageVersions", package.name, status),
        call.params.get("nextToken"),
        page_size(call.params.get("maxResults")),
        None if status is None else (lambda v: v.status == status),
    )
    return {
        "packageVersionSummaries": [
            {
                "packageName": v.package_name,
                "versionName": v.version_name,
                "status": v.status,
                "creationDate": v.created,
                "lastModifiedDate": v.modified,
            }
            for v in page.items
        ],
        "nextToken": page.next_token,
    }


@handles(SERVICE, "AssociateSbomWithPackageVersion")
def _associate_sbom(call: Call) -> dict[str, Any]:
    _, version = _version(call)
    version.sbom = call.params["sbom"]
    # Validation is asynchronous in the service; the emulator reports it done at once.
    version.sbom_status = "SUCCEEDED"
    version.modified = utcnow()
    return {
        "packageName": version.package_name,
        "versionName": version.version_name,
        "sbom": version.sbom,
        "sbomValidationStatus": version.sbom_status,
    }


@handles(SERVICE, "DisassociateSbomFromPackageVersion")
def _disassociate_sbom(call: Call) -> dict[str, Any]:
    _, version = _version(call)
    version.sbom = None
    version.sbom_status = None
    version.modified = utcnow()
    return {}


@handles(SERVICE, "ListSbomValidationResults")
def _sbom_results(call: Call) -> dict[str, Any]:
    _, version = _version(call)
    wanted = call.params.get("validationResult")
    results = []
    if version.sbom and version.sbom_status in ("SUCCEEDED", "FAILED"):
        location = version.sbom.get("s3Location") or {}
        results.append(
            {"fileName": str(location.get("key", "sbom")), "validationResult": version.sbom_status}
        )
    results = [r for r in results if wanted is None or r["validationResult"] == wanted]
    return {"validationResultSummaries": results}


@handles(SERVICE, "GetPackageConfiguration")
def _get_configuration(call: Call) -> dict[str, Any]:
    return {"versionUpdateByJobsConfig": dict(call.state.package_configuration)}


@handles(SERVICE, "UpdatePackageConfiguration")
def _update_configuration(call: Call) -> dict[str, Any]:
    update = call.params.get("versionUpdateByJobsConfig") or {}
    call.state.package_configuration.update({k: v for k, v in update.items() if v is not None})
    return {}
