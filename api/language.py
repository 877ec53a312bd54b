"""The API's language: Vietnamese, unless the client asks for English with Accept-Language
(the site's pages follow the language switcher instead, ``config.locale``)."""

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header


def language_of(request) -> str:
    """The first language of the request's ``Accept-Language`` that we offer; Vietnamese
    otherwise."""
    supported = {code for code, _name in settings.LANGUAGES}
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header[:255]):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


def in_client_language(view):
    """Run ``view`` in the client's language and say which in ``Content-Language``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = language_of(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapped
