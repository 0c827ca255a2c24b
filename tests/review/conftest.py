"""A headless Chromium for the report tests (Debian's chromium + chromium-driver, driven by selenium).

`make browser-setup` installs chromium (apt-get, as root; the one target that uses apt,
named in the README); where it is not installed the browser tests skip and say what is missing. Nothing is
downloaded: selenium is pointed at /usr/bin/chromium and its chromedriver.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
INSTALL_HINT = "install it with `apt-get install -y chromium chromium-driver` (make browser-setup, as root)"
_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1366,900",
    "--hide-scrollbars",
)


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (name if os.path.isabs(name) and os.access(name, os.X_OK) else None)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A selenium WebDriver on headless Chromium with a fresh profile, 1366×900 (a laptop screen)."""
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')"
    )
    from selenium.common.exceptions import WebDriverException

    binary = _find(os.environ.get("CHROMIUM_BIN", "chromium"), "chromium-browser", "/usr/bin/chromium")
    driver_path = _find(os.environ.get("CHROMEDRIVER", "chromedriver"), "/usr/bin/chromedriver")
    if binary is None or driver_path is None:
        missing = "chromium" if binary is None else "chromedriver"
        pytest.skip(f"browser test skipped: {missing} not found; {INSTALL_HINT}")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium-manager fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in _FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    service = webdriver.ChromeService(executable_path=driver_path)
    try:
        driver = webdriver.Chrome(options=options, service=service)
    except (
        WebDriverException,
        OSError,
    ) as error:  # a broken install (missing libraries, version skew): say so, don't fail
        pytest.skip(
            f"browser test skipped: chromium did not start ({str(error).splitlines()[0]}); {INSTALL_HINT}"
        )
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ (git-ignored): screenshots kept for a human or CI to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
