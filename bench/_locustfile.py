"""The users of the page load benchmark (bench/pages.py): managers, signed in beforehand, who
open the dashboard, the main lists (with a search or a filter now and then) and the cards the
lists lead to, with a short pause between pages.

Locust runs this file headless; the page names below are the names of the JSON's rows.
Environment (set by bench/pages.py): the session keys ``BENCH_PAGES_SESSIONS`` (comma-separated), the
id ranges of the seeded consumers and contracts ``BENCH_PAGES_CONSUMERS`` (``first:last``),
``BENCH_PAGES_CONTRACTS``, and the pause ``BENCH_PAGES_WAIT`` (``min:max`` seconds).
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, task

SESSIONS = itertools.cycle(os.environ.get("BENCH_PAGES_SESSIONS", "").split(","))
CONSUMERS = tuple(int(x) for x in os.environ.get("BENCH_PAGES_CONSUMERS", "1:1").split(":"))
CONTRACTS = tuple(int(x) for x in os.environ.get("BENCH_PAGES_CONTRACTS", "1:1").split(":"))
WAIT = tuple(float(x) for x in os.environ.get("BENCH_PAGES_WAIT", "0.5:1.5").split(":"))
WORDS = ("Абонент 12", "Абонент 777", "B4242", "Садовая")


class Manager(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        # signed in beforehand (bench/pages.py writes the sessions): no password hashing in the measured time
        self.client.cookies.set("sessionid", next(SESSIONS), domain="127.0.0.1", path="/")

    def _get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")

    @task(3)
    def dashboard(self):
        self._get("/reception/dashboard/", "dashboard")

    @task(3)
    def consumers(self):
        self._get(f"/subscribers/consumers/?page={random.randint(1, 50)}", "consumers")

    @task(1)
    def consumers_search(self):
        self._get(f"/subscribers/consumers/?_search={random.choice(WORDS)}", "consumers: search")

    @task(3)
    def debtors(self):
        self._get(f"/settlements/debtors/?page={random.randint(1, 20)}", "debtors")

    @task(1)
    def debtors_filter(self):
        order = random.choice(("-days", "name", "-penalty"))
        self._get(f"/settlements/debtors/?category=managing_org&min_days=30&order={order}", "debtors: filter")

    @task(3)
    def inbox(self):
        self._get("/inbox/", "inbox")

    @task(3)
    def journal(self):
        self._get(f"/reception/journal/?page={random.randint(1, 20)}", "appeals journal")

    @task(1)
    def journal_filter(self):
        category = random.choice(("charges", "payments", "debt", "quality"))
        self._get(f"/reception/journal/?category={category}&overdue=on", "appeals journal: filter")

    @task(2)
    def consumer_card(self):
        self._get(f"/subscribers/consumers/{random.randint(*CONSUMERS)}/detail/", "consumer card")

    @task(2)
    def contract_card(self):
        self._get(f"/subscribers/contracts/{random.randint(*CONTRACTS)}/detail/", "contract card")

    @task(2)
    def debtor_card(self):
        self._get(f"/settlements/consumer/{random.randint(*CONSUMERS)}/", "debtor card")
