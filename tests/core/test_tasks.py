import pytest
from django.conf import settings

from core.tasks import health_check


@pytest.mark.worker
def test_a_worker_sees_the_test_database(celery_workers, django_user_model):
    # given a user written by the test and a worker (real one when a broker is configured)
    django_user_model.objects.create_user(username="seen-by-worker", password="x-12345678")
    celery_workers.start(1)
    # when
    if settings.CELERY_TASK_ALWAYS_EAGER:
        result = health_check.delay().get()
    else:
        result = health_check.apply_async().get(timeout=30, disable_sync_subtasks=False)
    # then
    assert result["users"] == 1
