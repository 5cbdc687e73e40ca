"""The audit log page: filters narrow the events shown."""

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.roles import MANAGER
from audit.services import record_event
from subscribers.models import Consumer
from tests.subscribers.factories import ConsumerFactory

pytestmark = pytest.mark.django_db
LIST = "/documents/audit/"


def shown(response) -> list[int]:
    return [event.sequence for event in response.context["object_list"]]


def test_filtering_by_target_shows_only_that_targets_events(client, make_user):
    # given events of two consumers, of a user and of no target
    first, second = ConsumerFactory(), ConsumerFactory()
    reader = make_user(MANAGER)
    mine = [record_event(action="consumer.changed", target=first, data={"n": n}).sequence for n in range(2)]
    record_event(action="consumer.changed", target=second)
    record_event(action="auth.login", actor=reader, target=reader)
    record_event(action="matrix.sample")
    client.force_login(reader)
    # when the log is filtered by the first consumer
    consumer_type = ContentType.objects.get_for_model(Consumer).pk
    response = client.get(LIST, {"target_type": consumer_type, "target_id": first.pk})
    # then only its events are listed, newest first
    assert response.status_code == 200
    assert shown(response) == mine[::-1]
    # and the type alone lists every consumer's events; no filter, every event
    assert len(shown(client.get(LIST, {"target_type": consumer_type}))) == 3
    everything = shown(client.get(LIST))
    assert set(mine) < set(everything) and len(everything) >= 5
