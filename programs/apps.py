from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Exercise programs"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
