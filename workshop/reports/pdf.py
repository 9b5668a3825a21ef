"""Optional PDFs of the HTML reports, printed by Debian's headless Chromium when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from workshop.i18n import _

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(html_path: Path, pdf_path: Path, browser: str, timeout: float = 60) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}",
                        f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()],
                       check=True, capture_output=True, timeout=timeout)
    os.chmod(pdf_path, 0o600)


def convert_all(out: Path) -> list[str]:
    """PDF beside every HTML report in OUT; returns notes for the person running the command."""
    browser = find_chromium()
    if browser is None:
        return [_("PDFs skipped: Chromium was not found. Install Debian's 'chromium' package "
                  "(sudo apt-get install chromium) and run again with --pdf. The HTML reports "
                  "are complete without it.")]
    notes, made = [], 0
    for html_path in [out / "group.html", *sorted((out / "participants").glob("*.html"))]:
        try:
            to_pdf(html_path, html_path.with_suffix(".pdf"), browser)
            made += 1
        except (subprocess.SubprocessError, OSError) as exc:
            notes.append(_("PDF failed for {name}: {error}").format(name=html_path.name,
                                                                    error=exc))
    notes.append(_("wrote {n} PDF(s) with {browser}").format(n=made, browser=browser))
    return notes
