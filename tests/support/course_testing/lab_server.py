"""A Jupyter server for browser tests: this virtualenv's `jupyter`, on 127.0.0.1, a free port,
a random token, and runtime, configuration and IPython directories of its own."""

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

START_SECONDS = 60


def _url(runtime, process, token):
    """The URL in the server's jpserver-<pid>.json once it answers /api/status, else None."""
    info = runtime / f"jpserver-{process.pid}.json"
    if not info.exists():
        return None
    try:
        url = json.loads(info.read_text(encoding="utf-8"))["url"].rstrip("/")
        urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
    except (OSError, ValueError, KeyError):
        return None
    return url


@contextlib.contextmanager
def running(app, root, state, env=None):
    """Run `jupyter <app>` (e.g. "lab") serving directory `root`; yield (base URL, token).

    `state` is an empty directory for the server's own files (runtime, config, log);
    `env` adds variables to the server's environment. The server and its kernels are
    stopped on exit.
    """
    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists():
        pytest.fail(f"{jupyter} is missing: install the requirements into this venv")
    runtime, token = state / "runtime", secrets.token_hex(16)
    environment = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime),
                       JUPYTER_CONFIG_DIR=str(state / "config"),
                       IPYTHONDIR=str(state / "ipython"), **(env or {}))
    command = [str(jupyter), app, "--no-browser", "--allow-root", "--expose-app-in-browser",
               "--ip=127.0.0.1", "--port=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}"]
    log = state / "server.log"
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=root, env=environment, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_SECONDS
        while (url := _url(runtime, process, token)) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`jupyter {app}` did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield url, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
