"""System checks that keep the security posture from being switched off by accident."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def check_content_security_policy(app_configs, **kwargs):
    errors = []
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
    script_src = [str(source) for source in directives.get("script-src", [])]
    if not directives:
        errors.append(
            Error(
                "CONTENT_SECURITY_POLICY is empty: every HTML response must carry a CSP.",
                id="gazette.E001",
            )
        )
    elif "csp.constants.NONCE" not in [repr(s) for s in directives.get("script-src", [])]:
        errors.append(Error("script-src must use the per-response nonce.", id="gazette.E002"))
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        errors.append(
            Error("script-src must not allow 'unsafe-inline' or 'unsafe-eval'.", id="gazette.E003")
        )
    if directives and directives.get("object-src") != ["'none'"]:
        errors.append(Error("object-src must be 'none'.", id="gazette.E004"))
    return errors
