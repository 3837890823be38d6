"""Query-string filters that read times as strictly as the body fields do."""

import datetime

import django_filters
from django import forms

from .fields import DATETIME_ERRORS, InputRuleError, aware_datetime_parse


class AwareDateTimeFormField(forms.Field):
    """A filter's time: ISO 8601 with a real UTC offset in the sane days, handed to the database
    in UTC (PostgreSQL refuses offsets of 16 hours or more)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return aware_datetime_parse(value).astimezone(datetime.UTC)
        except InputRuleError as exc:
            raise forms.ValidationError(DATETIME_ERRORS[exc.code], code=exc.code) from None


class AwareDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 time filter (documented as date-time) read by ``aware_datetime_parse``."""

    field_class = AwareDateTimeFormField


def time_range_filters(time_field: str) -> tuple[AwareDateTimeFilter, AwareDateTimeFilter]:
    """The ``<time_field>_after`` and ``<time_field>_before`` filters (both inclusive); as two
    filters, each is named in its own error."""
    return (
        AwareDateTimeFilter(
            field_name=time_field, lookup_expr="gte",
            help_text=f"{time_field} at or after this ISO 8601 time (with a UTC offset)."),
        AwareDateTimeFilter(
            field_name=time_field, lookup_expr="lte",
            help_text=f"{time_field} at or before this ISO 8601 time (with a UTC offset)."),
    )
