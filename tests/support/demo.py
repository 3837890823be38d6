"""Looking up the demo cohort in tests."""

from demo.cohort import DEMO_COHORT, DemoPatient


def demo_patient(email: str) -> DemoPatient:
    """The cohort entry with this e-mail."""
    return next(patient for patient in DEMO_COHORT if patient.email == email)
