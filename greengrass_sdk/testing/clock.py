"""The emulator's clock: real time by default, moved forward at will by tests.

Rollout rates, in-progress timeouts and scripted device delays are all measured on this clock,
so a test can play an hour of a fleet rollout in milliseconds with ``server.clock.advance(3600)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from greengrass_sdk._core.exceptions import ConfigurationError

__all__ = ["SimulatedClock"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _millis(moment: dt.datetime) -> dt.datetime:
    """Truncate to milliseconds, the precision the wire carries."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class SimulatedClock:
    """A clock that runs with real time (``frozen=False``) or only when advanced.

    Args:
        start: The time the clock shows now; the current UTC time when omitted.
        frozen: Stand still between calls of :meth:`advance` (deterministic tests); otherwise
            real time passes too and :meth:`advance` adds to it.
    """

    def __init__(self, start: dt.datetime | None = None, *, frozen: bool = False) -> None:
        if start is not None and start.tzinfo is None:
            raise ConfigurationError("start must be timezone-aware")
        self._frozen = frozen
        self._anchor_real = _now()
        self._anchor = start or self._anchor_real
        self._listeners: list[Callable[[], None]] = []

    @property
    def frozen(self) -> bool:
        """Whether the clock only moves when advanced."""
        return self._frozen

    def now(self) -> dt.datetime:
        """The clock's current time, UTC, at millisecond precision."""
        if self._frozen:
            return _millis(self._anchor)
        return _millis(self._anchor + (_now() - self._anchor_real))

    def advance(self, seconds: float | dt.timedelta) -> dt.datetime:
        """Move the clock forward and let everything that was due by then happen.

        Args:
            seconds: How far, in seconds or as a ``timedelta``; must not be negative.

        Returns:
            The new time.
        """
        step = seconds if isinstance(seconds, dt.timedelta) else dt.timedelta(seconds=seconds)
        if step < dt.timedelta(0):
            raise ConfigurationError("the clock cannot go back")
        self._anchor += step
        for listener in list(self._listeners):
            listener()
        return self.now()

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every :meth:`advance` (the emulator catches up its jobs)."""
        self._listeners.append(listener)
