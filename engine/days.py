"""The learner's day: it starts at a local hour (04:00 by default, as in Anki).

Pure functions over aware datetimes. The day boundary is found in `now`'s own timezone
(a ZoneInfo keeps it right across DST), or in `tz` when one is given.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo


def day_start(now: datetime, hour: int, tz: tzinfo | None = None) -> datetime:
    """Return when the learner's current day began: the last local `hour` at or before `now`."""
    if now.tzinfo is None:
        raise ValueError(f"now must be timezone-aware, got naive {now!r}")
    local = now.astimezone(tz or now.tzinfo)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    return start


def next_day_start(now: datetime, hour: int, tz: tzinfo | None = None) -> datetime:
    """Return when the learner's next day begins (what "bury until tomorrow" means)."""
    start = day_start(now, hour, tz)
    # Add a calendar day in local time, then rebuild the hour (DST-safe with zoneinfo).
    return (start + timedelta(days=1)).replace(hour=hour)
