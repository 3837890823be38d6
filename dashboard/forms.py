"""The dashboard's forms: sign-in and closing an alert."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
