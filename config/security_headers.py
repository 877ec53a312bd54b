"""Content-Security-Policy and Permissions-Policy on every response.

The policy itself is ``CONTENT_SECURITY_POLICY`` (django-csp). Our own pages run no inline
script or style. The Wagtail admin does (inline ``<script>`` in its date widgets and inline
panels, ``style`` attributes, and its page preview in a same-origin frame), so under
``/admin/`` the directives of ``CONTENT_SECURITY_POLICY_ADMIN`` replace the strict ones.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.replace or {})}
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
