"""The dashboard's forms: sign-in and closing an alert."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import SuspectedCause
from notifications.evidence_text import SHORT_LABELS


class LoginForm(AuthenticationForm):
    """E-mail and password, labelled for screen readers and password managers."""

    username = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail address and password do not match an account.",
    }


class AlertResolveForm(forms.Form):
    """What was done about the alert, kept with it."""

    note = forms.CharField(
        label="What was done", max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RiskListFilterForm(forms.Form):
    """The patient list's filters; every field optional (empty: no filter)."""

    name = forms.CharField(label="Name or e-mail", required=False, max_length=100)
    cause = forms.ChoiceField(label="Recorded cause", required=False)
    alert_kind = forms.ChoiceField(label="Alert", required=False)
    program = forms.ChoiceField(label="Exercise program", required=False, choices=[
        ("", "any"), ("running", "in a program"), ("none", "not in a program")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [("", "any"), *SuspectedCause.choices]
        self.fields["alert_kind"].choices = [("", "any"),
                                             *((str(k), v) for k, v in SHORT_LABELS.items())]
