"""The synthetic demo cohort: who the demo clinic's carers and patients are, and how each
patient walks (the pattern, the pace, the distances the walks are drawn around)."""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

DEMO_CLINIC_NAME = "Stride Demo Clinic"
# A local demo only: the password is printed on the console and is the same for every account.
DEMO_PASSWORD = "stride-demo-2026"
CLINICIAN_EMAIL = "clinician@demo.stride"
CLINICIAN_NAME = "Dr Amelia Grant"
COORDINATOR_EMAIL = "coordinator@demo.stride"
COORDINATOR_NAME = "Tom Fletcher"
ADMIN_EMAIL = "admin@demo.stride"
ADMIN_NAME = "Demo Administrator"

DEMO_DAYS = 90
# Walk ids are uuid5(namespace, "<email>:<index>"): syncing the same walks again is a duplicate.
DEMO_NAMESPACE = uuid.UUID("6f1c3f0e-2b7d-5a44-9c1e-5d3a7e0b9f21")
DEMO_SEED = "stride-demo-2026"
DECLINE_RAMP_DAYS = 10
# Patients log walks in their local daytime.
DAY_START_MIN = 8 * 60
DAY_END_MIN = 19 * 60

VASCULAR, NEUROGENIC = "vascular", "neurogenic"
STABLE, WORSENING, IMPROVING = "stable", "worsening", "improving"


@dataclass(frozen=True)
class DemoPatient:
    """One synthetic patient: ``pattern`` is how their walks behave, ``suspected_cause`` what the
    clinic recorded (usually the same; a mismatch is deliberate)."""

    number: int
    full_name: str
    sex: str
    age_years: int
    time_zone: str
    pattern: str
    course: str
    suspected_cause: str
    affected_side: str
    baseline_onset_m: float
    pain_locations: tuple[str, ...]
    uses_shopping_cart: bool = False

    @property
    def email(self) -> str:
        return f"patient{self.number:02d}@demo.stride"


_LON, _PAR, _NYC = "Europe/London", "Europe/Paris", "America/New_York"
_V, _N = VASCULAR, NEUROGENIC
_S, _W, _I = STABLE, WORSENING, IMPROVING
_CALF, _CALF_THIGH, _ILIAC = ("calf",), ("calf", "thigh"), ("buttock", "thigh")
_LUMBAR, _LUMBAR_LOW = ("back", "buttock", "thigh"), ("buttock", "thigh", "calf")
_F, _M = "female", "male"
_P = DemoPatient
DEMO_COHORT: tuple[DemoPatient, ...] = (
    _P(1, "Margaret Hughes", _F, 72, _LON, _V, _W, "vascular", "left", 320, _CALF),
    _P(2, "Jean-Pierre Martin", _M, 68, _PAR, _V, _S, "vascular", "right", 450, _CALF),
    _P(3, "Robert Johnson", _M, 74, _NYC, _V, _S, "vascular", "left", 280, _CALF_THIGH),
    _P(4, "David Thompson", _M, 66, _LON, _V, _W, "vascular", "right", 520, _CALF),
    _P(5, "Françoise Bernard", _F, 79, _PAR, _V, _S, "vascular", "both", 220, _CALF),
    _P(6, "Linda Williams", _F, 63, _NYC, _V, _I, "vascular", "left", 250, _CALF),
    _P(7, "Peter Clarke", _M, 70, _LON, _V, _S, "vascular", "left", 380, _ILIAC),
    _P(8, "Michel Dubois", _M, 81, _PAR, _V, _W, "vascular", "right", 240, _CALF),
    _P(9, "James Miller", _M, 58, _NYC, _V, _S, "mixed", "right", 600, _CALF),
    _P(10, "Susan Walker", _F, 76, _LON, _V, _S, "unknown", "left", 300, ("calf", "foot")),
    _P(11, "Catherine Leroy", _F, 69, _PAR, _V, _S, "vascular", "right", 410, _CALF),
    _P(12, "William Harris", _M, 77, _NYC, _V, _W, "vascular", "both", 350, _CALF_THIGH),
    _P(13, "Patricia Evans", _F, 71, _LON, _N, _S, "neurogenic", "both", 350, _LUMBAR, True),
    _P(14, "Alain Moreau", _M, 77, _PAR, _N, _W, "neurogenic", "both", 420, _LUMBAR_LOW, True),
    _P(15, "Barbara Davis", _F, 73, _NYC, _N, _S, "neurogenic", "both", 300, _LUMBAR),
    # Walks like spinal stenosis but recorded as vascular: the mismatch detectors should flag.
    _P(16, "George Wilson", _M, 80, _LON, _N, _S, "vascular", "left", 380, _LUMBAR_LOW, True),
    _P(17, "Isabelle Petit", _F, 65, _PAR, _N, _S, "neurogenic", "right", 500, _LUMBAR),
    _P(18, "Richard Brown", _M, 62, _NYC, _N, _S, "mixed", "both", 450, _LUMBAR),
    _P(19, "Helen Roberts", _F, 83, _LON, _N, _S, "neurogenic", "both", 200, _LUMBAR, True),
    _P(20, "Nathalie Girard", _F, 75, _PAR, _N, _S, "neurogenic", "left", 330, _LUMBAR_LOW),
    _P(21, "Thomas Anderson", _M, 67, _NYC, _N, _S, "neurogenic", "both", 550, _LUMBAR, True),
    _P(22, "Elizabeth Taylor", _F, 78, _LON, _N, _S, "unknown", "both", 280, _LUMBAR),
)
del _P

# How terrain changes the distance to pain: arteries suffer uphill, stenosis downhill (the spine
# extends, narrowing the canal) and less uphill (walking bent forward opens it).
TERRAIN_WEIGHTS = {"flat": 55, "mixed": 20, "uphill": 12, "downhill": 10, "stairs": 3}
TERRAIN_ONSET_FACTOR = {
    VASCULAR: {"flat": 1.0, "mixed": 0.85, "uphill": 0.6, "downhill": 1.15, "stairs": 0.5},
    NEUROGENIC: {"flat": 1.0, "mixed": 0.9, "uphill": 1.2, "downhill": 0.65, "stairs": 1.0},
}
# Coefficient of variation of the distance to pain between walks on the same terrain.
ONSET_CV = {VASCULAR: 0.25, NEUROGENIC: 0.35}
VASCULAR_QUALITIES = {"cramping": 0.8, "aching": 0.5, "tiredness": 0.25}
NEUROGENIC_QUALITIES = {"tingling": 0.6, "numbness": 0.5, "heaviness": 0.6, "weakness": 0.3,
                        "aching": 0.2}


def demo_walk_id(*, email: str, index: int) -> uuid.UUID:
    """The fixed id of a patient's ``index``-th generated walk."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{email}:{index}")


def demo_date_of_birth(patient: DemoPatient, *, today: date) -> date:
    """A birthday that makes the patient ``age_years`` old today."""
    rng = random.Random(f"{DEMO_SEED}:dob:{patient.email}")
    return today - timedelta(days=round(patient.age_years * 365.25) + rng.randrange(0, 360))

