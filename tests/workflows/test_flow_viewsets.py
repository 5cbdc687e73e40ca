"""The flows' process lists page in a fixed order: newest first."""

from datetime import date

import pytest
from django.urls import reverse

from workflows.reading_review import ReadingReviewProcess

pytestmark = pytest.mark.django_db


def test_the_process_list_shows_the_newest_process_first(client, manager, flag_reading, recwarn):
    # given three reviews opened one after another
    for month in (1, 3, 5):  # months of 31 days: the leaking values run 744 hours
        flag_reading(period=date(2026, month, 1))
    newest_first = list(ReadingReviewProcess.objects.order_by("-created", "-pk").values_list("pk", flat=True))
    client.force_login(manager)
    # when
    response = client.get(reverse("metering_flows:flows:readingreview:process_list"))
    # then
    assert response.status_code == 200
    assert [p.pk for p in response.context["object_list"]] == newest_first
    assert not [w for w in recwarn if "UnorderedObjectListWarning" in str(w.category)]
