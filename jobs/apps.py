from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs")

    def ready(self):
        # The services send the matching tasks by name (jobs.services.matching); importing
        # the tasks here registers them with Celery's app in every process, so a name
        # resolves to the task (and runs in place when CELERY_TASK_ALWAYS_EAGER is on).
        from enterprises.signals import agreement_ended
        from jobs import tasks  # noqa: F401
        from jobs.services import matching_profile_changed
        from jobs.training.cooperation import interview_guarantees_lapse_on_agreement_end
        from veterans.signals import profile_changed

        profile_changed.connect(matching_profile_changed, dispatch_uid="jobs.matching")
        agreement_ended.connect(
            interview_guarantees_lapse_on_agreement_end, dispatch_uid="jobs.training.guarantees"
        )
