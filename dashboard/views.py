"""Dashboard pages about patients: the risk-ordered list, one patient, the printable summary.

Every page finds its patient through ``access.patient_for`` (the API's scoping: outside it, 404)
and records the read in the access log, as the API does.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.lockout import backoff_message, login_username
from audit.selectors import access_events_of, access_report_rows
from audit.services import audit_event_record
from insights.risk_list import patients_risk_ordered
from insights.summary import patient_summary
from insights.trends import patient_trends
from referrals.selectors import referrals_of_patient

from .access import carer_required, patient_for
from .charts import SPARK_HIGH_M, SPARK_LOW_M, robust_y_limit, trend_chart_data, trend_table
from .forms import LoginForm, RiskListFilterForm
from .patient_program import patient_program_section
from .report_chart import walking_chart
from .selectors import neurogenic_pattern_conclusion, patient_alerts_unresolved, patient_timeline

PERIOD_DAYS = (30, 90, 180, 365)
DEFAULT_PERIOD_DAYS = 90
BUCKETS = (("day", "Day"), ("week", "Week"), ("month", "Month"))
DEFAULT_BUCKET = "week"
TIMELINE_DAYS = 90
ACCESS_EVENTS_SHOWN = 20
SUMMARY_WEEKS = 12


class LoginView(auth_views.LoginView):
    """Session sign-in for carers, with CSRF; a signed-in visitor goes straight to the list."""

    template_name = "dashboard/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        # django-axes marks the request when the account must wait (accounts.backoff); its
        # lockout handler (accounts.lockout) then answers this page with 429 and Retry-After.
        if getattr(self.request, "axes_locked_out", False):
            message, _seconds, _locked = backoff_message(login_username(self.request, None))
            return self.render_to_response(self.get_context_data(
                form=form, locked_message=message))
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, with CSRF) and return to the sign-in page."""


def _age_years(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _choice(value: str | None, allowed, default):
    """``value`` when it is one of ``allowed`` (compared as text), else ``default``."""
    for option in allowed:
        if str(option) == value:
            return option
    return default


def _local_days_since(moment, profile, today: date) -> int | None:
    """Whole local days from ``moment`` to ``today`` (0: today); None without a moment."""
    if moment is None:
        return None
    return (today - moment.astimezone(ZoneInfo(profile.time_zone)).date()).days


def _program_report_url(program) -> str | None:
    """The program's end-of-program report (a running program's report is its report so far)."""
    return reverse("dashboard:program_report", args=[program["id"]]) if program else None


@require_safe
@carer_required
def patient_list(request):
    """The user's patients, most at risk first, with a 30-day sparkline each; filtered by cause,
    alert kind, program and name (an unknown filter value answers 400 naming the field)."""
    form = RiskListFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "dashboard/patient_list.html", {
            "rows": [], "form": form, "filtered": True, "section": "patients"}, status=400)
    filters = form.cleaned_data
    rows = patients_risk_ordered(user=request.user, **filters)
    audit_event_record(actor=request.user, patient_ids=[row["id"] for row in rows],
                       action="dashboard.patient_list")
    return render(request, "dashboard/patient_list.html", {
        "rows": rows, "form": form, "filtered": any(filters.values()),
        "spark_low_m": SPARK_LOW_M, "spark_high_m": SPARK_HIGH_M, "section": "patients"})


@require_safe
@carer_required
def patient_detail(request, patient_id):
    """One patient: distance chart (baseline band, alerts, exercise program marks), exercise
    program, timeline, measurements, pattern."""
    patient = patient_for(user=request.user, patient_id=patient_id)
    audit_event_record(actor=request.user, patient_ids=[patient.pk],
                       action="dashboard.patient_read")
    days = _choice(request.GET.get("days"), PERIOD_DAYS, DEFAULT_PERIOD_DAYS)
    bucket = _choice(request.GET.get("bucket"), [b for b, _ in BUCKETS], DEFAULT_BUCKET)
    today = patient.patient_profile.local_today()
    trends = patient_trends(patient=patient, start=today - timedelta(days=days - 1), end=today,
                            bucket=bucket)
    program = patient_program_section(patient=patient, today=today)
    summary = patient_summary(patient=patient)
    return render(request, "dashboard/patient_detail.html", {
        "patient": patient,
        "profile": patient.patient_profile,
        "age_years": _age_years(patient.patient_profile.date_of_birth, today),
        "trends": trends,
        "chart": trend_chart_data(trends),
        "table": trend_table(trends),
        "days": days, "bucket": bucket, "period_days": PERIOD_DAYS, "buckets": BUCKETS,
        "timeline": patient_timeline(patient=patient,
                                     since=timezone.now() - timedelta(days=TIMELINE_DAYS)),
        "timeline_days": TIMELINE_DAYS,
        "summary": summary,
        "days_since_last_walk": _local_days_since(summary["walks"]["last_at"],
                                                  patient.patient_profile, today),
        "alerts": patient_alerts_unresolved(patient=patient),
        "pattern": neurogenic_pattern_conclusion(patient=patient),
        "program": program,
        "program_report_url": _program_report_url(program),
        "referrals": referrals_of_patient(patient=patient),
        "access_events": access_report_rows(access_events_of(
            patient=patient, for_care_team=True)[:ACCESS_EVENTS_SHOWN]),
        "section": "patients",
    })


def summary_walking_chart(trends: dict) -> dict:
    """The print summary's chart: weekly medians drawn server-side (a printed page runs no
    script), the baseline median as reference, the axis robust to a far early walk."""
    weeks = [{"week": date.fromisoformat(row["start"]).strftime("%-d %b"),
              "pain_free": row["pain_free_distance_m"],
              "max_walking": row["max_walking_distance_m"]} for row in trends["buckets"]]
    values = [(row[key] or {}).get("value") for row in weeks
              for key in ("pain_free", "max_walking")]
    baseline = trends["baseline"]
    reference = baseline["pain_free_distance_m"]["median"] if baseline else None
    return walking_chart(weeks, {"pain_free": reference, "max_walking": None},
                         x_axis="week starting", point_word="Week of",
                         y_limit=robust_y_limit(values))


@require_safe
@carer_required
def patient_print_summary(request, patient_id):
    """One printable page for the clinic visit (print CSS; the browser saves it as PDF)."""
    patient = patient_for(user=request.user, patient_id=patient_id)
    audit_event_record(actor=request.user, patient_ids=[patient.pk],
                       action="dashboard.patient_summary")
    today = patient.patient_profile.local_today()
    trends = patient_trends(patient=patient, start=today - timedelta(weeks=SUMMARY_WEEKS) +
                            timedelta(days=1), end=today, bucket="week")
    program = patient_program_section(patient=patient, today=today)
    summary = patient_summary(patient=patient)
    return render(request, "dashboard/patient_summary.html", {
        "patient": patient,
        "profile": patient.patient_profile,
        "age_years": _age_years(patient.patient_profile.date_of_birth, today),
        "today": today,
        "days_since_last_walk": _local_days_since(summary["walks"]["last_at"],
                                                  patient.patient_profile, today),
        "trends": trends,
        "table": trend_table(trends),
        "summary": summary,
        "alerts": patient_alerts_unresolved(patient=patient),
        "pattern": neurogenic_pattern_conclusion(patient=patient),
        "weeks": SUMMARY_WEEKS,
        "chart": summary_walking_chart(trends),
        "program": program,
        "program_report_url": _program_report_url(program),
        "section": "patients",
    })
