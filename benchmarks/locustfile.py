"""Public traffic for the load test (issue 14 §8), run by ``benchmarks/load.py``.

Visitors read the home page, news, the initiative bank, statistics and verification, and a
share of them search the bank with a different phrase each time, so that those requests miss
the page cache and reach the database; a monitor polls ``/healthz``. Names group the requests in
the report: a distinct query string is one "bank search".
"""

import itertools
import os
import random

from locust import HttpUser, between, events, task

WORDS = [
    "tiet kiem",
    "dien",
    "an toan",
    "lao dong",
    "may",
    "nang suat",
    "quy trinh",
    "cai tien",
    "phan mem",
    "tu dong",
    "nuoc",
    "hoa chat",
    "bao tri",
    "thiet bi",
    "chat luong",
]
_counter = itertools.count()


def distinct_phrase(rng: random.Random) -> str:
    """Two common words and a serial number: every phrase is new to the cache, and the words
    still match many dossiers (the costly case)."""
    return f"{rng.choice(WORDS)} {rng.choice(WORDS)} {next(_counter)}"


class Visitor(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.rng = random.Random()
        self.bank = self.environment.parsed_options.bank_path
        self.statistics = self.environment.parsed_options.statistics_path

    @task(4)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def bank(self):
        self.client.get(self.bank, name="bank")

    @task(2)
    def bank_search(self):
        # A new phrase each time: a cache miss that runs the search on the database.
        self.client.get(self.bank, params={"q": distinct_phrase(self.rng)}, name="bank search")

    @task(1)
    def bank_search_common(self):
        # The same few phrases again and again: served from the per-query cache.
        self.client.get(
            self.bank, params={"q": self.rng.choice(WORDS)}, name="bank search (repeated)"
        )

    @task(2)
    def statistics(self):
        self.client.get(self.statistics, name="statistics")

    @task(1)
    def verify(self):
        self.client.get("/xac-minh/", name="verification")


class Monitor(HttpUser):
    """One monitor, polling the health check as an orchestrator would."""

    fixed_count = 1
    wait_time = between(1, 1)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")


def stop_at_the_request_limit(environment, **_kwargs):
    """Bound the run in requests as well as in time (``LOAD_MAX_REQUESTS``)."""
    limit = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
    if not limit:
        return

    def check(**_request):
        if environment.stats.total.num_requests >= limit and environment.runner is not None:
            environment.runner.quit()

    environment.events.request.add_listener(check)


def add_arguments(parser):
    parser.add_argument("--bank-path", default="/ngan-hang-sang-kien/", include_in_web_ui=False)
    parser.add_argument("--statistics-path", default="/thong-ke/", include_in_web_ui=False)


events.init_command_line_parser.add_listener(add_arguments)
events.init.add_listener(stop_at_the_request_limit)
