"""Peak memory of the app serving the data: a real server (`totalplace serve`'s launcher) with
the count and wall pages open in Chromium, read from the kernel's high-water mark (VmHWM) of
the server process. Needs Debian's Chromium and Playwright, as the browser tests do."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

from totalplace_core import server as launcher
from totalplace_core.bench.timing import Figure

GIB = 1024 ** 3
SETTLED = ("() => document.querySelector(\"[data-testid='stApp']"
           "[data-test-script-state='notRunning']\") && document.querySelector('h1')")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_bytes(pid: int) -> int:
    """The process's high-water resident set, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc: peak memory is measured on Linux only")


def _open_pages(url: str, paths: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        for path in paths:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(f"{url}{path}")
            page.wait_for_function(SETTLED, timeout=600_000)
        browser.close()


def run(data: Path, scale: str, work: Path) -> list[Figure]:
    port = _free_port()
    proc = launcher.start("127.0.0.1", port, os.environ | {"TOTALPLACE_DB": str(data)},
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        if not launcher.wait_and_warm(url, timeout_s=600):
            raise RuntimeError("the app did not start for the memory bench")
        _open_pages(url, ["/count", "/wall", "/"])
        peak = peak_rss_bytes(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return [Figure(f"peak memory of the app, {scale}, count and wall open", peak / GIB,
                   2.0, unit="GiB", floor_name="the 2 GiB budget", goal=1.0)]
