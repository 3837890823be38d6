"""Response headers the whole site shares."""

from django.conf import settings


class NoStoreMiddleware:
    """Tell browsers and proxies to keep no copy of any page or API answer: they may carry
    patient data. Static files (no patient data) and views that chose their own Cache-Control
    (the triage table: public rules, revalidated by ETag) keep theirs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.static_prefix) and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
