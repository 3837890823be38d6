"""What the patient is told about a signed order, in plain words, by kind."""

from .models import ReferralKind

PATIENT_TEXT = {
    ReferralKind.MRI_LUMBAR_SPINE: (
        "Your doctor has requested an MRI scan of your lower back. It shows whether the nerves "
        "in your spine are being squeezed. The hospital will contact you with an appointment."),
    ReferralKind.ARTERIAL_DUPLEX: (
        "Your doctor has requested an ultrasound scan of the arteries in your legs. It shows "
        "where blood flow is narrowed. The hospital will contact you with an appointment."),
    ReferralKind.ABI: (
        "Your doctor has requested a test of the blood pressure at your ankles, at rest and "
        "after walking. The clinic will contact you with an appointment."),
    ReferralKind.CT_ANGIOGRAPHY: (
        "Your doctor has requested a CT scan of the arteries in your legs, with a dye injected "
        "into a vein. The hospital will contact you with an appointment."),
    ReferralKind.PHYSIOTHERAPY: (
        "Your doctor has referred you to a physiotherapist. They will contact you to arrange "
        "your first visit."),
    ReferralKind.SET: (
        "Your doctor has referred you to a supervised walking exercise programme. The programme "
        "team will contact you to arrange your sessions."),
    ReferralKind.VASCULAR_SURGERY_OPINION: (
        "Your doctor has asked a vascular surgeon to see you about the arteries in your legs. "
        "The hospital will contact you with an appointment."),
    ReferralKind.SPINE_SURGERY_OPINION: (
        "Your doctor has asked a spine surgeon to see you about your back. The hospital will "
        "contact you with an appointment."),
    ReferralKind.EPIDURAL_INJECTION: (
        "Your doctor has requested an injection near the nerves of your lower back to ease the "
        "pain. The hospital will contact you with an appointment."),
}


def patient_text_of(referral) -> str:
    """The plain-words line once a clinician signed the order; nothing before that."""
    if referral.signed_at is None:
        return ""
    return PATIENT_TEXT[referral.kind]
