"""Gunicorn settings for the registry (``gunicorn -c deploy/gunicorn.conf.py config.wsgi``).

Every value can be overridden from the environment (``GUNICORN_WORKERS`` …) or the command line.
The systemd unit ``registry-web.service`` starts it on the socket of ``registry-web.socket``.
"""

import multiprocessing
import os

# Where to listen when no socket is handed over by systemd: nginx proxies to it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the pages are database-bound and the PDFs are rendered by the task
# workers, not in requests. Two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter), which bounds slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Only nginx on this machine talks to gunicorn; its X-Forwarded-* headers are trusted by Django
# (SECURE_PROXY_SSL_HEADER, TRUSTED_PROXY_COUNT), not by gunicorn.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs to the journal through stderr; the application logs go there too (LOG_FORMAT=json).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The client address nginx passed on, not nginx's own.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# gunicorn 25+ opens a control socket in the home folder by default: not wanted (ProtectHome,
# and two instances on one machine would fight over it).
control_socket_disable = True
