"""Silence: a patient who usually logs walks has logged none for a while.

Unlike the other detectors this one needs the wall clock: no data is the finding.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

SILENCE_DAYS = 7  # default; a project choice
USUAL_WINDOW = timedelta(days=28)
USUAL_MIN_WALKS = 8  # "usually logs": at least 2 a week over the 4 weeks before the silence


@dataclass(frozen=True)
class SilenceFinding:
    met: bool
    days_silent: int | None
    last_walk_at: datetime | None
    walks_before: int


def silence(
    walk_times: Sequence[datetime], *, now: datetime, silence_days: int = SILENCE_DAYS
) -> SilenceFinding:
    """Met when the last walk is ``silence_days`` or more before ``now`` and the patient logged at
    least ``USUAL_MIN_WALKS`` walks in the four weeks before it."""
    past = sorted(t for t in walk_times if t <= now)
    if not past:
        return SilenceFinding(False, None, None, 0)
    last = past[-1]
    days_silent = (now - last).days
    walks_before = sum(1 for t in past if last - USUAL_WINDOW < t <= last)
    met = days_silent >= silence_days and walks_before >= USUAL_MIN_WALKS
    return SilenceFinding(met, days_silent, last, walks_before)
