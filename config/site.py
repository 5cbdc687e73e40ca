"""The viewflow Material site: one Application per area of the department's work."""

from viewflow.urls import Site

from subscribers.viewsets import SubscribersApp

site = Site(
    title="Абонентский отдел",
    viewsets=[
        SubscribersApp(),
    ],
)
