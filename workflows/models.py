"""Process proxies of the flows, one per flow; each flow module names its own.

A proxy gives a flow its own permissions (``view_…``, ``manage_…``: see each flow's
``roles``) while the rows stay in viewflow's process table. Domain records hang on
``process.artifact``.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from viewflow.workflow.models import Process

FLOW_PERMISSIONS = ("add", "change", "delete", "view", "manage")


class ReadingReviewProcess(Process):
    class Meta:
        proxy = True
        verbose_name = "проверка показаний"
        verbose_name_plural = "проверки показаний"
        default_permissions = FLOW_PERMISSIONS

    @property
    def reading(self):
        return self.artifact

    def task_due_date(self, task):
        entered = timezone.localdate(self.artifact.entered_at)
        return entered + timedelta(days=settings.METERING_REVIEW_DAYS)
