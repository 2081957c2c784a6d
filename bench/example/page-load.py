#!/usr/bin/env python3
"""What "Done." costs a browser: the bytes the page loads (raw, and gzipped as a compressing proxy would send
them) and the time until it is interactive in headless Chromium, plus how long `java -jar done.jar` takes to
answer its first request.

Needs: example/target/done.jar (`mvn -B install -DskipTests`), Debian's chromium and chromium-driver, Python 3
(standard library only; it speaks WebDriver to chromedriver itself).

    python3 bench/example/page-load.py              # 10 cold loads with 0 and with 50 todos
    python3 bench/example/page-load.py --runs 20 --todos 200

"Interactive" is the page's own mark `done:interactive` (app.js): the scripts have run, the socket is connected and
the list read from the server is on screen. Every load uses a fresh browser profile (cold cache).
"""
import argparse
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "example", "target", "done.jar")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def wait_for(what, condition, timeout=60, every=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise SystemExit("timed out waiting for " + what)


class Chromium:
    """One fresh headless Chromium session through chromedriver."""

    def __init__(self, driver_url):
        self.driver_url = driver_url
        self.profile = tempfile.mkdtemp(prefix="done-bench-profile-")
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=800,900", "--user-data-dir=" + self.profile]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome",
                                                 "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}}
        self.session = http("POST", driver_url + "/session", caps)["value"]["sessionId"]

    def get(self, url):
        http("POST", self.command("url"), {"url": url})

    def script(self, source, *args):
        return http("POST", self.command("execute/sync"), {"script": source, "args": list(args)})["value"]

    def command(self, name):
        return "%s/session/%s/%s" % (self.driver_url, self.session, name)

    def close(self):
        try:
            http("DELETE", "%s/session/%s" % (self.driver_url, self.session))
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


MEASURE = """
const nav = performance.getEntriesByType('navigation')[0];
const mark = performance.getEntriesByName('done:interactive')[0];
return {
  interactive: mark.startTime,
  domContentLoaded: nav.domContentLoadedEventEnd,
  load: nav.loadEventEnd,
  rows: document.querySelectorAll('.todo-list > li').length,
  files: [{name: nav.name, bytes: nav.decodedBodySize, transferred: nav.transferSize}].concat(
    performance.getEntriesByType('resource')
      .filter(r => r.name.indexOf('/socket.io/?') < 0)
      .map(r => ({name: r.name, bytes: r.decodedBodySize, transferred: r.transferSize})))
};
"""


def load_once(driver_url, url):
    browser = Chromium(driver_url)
    try:
        browser.get(url)
        wait_for("done:interactive", lambda: browser.script(
            "return performance.getEntriesByName('done:interactive').length > 0"))
        return browser.script(MEASURE)
    finally:
        browser.close()


def blank_once(driver_url):
    """The peer: the same fresh session loading an empty page that needs no network, i.e. the browser's own cost."""
    browser = Chromium(driver_url)
    try:
        browser.get("data:text/html,<title>blank</title>")
        return browser.script("return performance.getEntriesByType('navigation')[0].loadEventEnd")
    finally:
        browser.close()


def seed(driver_url, url, count):
    browser = Chromium(driver_url)
    try:
        browser.get(url)
        wait_for("the page", lambda: browser.script("return !!window.done"))
        browser.script("""
          for (var i = 1; i <= arguments[0]; i++) {
            done.todos.create({title: 'Todo number ' + i + ' of the benchmark'}, {wait: true});
          }""", count)
        wait_for("%d todos" % count, lambda: browser.script("return done.todos.length") >= count)
    finally:
        browser.close()


def summary(values):
    return "median %.0f ms (min %.0f, max %.0f)" % (statistics.median(values), min(values), max(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--todos", type=int, default=50)
    options = parser.parse_args()
    for needed in (JAR, CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(needed):
            raise SystemExit("missing %s (build with `mvn -B install -DskipTests`; apt-get install chromium "
                             "chromium-driver)" % needed)

    data = tempfile.mkdtemp(prefix="done-bench-data-")
    port, driver_port = free_port(), free_port()
    url = "http://127.0.0.1:%d/" % port
    started = time.monotonic()
    server = subprocess.Popen(["java", "-XX:+UseSerialGC", "-Xmx128m", "-jar", JAR, "--port", str(port),
                               "--data", data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver = subprocess.Popen([CHROMEDRIVER, "--port=%d" % driver_port], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        def answers():
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    return response.status == 200
            except OSError:
                return False
        wait_for("the server", answers, every=0.01)
        start_up = (time.monotonic() - started) * 1000
        driver_url = "http://127.0.0.1:%d" % driver_port
        wait_for("chromedriver", lambda: http("GET", driver_url + "/status")["value"]["ready"])

        print("java -jar done.jar: first page answered %.0f ms after the command" % start_up)
        load_once(driver_url, url)  # warm-up: the server's JIT, the OS file cache
        blank = [blank_once(driver_url) for _ in range(options.runs)]
        print("\npeer, an empty page (data: URL), %d cold loads:" % options.runs)
        print("  load event        " + summary(blank))
        for todos in (0, options.todos):
            if todos:
                seed(driver_url, url, todos)
            results = [load_once(driver_url, url) for _ in range(options.runs)]
            assert all(r["rows"] == todos for r in results), [r["rows"] for r in results]
            print("\n%d todos, %d cold loads:" % (todos, options.runs))
            print("  interactive       " + summary([r["interactive"] for r in results]))
            print("  DOMContentLoaded  " + summary([r["domContentLoaded"] for r in results]))
            print("  load event        " + summary([r["load"] for r in results]))

        files = results[-1]["files"]
        print("\nbytes the page loads (Socket.IO traffic not counted):")
        print("  %-58s %8s %8s" % ("file", "raw", "gzip -6"))
        total_raw = total_gzip = 0
        for f in files:
            with urllib.request.urlopen(f["name"]) as response:
                body = response.read()
            packed = len(gzip.compress(body, compresslevel=6, mtime=0))
            total_raw += len(body)
            total_gzip += packed
            print("  %-58s %8d %8d" % (f["name"].replace(url, "/"), len(body), packed))
        print("  %-58s %8d %8d" % ("total (%d requests)" % len(files), total_raw, total_gzip))
        print("  transferred as served (no compression by the server): %d bytes"
              % sum(f["transferred"] for f in files))
    finally:
        driver.terminate()
        server.terminate()
        server.wait(30)
        driver.wait(30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
