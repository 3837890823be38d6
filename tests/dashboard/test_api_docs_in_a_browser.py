"""The API docs in a real browser (Debian's Chromium, as in test_dashboard_in_a_browser.py): Swagger
UI comes from this origin, renders with the network to anywhere else cut off, and breaks no rule
of the Content-Security-Policy; Django's admin, with its date widgets and sidebar filter, works
under the same policy. Screenshots are kept in .ci/artifacts/screenshots/."""

from urllib.parse import urlsplit

import pytest

from tests.dashboard import test_dashboard_in_a_browser as in_a_browser
from tests.dashboard.test_dashboard_in_a_browser import shot, sign_in
from tests.support.factories import PASSWORD, WalkFactory

pytestmark = pytest.mark.browser

# The same Chromium and tablet-sized tab as the dashboard tests (any console error fails).
browser = in_a_browser.browser
page = in_a_browser.page

# Runs before any script of the page: CSP reports every refusal as this DOM event.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.cspViolations.push(
    `${event.violatedDirective} refused ${event.blockedURI || "inline code"}`));
"""


def test_the_api_docs_render_offline_under_the_strict_policy(page, live_server, bob, settings):
    settings.SCHEMA_PUBLIC = False  # as in production: the clinician signs in first
    own_host = urlsplit(live_server.url).netloc
    elsewhere = []

    def only_this_origin(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:  # offline: nothing outside this server answers
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_origin)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, live_server.url, bob)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container .title")
    assert "Stride API" in page.locator(".swagger-ui .information-container .title").inner_text()
    page.wait_for_selector(".opblock-tag")
    assert page.locator(".opblock").count() > 20  # the operations are listed
    page.locator(".opblock-summary", has_text="/api/v1/walks/sync/").first.click()
    page.wait_for_selector(".opblock.is-open")
    shot(page, "09-api-docs", tablet=False)
    assert elsewhere == []
    assert page.evaluate("window.cspViolations") == []


def test_the_admin_works_under_the_same_policy(page, live_server, staff, alice):
    staff.is_superuser = True
    staff.save()
    walk = WalkFactory(patient=alice)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.goto(f"{live_server.url}/admin/tracker/walk/")
    page.wait_for_selector("#result_list")
    page.goto(f"{live_server.url}/admin/tracker/walk/{walk.pk}/change/")
    page.wait_for_selector("form")
    shot(page, "10-admin-walk", tablet=False)
    assert page.evaluate("window.cspViolations") == []
