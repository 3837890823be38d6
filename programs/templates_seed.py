"""The two program templates every clinic starts with, and the evidence for their doses.

Vascular SET follows the AHA/ACC 2016 guideline on lower extremity PAD (Gerhard-Herman MD et al.,
Circulation 2017;135:e726-e779: supervised exercise, class I, "a minimum of 30-45 minutes, in
sessions performed at least 3 times per week for a minimum of 12 weeks", walking to moderate-to-
maximal claudication, rest, repeat) and the ESVS 2024 guideline on asymptomatic PAD and
intermittent claudication (Nordanstig J et al., Eur J Vasc Endovasc Surg 2024;67:9-96: SET as
first-line treatment, at least 3 sessions a week for at least 12 weeks).
"""

from .models import ProgramCause, ProgramMode

AHA_ACC_2016 = ("AHA/ACC 2016 lower extremity PAD guideline (Gerhard-Herman MD et al., "
                "Circulation 2017;135:e726-e779)")
ESVS_2024 = ("ESVS 2024 guideline on asymptomatic PAD and intermittent claudication "
             "(Nordanstig J et al., Eur J Vasc Endovasc Surg 2024;67:9-96)")

VASCULAR_SET = {
    "name": "Vascular SET",
    "cause": ProgramCause.VASCULAR,
    "mode": ProgramMode.SUPERVISED,
    # AHA/ACC 2016 and ESVS 2024: >= 12 weeks, >= 3 sessions a week of 30-45 minutes.
    "weeks": 12,
    "sessions_per_week": 3,
    "days_of_week": [1, 3, 5],
    "minutes_per_session": 30,
    "minutes_per_session_final": 45,
    # AHA/ACC 2016: walk to moderate-to-maximal claudication (3-4 on the 5-point scale).
    "target_pain_min": 3,
    "target_pain_max": 4,
    "exercises": [
        "Treadmill or track walking to claudication pain 3-4 of 5",
        "Rest until the pain eases, then walk again",
        "Repeat for the session's minutes of walking (rests not counted)",
    ],
    "description": "Supervised treadmill or track walking, 3 times a week for 12 weeks; the "
                   "walking time rises from 30 to 45 minutes a session over the weeks.",
    "evidence": f"{AHA_ACC_2016}; {ESVS_2024}.",
}

NEUROGENIC_HOME = {
    "name": "Neurogenic home program",
    "cause": ProgramCause.NEUROGENIC,
    "mode": ProgramMode.HOME,
    "weeks": 12,
    "sessions_per_week": 7,
    "days_of_week": [1, 2, 3, 4, 5, 6, 7],
    "minutes_per_session": 20,
    "minutes_per_session_final": None,
    "target_pain_min": None,
    "target_pain_max": None,
    "exercises": [
        "Flexion exercises daily: knee to chest, seated forward bend, 3 x 30 s each",
        "Core and gluteal work daily",
        "Cycling 20 minutes on Monday, Wednesday and Friday (leaning forward is allowed)",
    ],
    "description": "Daily flexion-biased exercise with core and gluteal work, and 20 minutes of "
                   "cycling 3 times a week, at home.",
    # No guideline sets this dose; it is the usual flexion-biased program for spinal stenosis.
    "evidence": "Flexion-biased exercise and cycling for lumbar spinal stenosis; the dose is the "
                "clinic's, not a guideline's.",
}

STANDARD_TEMPLATES = (VASCULAR_SET, NEUROGENIC_HOME)
