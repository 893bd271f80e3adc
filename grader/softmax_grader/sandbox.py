"""Run a submission's code where it cannot reach the grader: another process, another
user, and a filesystem view of its own, made with bubblewrap (Debian's `bubblewrap`).

What the sandbox sees, read-only: the system's /usr, the Python environment that runs it
with the course's packages masked, `inside.py`, and of the student package only the
modules that compute no answer (`SAFE_MODULES`). Writable: a private /tmp and the one
folder the outcomes come back through. Not there: the course directory (solutions,
gradebook, other submissions), the grader package, the network, other processes. It may use
4 GiB of memory, 64 processes, 256 MB of /tmp and of any file, and TIME_LIMIT seconds.
As root, bubblewrap builds the view and the code then runs as the user `nobody`, with no
capabilities; as anyone else, bubblewrap maps the caller to an unprivileged user of a new
user namespace. Either way the code has no network and sees no other process.

`run(sources, calls)` returns what each cell printed or raised, and each call's Outcome
(`softmax_course.checking`), read back as plain numbers.
"""

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import softmax_course
import softmax_grader
from softmax_course.checking import Outcome, decode, encode_args

INSIDE = Path(__file__).with_name("inside.py")
SAFE_MODULES = ("__init__.py", "_checks.py", "checking.py", "data.py")
SANDBOX_USER = "nobody"
TIME_LIMIT = 120  # seconds for one submission: its cells and every call
CALL_SECONDS = 10  # seconds for one call of a submission's function
READ_LIMIT = 64 * 2**20  # bytes read back of the outcomes
# What one submission may use: address space, processes of the sandbox's user, the size of a
# file it writes, and its private /tmp (bytes; processes).
LIMITS = {"memory": 4 * 2**30, "processes": 64, "file": 256 * 2**20, "tmp": 256 * 2**20}


@dataclass(frozen=True)
class Report:
    """What a submission did in the sandbox: per code cell, what it printed (stdout,
    stderr) and raised (error); per call, its Outcome; and how the sandbox ended."""

    cells: list
    outcomes: list
    note: str = ""


def bwrap():
    """The bubblewrap program, or a RuntimeError saying how to install it."""
    found = shutil.which("bwrap")
    if found is None:
        raise RuntimeError("Grading runs each submission in a sandbox made by bubblewrap, which is not "
                           "installed: sudo apt-get install bubblewrap")
    return found


def command(work):
    """The command that runs inside.py in the sandbox, with work/task.json and work/out."""
    lib = Path("/grading/lib")
    mounts = [("--ro-bind", Path(sys.prefix).resolve()), ("--ro-bind", Path(sys.base_prefix).resolve())]
    packages = [Path(package.__file__).resolve().parent for package in (softmax_course, softmax_grader)]
    mounts += [("--tmpfs", folder) for folder in packages
               if any(folder.is_relative_to(path) for _, path in mounts)]
    binds = [(Path(softmax_course.__file__).with_name(module), lib / "softmax_course" / module)
             for module in SAFE_MODULES]
    binds += [(INSIDE, lib / "inside.py"), (work / "task.json", Path("/grading/task.json"))]
    argv = [bwrap(), "--die-with-parent", "--new-session", "--clearenv", "--unshare-pid", "--unshare-net",
            "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(LIMITS["tmp"]), "--tmpfs", "/tmp"]
    argv += folders_for([path for kind, path in mounts if kind == "--ro-bind"] + [inner for _, inner in binds]
                        + [Path("/grading/out")])
    for kind, path in mounts:
        argv += [kind, str(path)] if kind == "--tmpfs" else [kind, str(path), str(path)]
    for outer, inner in binds:
        argv += ["--ro-bind", str(outer), str(inner)]
    argv += ["--bind", str(work / "out"), "/grading/out", "--chdir", "/tmp"]
    environment = {"PATH": f"{Path(sys.prefix)}/bin:/usr/bin", "HOME": "/tmp", "PYTHONPATH": str(lib),
                   "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1",
                   "IPYTHONDIR": "/tmp/ipython", "LANG": "C.UTF-8"}
    for name, value in environment.items():
        argv += ["--setenv", name, value]
    python = ["/usr/bin/prlimit", f"--as={LIMITS['memory']}", f"--nproc={LIMITS['processes']}",
              f"--fsize={LIMITS['file']}", f"--cpu={TIME_LIMIT}", "--",
              sys.executable, "-s", str(lib / "inside.py"), "/grading/task.json", "/grading/out"]
    if os.geteuid() != 0:
        return argv + ["--unshare-user", "--uid", "65534", "--gid", "65534", "--"] + python
    user = pwd.getpwnam(SANDBOX_USER)
    os.chown(work / "out", user.pw_uid, user.pw_gid)
    return argv + ["--", "/usr/bin/setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                   "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--"] + python


def folders_for(paths):
    """bwrap arguments that make every folder above the given paths, readable by all (bwrap
    would make them readable by root only); /usr and /tmp, mounted already, stay as they are,
    and folders inside /tmp (a clone of the course there, with its .venv) are made too."""
    folders = sorted({parent for path in paths for parent in Path(path).parents if parent != Path("/")},
                     key=lambda folder: len(folder.parts))
    return [argument for folder in folders if folder != Path("/tmp") and not folder.is_relative_to("/usr")
            for argument in ("--perms", "0755", "--dir", str(folder))]


def run(sources, calls, time_limit=TIME_LIMIT, call_seconds=CALL_SECONDS):
    """Run the code cells `sources` in the sandbox, then each call (name, Case) on the
    functions they defined, each within `call_seconds` (else "timed_out"). Returns a Report
    with one Outcome per call, in order; a call the sandbox never reached (it ended, or ran
    out of time) is "lost"."""
    task = {"cells": list(sources), "call_seconds": call_seconds,
            "calls": [{"name": name, "args": encode_args(one.args)} for name, one in calls]}
    with tempfile.TemporaryDirectory(prefix="softmax-grading-") as folder:
        work = Path(folder)
        os.chmod(work, 0o755)
        (work / "out").mkdir()
        (work / "task.json").write_text(json.dumps(task))
        os.chmod(work / "task.json", 0o644)
        note = ""
        try:
            finished = subprocess.run(command(work), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, timeout=time_limit)
            if finished.returncode != 0:
                note = f"The notebook's code ended the grading process (exit status {finished.returncode})."
        except subprocess.TimeoutExpired:
            note = f"The notebook's code ran for more than {time_limit} s and was stopped."
        cells = read_json(work / "out" / "cells.json", [])
        outcomes = read_outcomes(work / "out" / "outcomes.jsonl")
    lost = Outcome("lost", error=note or "The grading process ended early.")
    return Report(cells, outcomes + [lost] * (len(calls) - len(outcomes)), note)


def read_json(path, default):
    if not path.is_file() or path.stat().st_size > READ_LIMIT:
        return default
    try:
        return json.loads(path.read_text())
    except ValueError:
        return default


def read_outcomes(path):
    """The Outcomes written so far, plain numbers only, up to READ_LIMIT bytes."""
    outcomes = []
    if not path.is_file():
        return outcomes
    with open(path) as lines:
        text = lines.read(READ_LIMIT)
    for line in text.splitlines():
        try:
            outcome = decode(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            break
        if not isinstance(outcome, Outcome):
            break
        outcomes.append(outcome)
    return outcomes
