"""What programs does when a lower layer changes: a new clinic starts with the standard templates
(Vascular SET, Neurogenic home program), so a coordinator can enrol a patient on day one."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Clinic

from .services import program_templates_seed


@receiver(post_save, sender=Clinic, dispatch_uid="programs.clinic_templates_seed")
def clinic_templates_seed(sender, instance: Clinic, created: bool, raw: bool = False, **kwargs):
    if created and not raw:  # not while loading fixtures
        # In the clinic's own transaction: a clinic is never left without its templates.
        program_templates_seed(clinic=instance)
