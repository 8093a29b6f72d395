"""What the Chromium tests share: logging in through the form, and axe's serious findings."""

from __future__ import annotations

# The password `load_demo` gives the demonstration accounts.
DEMO_PASSWORD = "bienban-demo"


def _url(server) -> str:
    return server if isinstance(server, str) else server.url


def log_in(page, server, username: str = "secretary", password: str = DEMO_PASSWORD) -> None:
    """Log in through the log-in page, as a person would (any earlier session is dropped)."""
    page.context.clear_cookies()
    page.goto(f"{_url(server)}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def serious_axe_violations(page, server) -> list[str]:
    """axe's serious and critical findings on the page as it stands, one line each."""
    # Colours are measured once Bootstrap's transitions have finished.
    page.wait_for_function("() => document.getAnimations().length === 0")
    page.add_script_tag(url=f"{_url(server)}/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("async () => await axe.run()")
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:5])})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
