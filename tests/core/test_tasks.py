import pytest

from core.tasks import health_check


@pytest.mark.worker
def test_a_worker_sees_the_test_database(celery_workers, django_user_model):
    # given a user written by the test and a worker (real one when a broker is configured)
    django_user_model.objects.create_user(username="seen-by-worker", password="x-12345678")
    celery_workers.start(1)
    # when
    result = health_check.delay().get(timeout=30)
    # then
    assert result["users"] == 1
