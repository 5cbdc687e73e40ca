"""How many SQL queries a page makes (issue 20: a fixed number whatever the number of rows
behind it). A test opens the page once on small data (the first request warms what is cached
per process), counts the queries of a second request, adds rows of every kind the page shows
and asserts the page makes no more queries than before (``django_assert_max_num_queries``)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url: str) -> int:
    """The queries of one GET of ``url`` (after a warming one); the page must answer 200."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def assert_no_more_queries(client, url: str, before: int, django_assert_max_num_queries) -> None:
    """The page, on the grown data, makes at most ``before`` queries (the failure lists them)."""
    client.get(url)  # warming, like the first count
    with django_assert_max_num_queries(before):
        response = client.get(url)
    assert response.status_code == 200
