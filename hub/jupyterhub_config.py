"""JupyterHub for a class of the softmax-gradient course, on one machine.

One Unix account per student and per instructor. People sign in with their account's password
(PAM); students must be in the group SOFTMAX_HUB_STUDENTS and instructors in
SOFTMAX_HUB_INSTRUCTORS. Each server runs as its user (LocalProcessSpawner):

- a student's server runs from the students' environment (SOFTMAX_HUB_STUDENT_ENV, made by
  hub/install-student-env.sh: Jupyter, nbgrader, NumPy and the student package only) in the
  student's home, with the students' Jupyter configuration (SOFTMAX_HUB_STUDENT_CONFIG, a copy of
  hub/student/: the course, the exchange, no Formgrader);
- an instructor's server runs from the course's environment (SOFTMAX_HUB_INSTRUCTOR_ENV) in the
  course directory (SOFTMAX_HUB_COURSE, this repository), with Formgrader, and grades there.

Each setting NAME below is read from the environment variable SOFTMAX_HUB_NAME when the hub
starts; the defaults are the places hub/README.md uses. Start the hub as root:
jupyterhub -f hub/jupyterhub_config.py (tests/test_hub.py runs it so on 127.0.0.1).
"""

import grp
import os
import pwd
from pathlib import Path

HERE = Path(__file__).resolve().parent


def setting(name, default):
    return os.environ.get(f"SOFTMAX_HUB_{name}", str(default))


# Where people connect (put a TLS proxy in front), and the hub's two internal addresses.
URL = setting("URL", "http://127.0.0.1:8000")
HUB_API = setting("HUB_API", "http://127.0.0.1:8081")
PROXY_API = setting("PROXY_API", "http://127.0.0.1:8001")
# The Unix groups that may sign in.
STUDENTS = setting("STUDENTS", "softmax-students")
INSTRUCTORS = setting("INSTRUCTORS", "softmax-instructors")
# The students' environment and Jupyter configuration (world-readable, root-owned).
STUDENT_ENV = Path(setting("STUDENT_ENV", "/opt/softmax-course/env"))
STUDENT_CONFIG = Path(setting("STUDENT_CONFIG", "/opt/softmax-course/jupyter"))
# The instructors' course directory and environment (readable by instructors only).
COURSE = Path(setting("COURSE", HERE.parent))
INSTRUCTOR_ENV = Path(setting("INSTRUCTOR_ENV", COURSE / ".venv"))
# The hub's own database, cookie secret and proxy pid file (root only).
STATE = Path(setting("STATE", "/srv/softmax-hub"))
# configurable-http-proxy: the repository's pinned copy (`npm ci`), else the one on PATH.
PROXY = Path(setting("PROXY", HERE.parent / "node_modules" / ".bin" / "configurable-http-proxy"))
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

STATE.mkdir(mode=0o700, parents=True, exist_ok=True)

c.JupyterHub.bind_url = URL
c.JupyterHub.hub_bind_url = HUB_API
c.ConfigurableHTTPProxy.api_url = PROXY_API
if PROXY.exists():
    c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {STUDENTS, INSTRUCTORS}
c.PAMAuthenticator.admin_groups = {INSTRUCTORS}
# Accounts are made beforehand (hub/add-students.sh), never by the hub.
c.LocalAuthenticator.create_system_users = False

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(STUDENT_ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# Nothing of the hub's own environment reaches a server but the locale.
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {"PATH": f"{STUDENT_ENV / 'bin'}:{SYSTEM_PATH}",
                         "JUPYTER_CONFIG_PATH": str(STUDENT_CONFIG)}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60


def members(group):
    """The user names of a Unix group: its listed members and those whose primary group it is."""
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        return set()
    return set(entry.gr_mem) | {user.pw_name for user in pwd.getpwall() if user.pw_gid == entry.gr_gid}


def instructors_grade_in_the_course(spawner):
    """An instructor's server: the course's environment, in the course directory, with nbgrader's
    Formgrader (the students' configuration, which hides it, is left out)."""
    if spawner.user.name in members(INSTRUCTORS):
        spawner.cmd = [str(INSTRUCTOR_ENV / "bin" / "jupyterhub-singleuser")]
        spawner.environment = {"PATH": f"{INSTRUCTOR_ENV / 'bin'}:{SYSTEM_PATH}"}
        spawner.notebook_dir = str(COURSE)


c.Spawner.pre_spawn_hook = instructors_grade_in_the_course
