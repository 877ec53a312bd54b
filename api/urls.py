"""``/api/v1/``: the docs page, the API itself (every view in the client's language, each
request counted against the client's rate limit) and problem details for unknown paths."""

from functools import wraps

from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path, re_path

from api.auth import client_of
from api.hygiene import check_input
from api.language import in_client_language
from api.limits import check_client_rate
from api.main import api
from api.problems import ApiProblem, problem_response
from api.views import docs, not_found


def _rate_limited(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            check_client_rate(client_of(request))
            check_input(request, kwargs)
        except ApiProblem as problem:
            return problem_response(problem.slug, problem.detail, headers=problem.headers)
        return view(request, *args, **kwargs)

    return wrapped


def _root(request, *args, **kwargs):
    return redirect("api:docs")


def _wrapped(patterns: list) -> list:
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = _wrapped(pattern.url_patterns)
            result.append(pattern)
        elif isinstance(pattern, URLPattern):
            # Ninja's root (kept for its name, which ninja reverses) leads to the docs page.
            callback = _root if pattern.name == "api-root" else pattern.callback
            view = in_client_language(_rate_limited(callback))
            result.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
        else:
            result.append(pattern)
    return result


ninja_patterns, _app_name, namespace = api.urls
app_name = "api"
urlpatterns = [
    path("docs", in_client_language(docs), name="docs"),
    *_wrapped(ninja_patterns),
    re_path(r"^.*$", in_client_language(not_found)),
]
