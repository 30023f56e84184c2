"""Fleet rollouts: every device of a deployment, watched to the end, failures retried.

``rollout_status`` reports a deployment device by device (its IoT job execution, the device's
effective deployment with its error stack, the device's health, whether it looks stuck);
``watch_rollout`` follows it to the end and can cancel it on a failure rate;
``retry_failed`` creates one subdeployment for the failed devices; ``presets`` builds validated
rollout, abort and timeout configurations. See ``docs/fleet.md``.
"""

from __future__ import annotations

from greengrass_sdk.fleet import presets
from greengrass_sdk.fleet.blockers import (
    Blocker,
    BlockersReport,
    DeviceBlockers,
    SuggestedChange,
    blockers,
)
from greengrass_sdk.fleet.configuration import (
    configuration_update,
    deployment_components,
    merge_document,
)
from greengrass_sdk.fleet.errors import UnknownDevice
from greengrass_sdk.fleet.plan import (
    ComponentChange,
    DeploymentPlan,
    DevicePlan,
    OutcomeGroup,
    Planner,
    plan_deployment,
)
from greengrass_sdk.fleet.rate_limit import RateLimiter
from greengrass_sdk.fleet.report import (
    FAILED_EXECUTION_STATUSES,
    TERMINAL_EXECUTION_STATUSES,
    DeviceRollout,
    RolloutReport,
)
from greengrass_sdk.fleet.retry import (
    SUBDEPLOYMENT_MIN_NUCLEUS,
    NothingToRetry,
    RetryResult,
    SubdeploymentNotSupported,
    retry_failed,
    retry_group_name,
)
from greengrass_sdk.fleet.revise import (
    ComponentDiff,
    PlanHasFailures,
    Revision,
    apply_changes,
    revise_deployment,
)
from greengrass_sdk.fleet.status import DEFAULT_STUCK_AFTER, RolloutStatusReader, rollout_status
from greengrass_sdk.fleet.topology import DeviceState, FleetReader
from greengrass_sdk.fleet.watch import RolloutUpdate, StopWhen, watch_rollout

__all__ = [
    "Blocker",
    "BlockersReport",
    "ComponentChange",
    "ComponentDiff",
    "DEFAULT_STUCK_AFTER",
    "DeploymentPlan",
    "DeviceBlockers",
    "DevicePlan",
    "DeviceRollout",
    "DeviceState",
    "FAILED_EXECUTION_STATUSES",
    "FleetReader",
    "NothingToRetry",
    "OutcomeGroup",
    "PlanHasFailures",
    "Planner",
    "RateLimiter",
    "RetryResult",
    "Revision",
    "RolloutReport",
    "RolloutStatusReader",
    "RolloutUpdate",
    "SUBDEPLOYMENT_MIN_NUCLEUS",
    "StopWhen",
    "SubdeploymentNotSupported",
    "SuggestedChange",
    "TERMINAL_EXECUTION_STATUSES",
    "UnknownDevice",
    "apply_changes",
    "blockers",
    "configuration_update",
    "deployment_components",
    "merge_document",
    "plan_deployment",
    "presets",
    "retry_failed",
    "retry_group_name",
    "revise_deployment",
    "rollout_status",
    "watch_rollout",
]
