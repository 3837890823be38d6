"""What happens after new data arrives. Detectors and alerts build on this (see issue 5)."""

import logging
import uuid
from collections.abc import Sequence

logger = logging.getLogger(__name__)


def walks_ingested_notify(*, patient_id: uuid.UUID, walk_ids: Sequence[uuid.UUID]) -> None:
    """Called once per patient and committed batch of new or changed walks.

    Detectors do not exist yet; this records the event so the hook is exercised end to end.
    """
    logger.debug("patient %s: %d walks stored", patient_id, len(walk_ids))


def symptoms_ingested_notify(*, patient_id: uuid.UUID, report_ids: Sequence[uuid.UUID]) -> None:
    """Called once per patient and committed batch of new or changed symptom reports.

    The patient already got the red-flag instruction in the sync answer; alerting the care team
    arrives with the detectors.
    """
    logger.debug("patient %s: %d symptom reports stored", patient_id, len(report_ids))
