"""Dashboard pages of exercise programs for coordinators (issue 12): the cohort table."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from audit.services import audit_event_record
from insights.program_cohort import program_cohort_rows
from notifications.exercise_adherence import ALERT_AFTER_IN_A_ROW, RECENT_MIN_PCT

from .access import carer_required

# A row is marked for a call by the coordinator alert's own rule.
CALL_AFTER_MISSED = ALERT_AFTER_IN_A_ROW
LOW_RECENT_ADHERENCE_PCT = RECENT_MIN_PCT


@require_safe
@carer_required
def program_cohort(request):
    """Every running program of the user's care teams, most in need of a call first."""
    rows = program_cohort_rows(user=request.user)
    audit_event_record(actor=request.user, patient_ids=[row["patient"]["id"] for row in rows],
                       action="dashboard.program_cohort")
    for row in rows:
        recent = row["adherence_recent_pct"]
        row["needs_call"] = row["missed_in_a_row"] >= CALL_AFTER_MISSED or (
            recent is not None and recent < LOW_RECENT_ADHERENCE_PCT)
    return render(request, "dashboard/program_cohort.html", {
        "rows": rows, "section": "programs", "call_after_missed": CALL_AFTER_MISSED,
        "low_recent_pct": LOW_RECENT_ADHERENCE_PCT})
