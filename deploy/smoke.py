#!/usr/bin/env python3
"""Smoke test of the real production stack on this machine (``make prod-smoke``, ``.ci/run``).

Production settings, a fresh PostgreSQL database (made and dropped here), Redis as the cache
(a database number of its own, emptied before and after), two gunicorn instances on two free
ports and two task workers (``db_worker``). It checks that:

1. a news item published through one instance shows on the other at once: the public page
   cache lives in Redis and its version is bumped on publish, so no process serves a stale page;
2. the certificates drawn by the two workers are all there exactly once, although every
   decision's task was queued three times and the workers raced for them;
3. ``/healthz`` reports the database, the cache and the task backlog on both instances.

Everything it starts it stops (each process in its own process group, killed in ``finally``),
and it drops its database. Environment: ``SMOKE_PG_URL`` (default
``postgres://postgres@127.0.0.1:5432``), ``SMOKE_REDIS_URL`` (default
``redis://127.0.0.1:6379/13``); when nothing answers on the Redis address and
``redis-server`` is installed, it starts its own on a free port.
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
DECISIONS = 4
RECIPIENTS = 3
QUEUED_PER_DECISION = 3  # the issue's own task, then two more as if "render again" was clicked
PASSWORD = "Smoke@2026-moderator"
NEWS_TITLE = "Hội thi sáng kiến toàn quốc: công bố kết quả"


def log(message: str) -> None:
    print(f"[smoke {time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


STARTED = time.monotonic()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- what runs inside Django (python deploy/smoke.py setup|inspect, production settings) -------


def django_setup() -> dict:
    """A federation, a moderator, a news section with a draft item, and DECISIONS issued award
    decisions (each queues its certificates task on commit)."""
    import django

    django.setup()
    from django.db import transaction

    from awards.certificates import generate_certificates
    from awards.models import AwardDecision
    from site_cms.services import site_groups_ensure
    from tests.factories import RoleGrantFactory, UserFactory, make_unit
    from tests.factories.awards import issue_award, member_of
    from tests.factories.pages import make_news_index, make_news_page
    from unions.enums import Role

    national = make_unit(name="Tổng Liên đoàn Lao động Việt Nam", code="TLD")
    province = make_unit(national, name="Liên đoàn Lao động tỉnh Quảng Trị", code="QTR")
    district = make_unit(province, name="Liên đoàn Lao động thành phố Đông Hà", code="DHA")
    grassroots = make_unit(district, name="Công đoàn cơ sở Công ty May Sông Hiếu", code="CSX")
    groups = site_groups_ensure()
    moderator = UserFactory(email="kiemduyet@smoke.example.vn")
    moderator.set_password(PASSWORD)
    moderator.save()
    moderator.groups.add(groups.moderators)
    RoleGrantFactory(user=moderator, unit=national, role=Role.EDITOR)
    index = make_news_index(title="Tin tức", slug="tin-tuc")
    draft = make_news_page(index, title=NEWS_TITLE, slug="hoi-thi-sang-kien", publish=False)
    decisions = []
    for _ in range(DECISIONS):
        people = [member_of(grassroots) for _ in range(RECIPIENTS)]
        decisions.append(issue_award("giay-khen-co-so", grassroots, persons=people).pk)
    # More tasks for the same decisions: the workers race, each certificate is drawn once.
    for _ in range(QUEUED_PER_DECISION - 1):
        for pk in decisions:
            transaction.on_commit(lambda pk=pk: generate_certificates.enqueue(pk))
    return {
        "moderator": moderator.email,
        "news_index": index.url,
        "draft_id": draft.pk,
        "decisions": decisions,
        "certificates": AwardDecision.objects.filter(pk__in=decisions)
        .values("recipients__certificate")
        .count(),
    }


def django_inspect() -> dict:
    """Where the certificates and their tasks stand."""
    import django

    django.setup()
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from awards.models import Certificate

    certificates = list(Certificate.objects.values_list("pk", "file"))
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "certificates"
    files = sorted(path.name for path in folder.glob("*")) if folder.exists() else []
    tasks = DBTaskResult.objects.filter(task_path__endswith="generate_certificates")
    return {
        "certificates": len(certificates),
        "with_file": sum(1 for _, name in certificates if name),
        "names": sorted(name for _, name in certificates if name),
        "files_on_disk": files,
        "tasks": {status: tasks.filter(status=status).count() for status in TASK_STATES},
        "workers": sorted(
            {worker for ids in tasks.values_list("worker_ids", flat=True) for worker in ids}
        ),
    }


TASK_STATES = ("READY", "RUNNING", "SUCCESSFUL", "FAILED")


# --- the stack ----------------------------------------------------------------------------


class Stack:
    def __init__(self):
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.temp = Path(tempfile.mkdtemp(prefix="registry-smoke-"))
        self.database = f"registry_smoke_{os.getpid()}"
        self.pg_url = os.environ.get("SMOKE_PG_URL", "postgres://postgres@127.0.0.1:5432")
        self.redis_url = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/13")
        self.database_made = False
        self.env: dict[str, str] = {}

    # processes
    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        output = open(self.temp / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
        self.processes.append((name, process))
        return process

    def run(self, *arguments: str) -> str:
        result = subprocess.run(
            [PYTHON, *arguments], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise SmokeFailure(f"{' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def stop_all(self) -> None:
        for name, process in self.processes:
            if process.poll() is None:
                # gunicorn: SIGINT is its quick shutdown; a worker ends its task on SIGTERM.
                stop = signal.SIGINT if name.startswith("gunicorn") else signal.SIGTERM
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, stop)
        deadline = time.monotonic() + 15
        for _name, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Anything a process group left behind (gunicorn's workers) goes too.
        for _name, process in self.processes:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)

    def logs(self) -> str:
        parts = []
        for name, _process in self.processes:
            text = (self.temp / f"{name}.log").read_text(errors="replace")
            parts.append(f"--- {name} (last lines) ---\n" + "\n".join(text.splitlines()[-25:]))
        return "\n".join(parts)

    # services
    def psql(self, sql: str) -> None:
        subprocess.run(
            ["psql", f"{self.pg_url}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
            check=True,
            capture_output=True,
        )

    def redis_ready(self) -> None:
        import redis

        try:
            redis.Redis.from_url(self.redis_url, socket_connect_timeout=2).ping()
            return
        except redis.exceptions.ConnectionError:
            pass
        if not shutil_which("redis-server"):
            raise SmokeFailure(f"No Redis at {self.redis_url} and no redis-server to start.")
        port = free_port()
        self.start(
            "redis", ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"]
        )
        self.redis_url = f"redis://127.0.0.1:{port}/13"
        wait_for(lambda: redis.Redis.from_url(self.redis_url).ping(), "redis-server", 10)

    def redis_flush(self) -> None:
        import redis

        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis.from_url(self.redis_url, socket_connect_timeout=2).flushdb()


def shutil_which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


class SmokeFailure(Exception):
    pass


def wait_for(probe, what: str, seconds: float):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
        except Exception as error:  # not up yet
            last = error
        time.sleep(0.2)
    raise SmokeFailure(f"{what}: not ready after {seconds:.0f} s ({last!r})")


# --- HTTP, with the cookies of one visitor ----------------------------------------------------


class Visitor:
    """A browser of sorts: keeps its cookies (Secure ones too: the stack runs on plain HTTP
    behind no proxy here) and sends the CSRF token back."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": f"127.0.0.1:{port}", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
            headers["Origin"] = f"http://127.0.0.1:{port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        connection.close()
        return response.status, dict(response.getheaders()), content

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict):
        return self.request(port, "POST", path, form)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SmokeFailure("no CSRF token in the form")
    return match.group(1)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)
    log(f"ok: {message}")


# --- the checks -----------------------------------------------------------------------------


def check_news_across_instances(port_a: int, port_b: int, setup: dict) -> None:
    index = setup["news_index"]
    public = Visitor()
    status, headers, page = public.get(port_b, index)
    check(status == 200 and NEWS_TITLE not in page, "B serves the news list without the draft")
    status, headers, page = public.get(port_b, index)
    check(headers.get("X-Public-Cache") == "hit", "B serves the news list from the shared cache")

    moderator = Visitor()
    status, _, form = moderator.get(port_a, "/admin/login/")
    check(status == 200, "A shows the Wagtail sign-in page")
    status, headers, _ = moderator.post(
        port_a,
        "/admin/login/",
        {
            "csrfmiddlewaretoken": csrf_token(form),
            "username": setup["moderator"],
            "password": PASSWORD,
            "next": "/admin/",
        },
    )
    check(status == 302 and "sessionid" in moderator.cookies, "the moderator signs in on A")
    action = f"/admin/bulk/wagtailcore/page/publish/?id={setup['draft_id']}"
    status, _, confirm = moderator.get(port_a, action)
    check(status == 200, "A shows the publish confirmation")
    status, headers, _ = moderator.post(
        port_a, action, {"csrfmiddlewaretoken": csrf_token(confirm)}
    )
    check(status == 302, "the moderator publishes the news item through A")

    status, headers, page = public.get(port_b, index)
    check(status == 200 and NEWS_TITLE in page, "B shows the news item at once")
    status, _, page = public.get(port_a, index)
    check(status == 200 and NEWS_TITLE in page, "A shows it too")


def check_certificates(stack: Stack, setup: dict) -> None:
    expected = setup["certificates"]

    def finished():
        state = json.loads(stack.run(str(Path(__file__).resolve()), "inspect"))
        waiting = state["tasks"]["READY"] + state["tasks"]["RUNNING"]
        return state if state["with_file"] == expected and waiting == 0 else None

    state = wait_for(finished, "certificates drawn by the workers", 90)
    check(state["certificates"] == expected, f"{expected} certificates exist")
    check(state["tasks"]["FAILED"] == 0, "no certificate task failed")
    check(
        state["tasks"]["SUCCESSFUL"] == DECISIONS * QUEUED_PER_DECISION,
        f"all {DECISIONS * QUEUED_PER_DECISION} queued tasks ran (workers: {state['workers']})",
    )
    names = [Path(name).name for name in state["names"]]
    check(len(set(names)) == expected, "each certificate has its own PDF")
    check(
        sorted(names) == state["files_on_disk"],
        f"exactly {expected} PDFs on the disk, none drawn twice",
    )


def check_health(port: int, name: str) -> None:
    status, _, body = Visitor().get(port, "/healthz")
    health = json.loads(body)
    check(
        status == 200
        and health["database"] == "ok"
        and health["cache"] == "ok"
        and health["tasks"]["ready"] == 0,
        f"/healthz on {name}: {body}",
    )


def main() -> int:
    stack = Stack()
    try:
        stack.redis_ready()
        stack.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "smoke-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{stack.pg_url}/{stack.database}",
            "CACHE_URL": stack.redis_url,
            "SECURE_SSL_REDIRECT": "false",
            "SITE_URL": "http://127.0.0.1",
            "MEDIA_ROOT": str(stack.temp / "media"),
            "PRIVATE_MEDIA_ROOT": str(stack.temp / "private"),
            "STATIC_ROOT": str(stack.temp / "static"),
            "EMAIL_URL": "console://",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        stack.redis_flush()
        stack.psql(f'CREATE DATABASE "{stack.database}"')
        stack.database_made = True
        log(f"database {stack.database}, cache {stack.redis_url}")
        # Side by side: the one writes the database, the other the static folder.
        collecting = stack.start(
            "collectstatic", [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"]
        )
        stack.run("manage.py", "migrate", "--noinput", "-v", "0")
        if collecting.wait() != 0:
            raise SmokeFailure("collectstatic failed")
        log("migrated, static files collected")
        setup = json.loads(stack.run(str(Path(__file__).resolve()), "setup").splitlines()[-1])
        log(f"{len(setup['decisions'])} decisions, {setup['certificates']} certificates queued")

        ports = [free_port(), free_port()]
        for name, port in zip("AB", ports, strict=True):
            stack.start(
                f"gunicorn-{name}",
                [
                    GUNICORN,
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--access-logfile",
                    "-",
                    "config.wsgi",
                ],
            )
        for number in (1, 2):
            stack.start(
                f"worker-{number}",
                [
                    PYTHON,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval",
                    "0.2",
                    "--worker-id",
                    f"smoke-{number}",
                ],
            )
        for port in ports:
            wait_for(lambda port=port: Visitor().get(port, "/healthz")[0] == 200, "gunicorn", 60)
        log(f"gunicorn A on {ports[0]}, B on {ports[1]}; two workers")

        check_news_across_instances(ports[0], ports[1], setup)
        check_certificates(stack, setup)
        check_health(ports[0], "A")
        check_health(ports[1], "B")
        for name, process in stack.processes:
            if name.startswith(("gunicorn", "worker")):
                check(process.poll() is None, f"{name} still running")
        log("PASSED")
        return 0
    except (SmokeFailure, subprocess.CalledProcessError) as error:
        log(f"FAILED: {error}")
        print(stack.logs(), flush=True)
        return 1
    finally:
        stack.stop_all()
        log(f"stopped {len(stack.processes)} processes")
        stack.redis_flush()
        if stack.database_made:
            stack.psql(f'DROP DATABASE IF EXISTS "{stack.database}" WITH (FORCE)')
        import shutil

        shutil.rmtree(stack.temp, ignore_errors=True)
        log("stopped everything, dropped the database")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("setup", "inspect"):
        sys.path.insert(0, str(ROOT))
        result = django_setup() if sys.argv[1] == "setup" else django_inspect()
        print(json.dumps(result, ensure_ascii=False))
        sys.exit(0)
    sys.exit(main())
