"""Query-string filters for the walk list."""

import django_filters

from accounts.selectors import patients_visible_to
from core.filters import time_range_filters

from .choices import WalkSource
from .models import SymptomKind, SymptomReport, Walk


def _visible_patients(request):
    return patients_visible_to(user=request.user) if request is not None else None


class WalkFilter(django_filters.FilterSet):
    patient = django_filters.ModelChoiceFilter(
        queryset=_visible_patients, help_text="A patient you may see (id)."
    )
    started_at_after, started_at_before = time_range_filters("started_at")
    source = django_filters.ChoiceFilter(choices=WalkSource.choices)

    class Meta:
        model = Walk
        fields = ["patient", "source"]


class SymptomFilter(django_filters.FilterSet):
    patient = django_filters.ModelChoiceFilter(
        queryset=_visible_patients, help_text="A patient you may see (id)."
    )
    occurred_at_after, occurred_at_before = time_range_filters("occurred_at")
    kind = django_filters.ChoiceFilter(choices=SymptomKind.choices)

    class Meta:
        model = SymptomReport
        fields = ["patient", "kind"]
