"""A class on JupyterHub, set up as hub/README.md says and run through the hub.

As root, on this machine: four students made by hub/add-students.sh in a students' group
(alice right, bob half right, carol blank, as in test_course_flow.py, and mallory, whose answer
cells rewrite and print every course file they find), an instructor in an
instructors' group whose home holds the course directory (a copy of the repository, its
nbgrader_config.py as it is, readable by the instructor only), and the exchange as the README
makes it. The hub runs with hub/jupyterhub_config.py, bound to 127.0.0.1 on free ports, with
configurable-http-proxy from npm. Each student signs in through the hub's login form with the
password add-students.sh gave (PAM), asks the hub's API for a token, starts a server (run as
that student, with hub/student/ as its Jupyter configuration), and through that server fetches
01_forward and submits it (the Assignments tab's REST calls), writing answers with the contents
API in between. The instructor signs in too (their server opens on the course directory, with
Formgrader), then collects, autogrades (in the sandbox the repository's configuration sets up)
and exports as their own Unix user; grading mallory must leave the course as it was. An account
in neither group cannot sign in. The tests read the scores, and try as students what a student
must not be able to do.

Every user, group, process and file the run makes is removed afterwards, also after a failure.
User and group names carry a random prefix, so runs never collide.
"""

import concurrent.futures
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from course_testing.implementations import half_right_source
from course_testing.nbgrader_run import (
    NBGRADER_ERROR,
    POINTS_PER_CHAPTER,
    ROOT,
    exported_scores,
    fingerprint,
    nbgrader_of,
    repository_copy,
    solution_code,
)
from course_testing.red_team_routes import ROUTES
from softmax_grader.registry import TASKS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0,
                       reason="makes Unix users for the class: runs as root on Linux"),
]

HUB = ROOT / "hub"
COURSE_ID = "softmax-gradient"
DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"
ASSIGNMENT, NOTEBOOK = "01_forward", "forward_pass.ipynb"
TASK = TASKS[1]
SOFTMAX, CROSS_ENTROPY, RIGHT = (solution_code(ASSIGNMENT, name)
                                 for name in ("softmax", "cross_entropy", TASK))
# Each student: answer cells by grade_id (a missing one stays blank), and what autograde owes them
# of the assignment's points (its reasoning question is graded by hand).
STUDENTS = {
    "alice": ({"softmax": SOFTMAX, "cross_entropy": CROSS_ENTROPY, TASK: RIGHT}, 12),
    "bob": ({"softmax": SOFTMAX, "cross_entropy": CROSS_ENTROPY, TASK: half_right_source(TASK)}, 6),
    "carol": ({}, 0),
    # A determined student: one answer rewrites every course file it finds, the other prints them.
    "mallory": ({TASK: ROUTES["rewrites_files_on_disk"].answer(TASK, ("z",)),
                 "cross_entropy": ROUTES["reads_the_course_directory"].answer("cross_entropy", ("a", "y"))},
                0),
}
SECONDS = 90  # for the hub to answer, and for a server to start
DENIED = 13  # the exit status of PROBE when it met a PermissionError
# Run as a student: try one action on one path.
PROBE = """import os, sys
action, path = sys.argv[1:]
try:
    if action == "list":
        os.listdir(path)
    elif action == "read":
        open(path, "rb").read(1)
    elif action == "write":
        open(os.path.join(path, "probe"), "w").close()
    elif action == "rename":
        os.rename(path, path + "-moved")
except PermissionError:
    sys.exit(13)
except OSError as error:
    sys.exit(f"{action} {path}: {error}")
"""


def run(argv, **options):
    """Run a command as root; fail with what it printed unless it succeeds; its standard output."""
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300, **options)
    assert result.returncode == 0, f"{' '.join(map(str, argv))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def usable_by_anyone(python):
    """Whether a user with no privileges can run the interpreter `python`."""
    return subprocess.run(["runuser", "-u", "nobody", "--", str(python), "-c", ""],
                          capture_output=True).returncode == 0


def environment_for_everyone(base):
    """This virtualenv, in a form every user of the class can run.

    Usually it is that already. When its interpreter lives where others cannot reach (pyenv's
    under /root, say), a copy made of hard links (instant, no space taken) is set on a Python of
    the same minor version that anyone can run, and its scripts are rewritten to start it. The
    original is left as it is: each rewritten file is a new file, not a link."""
    prefix = Path(sys.prefix)
    if usable_by_anyone(sys.executable):
        return prefix
    name = f"python{sys.version_info.major}.{sys.version_info.minor}"
    found = [Path(folder) / name for folder in ("/usr/bin", "/usr/local/bin")]
    python = next((path for path in found if path.exists() and usable_by_anyone(path)), None)
    if python is None:
        pytest.skip(f"no {name} that other users can run, to run the class's servers with")
    copy = base / "venv"
    if subprocess.run(["cp", "-al", prefix, copy], capture_output=True).returncode != 0:
        shutil.rmtree(copy, ignore_errors=True)
        run(["cp", "-a", prefix, copy])
    replace(copy / "pyvenv.cfg", f"home = {python.parent}\ninclude-system-site-packages = false\n".encode())
    (copy / "bin" / name).unlink()
    (copy / "bin" / name).symlink_to(python)
    shebang = f"#!{prefix}/bin/".encode()
    for script in (copy / "bin").iterdir():
        if script.is_file() and not script.is_symlink() and script.read_bytes().startswith(shebang):
            replace(script, f"#!{copy}/bin/".encode() + script.read_bytes()[len(shebang):])
    return copy


def replace(path, content):
    """Write a new file in place of `path` (which may be a hard link), with its mode."""
    mode = path.stat().st_mode
    path.unlink()
    path.write_bytes(content)
    path.chmod(mode)


class Machine:
    """The users, groups, processes and folders one run makes, and their removal."""

    def __init__(self):
        self.prefix = f"sh{secrets.token_hex(3)}"
        self.base = Path(tempfile.mkdtemp(prefix="softmax-hub-", dir="/var/tmp"))
        self.base.chmod(0o755)
        self.homes = self.base / "home"
        self.users, self.groups, self.hub = [], [], None

    def group(self, role):
        self.groups.append(f"{self.prefix}-{role}")
        return self.groups[-1]

    def user(self, name):
        self.users.append(f"{self.prefix}-{name}")
        return self.users[-1]

    def as_user(self, user, argv, cwd=None, path="/usr/bin:/bin"):
        """Run argv as `user` with a clean environment; return the CompletedProcess."""
        variables = {"HOME": self.homes / user, "USER": user, "PATH": path, "LANG": "C.UTF-8"}
        command = ["runuser", "-u", user, "--", "env", "-i",
                   *[f"{key}={value}" for key, value in variables.items()], *map(str, argv)]
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)

    def cleanup(self):
        if self.hub is not None:
            self.hub.terminate()
            try:
                self.hub.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
                self.hub.wait()
            proxy = self.base / "hub-state" / "jupyterhub-proxy.pid"
            if proxy.exists():
                stop_if_proxy(proxy.read_text().strip())
        uids = {uid_of(user) for user in self.users} - {None}
        for _ in range(5):  # the users' servers, kernels and sandboxes: every process they own
            pids = [pid for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if owner(pid) in uids]
            for pid in pids:
                no_error(os.kill, pid, signal.SIGKILL)
            if not pids:
                break
            time.sleep(0.5)
        for user in self.users:
            subprocess.run(["userdel", "--remove", user], capture_output=True)
        for group in self.groups:
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


def uid_of(user):
    found = subprocess.run(["id", "-u", user], capture_output=True, text=True)
    return int(found.stdout) if found.returncode == 0 else None


def owner(pid):
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def no_error(function, *args):
    try:
        function(*args)
    except OSError:
        pass


def stop_if_proxy(pid):
    """Stop the hub's proxy, left behind if the hub itself had to be killed."""
    try:
        command = Path(f"/proc/{int(pid)}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if b"configurable-http-proxy" in command:
        no_error(os.kill, int(pid), signal.SIGKILL)


def sign_in(session, url, user, password):
    """Fill in and send the hub's login form; the hub's answer (302 when it let the user in)."""
    form = session.get(f"{url}/hub/login", timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text)[1]
    return session.post(f"{url}/hub/login", allow_redirects=False, timeout=60,
                        data={"username": user, "password": password, "_xsrf": xsrf})


class HubUser:
    """A user of the hub, signed in through its login form, then using a token from its API."""

    def __init__(self, url, user, password):
        self.url, self.user, self.session = url, user, requests.Session()
        signed_in = sign_in(self.session, url, user, password)
        assert signed_in.status_code == 302, f"{user} could not sign in: {signed_in.status_code}"
        # Signing in sets a new XSRF token, this user's.
        xsrf = next(cookie.value for cookie in self.session.cookies if cookie.name == "_xsrf")
        made = self.session.post(f"{url}/hub/api/users/{user}/tokens", headers={"X-XSRFToken": xsrf},
                                 json={"note": "test_hub", "expires_in": 900}, timeout=30)
        assert made.status_code == 201, made.text
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {made.json()['token']}"

    def start_server(self):
        started = self.session.post(f"{self.url}/hub/api/users/{self.user}/server", timeout=60)
        assert started.status_code in (201, 202), started.text
        deadline = time.monotonic() + SECONDS
        while not self.hub_model()["servers"].get("", {}).get("ready"):
            assert time.monotonic() < deadline, f"{self.user}'s server did not start"
            time.sleep(0.3)

    def hub_model(self):
        return self.session.get(f"{self.url}/hub/api/users/{self.user}", timeout=30).json()

    def server(self, method, path, user=None, **options):
        """A request to this user's server (or `user`'s), through the hub's proxy."""
        return self.session.request(method, f"{self.url}/user/{user or self.user}/{path}", timeout=120,
                                    allow_redirects=False, **options)

    def assignments(self, action):
        """Fetch or submit ASSIGNMENT as the Assignments tab does; nbgrader's JSON answer."""
        answer = self.server("POST", f"assignments/{action}",
                             data={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def write_answers(self, answers):
        """Put code into the fetched notebook's answer cells, by grade_id, with the contents API."""
        path = f"api/contents/{ASSIGNMENT}/{NOTEBOOK}"
        model = self.server("GET", path)
        assert model.status_code == 200, model.text
        notebook = model.json()["content"]
        for cell in notebook["cells"]:
            if nbgrader_of(cell).get("solution") and nbgrader_of(cell).get("grade_id") in answers:
                cell["source"] = answers[nbgrader_of(cell)["grade_id"]]
        saved = self.server("PUT", path, json={"type": "notebook", "format": "json", "content": notebook})
        assert saved.status_code == 200, saved.text


def work_as_student(student, answers):
    """Start the server, fetch, answer, submit; what nbgrader answered to the fetch and the submit."""
    student.start_server()
    fetched = student.assignments("fetch")
    student.write_answers(answers)
    return fetched, student.assignments("submit")


class Class:
    """One class on the hub, from the accounts to the exported scores."""

    def __init__(self, machine):
        self.machine, self.base, self.homes = machine, machine.base, machine.homes
        self.timings, self.started = {}, time.monotonic()
        self.venv = environment_for_everyone(self.base)
        self.students_group, self.instructors_group = machine.group("students"), machine.group("instructors")
        self.users = {name: machine.user(name) for name in STUDENTS}
        self.instructor = machine.user("teacher")
        self.outsider = machine.user("outsider")  # an account in neither group
        self.home = self.homes / self.instructor
        self.course = self.home / COURSE_ID
        self.exchange = self.base / "exchange"
        self.inbound = self.exchange / COURSE_ID / "inbound"

    def lap(self, step):
        self.timings[step] = round(time.monotonic() - self.started, 1)

    def make_accounts(self):
        """The students with hub/add-students.sh; the instructor as the README makes them."""
        self.homes.mkdir(mode=0o755)
        self.class_list = self.base / "students.csv"
        self.class_list.write_text("id,first_name,last_name,email\n" + "".join(
            f"{user},{name.title()},Test,{name}@example.org\n" for name, user in self.users.items()))
        printed = run(["bash", HUB / "add-students.sh", self.class_list],
                      env={**os.environ, "SOFTMAX_HUB_STUDENTS": self.students_group,
                           "SOFTMAX_HUB_HOMES": self.homes})
        self.passwords = dict(line.split(",", 1) for line in printed.splitlines()[1:])
        assert set(self.passwords) == set(self.users.values()), printed
        run(["groupadd", self.instructors_group])
        run(["useradd", "--create-home", "--home-dir", self.home, "--shell", "/bin/bash",
             "--groups", self.instructors_group, self.instructor])
        self.passwords[self.instructor] = secrets.token_urlsafe(12)
        run(["chpasswd"], input=f"{self.instructor}:{self.passwords[self.instructor]}\n")
        self.home.chmod(0o700)
        run(["useradd", "--no-create-home", self.outsider])
        self.passwords[self.outsider] = secrets.token_urlsafe(12)
        run(["chpasswd"], input=f"{self.outsider}:{self.passwords[self.outsider]}\n")

    def make_course(self):
        """The exchange (sticky, writable by all), the course directory (a copy of the repository
        with its nbgrader_config.py, the instructor's only), the students' Jupyter configuration
        (hub/student/, readable by all), each with this run's exchange in place of the default."""
        run(["install", "-d", "-m", "1777", self.exchange])
        repository_copy(self.course)
        with open(self.course / "nbgrader_config.py", "a") as config:
            config.write(f'c.Exchange.root = "{self.exchange}"\n')
        shutil.copy(self.class_list, self.course / "students.csv")
        run(["chown", "-R", f"{self.instructor}:{self.instructor}", self.course])
        self.course.chmod(0o700)
        self.student_config = self.base / "student-jupyter"
        shutil.copytree(HUB / "student", self.student_config)
        settings = self.student_config / "nbgrader_config.py"
        settings.write_text(settings.read_text().replace(f'"{DEFAULT_EXCHANGE}"', f'"{self.exchange}"'))
        run(["chmod", "-R", "a+rX", self.student_config])

    def instructor_runs(self, *args):
        """`nbgrader ARGS` in the course directory, as the instructor; what it printed."""
        python = self.venv / "bin" / "python"
        result = self.machine.as_user(self.instructor, [python, "-m", "nbgrader", *args], cwd=self.course,
                                      path=f"{self.venv}/bin:/usr/bin:/bin")
        assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout + result.stderr

    def start_hub(self):
        """The hub with hub/jupyterhub_config.py, its settings given as the README says."""
        self.url = f"http://127.0.0.1:{free_port()}"
        settings = {"URL": self.url, "HUB_API": f"http://127.0.0.1:{free_port()}",
                    "PROXY_API": f"http://127.0.0.1:{free_port()}", "STUDENTS": self.students_group,
                    "INSTRUCTORS": self.instructors_group, "STUDENT_ENV": self.venv,
                    "STUDENT_CONFIG": self.student_config, "COURSE": self.course,
                    "INSTRUCTOR_ENV": self.venv, "STATE": self.base / "hub-state"}
        environment = {**os.environ, **{f"SOFTMAX_HUB_{key}": str(value) for key, value in settings.items()}}
        self.log = self.base / "hub.log"
        with open(self.log, "w") as output:
            self.machine.hub = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", HUB / "jupyterhub_config.py"], cwd=self.base,
                env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SECONDS
        while True:
            assert self.machine.hub.poll() is None, f"the hub stopped:\n{self.log.read_text()[-4000:]}"
            assert time.monotonic() < deadline, f"the hub did not answer:\n{self.log.read_text()[-4000:]}"
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.3)

    def work(self):
        """The students, all at once, and the instructor, through the hub."""
        with concurrent.futures.ThreadPoolExecutor(len(STUDENTS) + 1) as pool:
            signed_in = {name: pool.submit(HubUser, self.url, user, self.passwords[user])
                         for name, user in self.users.items()}
            teacher = pool.submit(HubUser, self.url, self.instructor, self.passwords[self.instructor])
            self.students = {name: future.result() for name, future in signed_in.items()}
            work = {name: pool.submit(work_as_student, self.students[name], STUDENTS[name][0])
                    for name in STUDENTS}
            self.teacher = teacher.result()
            self.outsider_signs_in = sign_in(requests.Session(), self.url, self.outsider,
                                             self.passwords[self.outsider]).status_code
            self.teacher.start_server()
            self.nbgrader = {name: future.result() for name, future in work.items()}
        self.submissions = {name: next(self.inbound.glob(f"{user}+{ASSIGNMENT}+*"))
                            for name, user in self.users.items()}

    def attempt(self, name, action, path):
        """The exit status of PROBE run as student `name`: 0 when the action worked, DENIED."""
        result = self.machine.as_user(self.users[name], ["/usr/bin/python3", "-c", PROBE, action, path])
        assert result.returncode in (0, DENIED), result.stderr
        return result.returncode

    def try_as_students(self):
        course, bob = self.course, self.submissions["bob"]
        ours, outbound = self.exchange / COURSE_ID, self.exchange / COURSE_ID / "outbound"
        self.attempts = {
            "list the inbound folder": self.attempt("alice", "list", self.inbound),
            "read another's submitted notebook": self.attempt("alice", "read", bob / NOTEBOOK),
            "read another's submission secret": self.attempt("carol", "read", bob / "submission_secret.txt"),
            "write into another's submission": self.attempt("carol", "write", self.submissions["alice"]),
            "rename the course's folder in the exchange": self.attempt("bob", "rename", ours),
            "write into the released assignment": self.attempt("bob", "write", outbound / ASSIGNMENT),
            "list the course directory": self.attempt("alice", "list", course),
            "read the gradebook": self.attempt("alice", "read", course / "gradebook.db"),
            "read a solution": self.attempt("alice", "read", course / "solutions" / ASSIGNMENT / NOTEBOOK),
            "list the instructor's home": self.attempt("alice", "list", self.home),
            "read another's fetched notebook":
                self.attempt("alice", "read", self.homes / self.users["bob"] / ASSIGNMENT / NOTEBOOK),
        }
        self.own = {
            "read the released assignment": self.attempt("alice", "read", outbound / ASSIGNMENT / NOTEBOOK),
            "read one's own submission": self.attempt("alice", "read", self.submissions["alice"] / NOTEBOOK),
        }

    def run(self):
        self.make_accounts()
        self.make_course()
        self.instructor_runs("db", "student", "import", "students.csv")
        self.instructor_runs("generate_assignment", ASSIGNMENT, "--force")
        self.instructor_runs("release_assignment", ASSIGNMENT)
        self.lap("set up")
        self.start_hub()
        self.lap("hub up")
        self.work()
        self.lap("submitted")
        self.collected = self.instructor_runs("collect", ASSIGNMENT)
        before = fingerprint(self.course)
        self.autograded = self.instructor_runs("autograde", ASSIGNMENT)
        self.changed = fingerprint(self.course) != before
        self.instructor_runs("export")
        self.scores = exported_scores(self.course, ASSIGNMENT)
        self.lap("graded")
        self.try_as_students()
        self.lap("tried")
        print("test_hub, seconds from the start:", self.timings)
        return self


@pytest.fixture(scope="module")
def hub_class():
    """The class, run once; everything it made is undone afterwards, whatever happened."""
    for command in ("useradd", "runuser", "bwrap", "node"):
        if shutil.which(command) is None:
            pytest.skip(f"{command} is missing")
    if not (ROOT / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        pytest.fail("configurable-http-proxy is missing: run `npm ci` (make setup does)")
    machine = Machine()
    try:
        yield Class(machine).run()
    finally:
        machine.cleanup()


def test_every_student_fetched_and_submitted_through_the_hub(hub_class):
    for name, (fetched, submitted) in hub_class.nbgrader.items():
        assert fetched["success"] and submitted["success"], (name, fetched, submitted)
        assert any(entry["status"] == "submitted" and entry["assignment_id"] == ASSIGNMENT
                   for entry in submitted["value"]), submitted


def test_the_servers_ran_as_the_students(hub_class):
    for name, user in hub_class.users.items():
        assert (hub_class.homes / user / ASSIGNMENT / NOTEBOOK).owner() == user
        assert hub_class.submissions[name].owner() == user


def test_the_exchange_is_shared_as_nbgrader_expects_and_submissions_are_closed(hub_class):
    course_folder = hub_class.exchange / COURSE_ID
    assert stat.S_IMODE(hub_class.exchange.stat().st_mode) == 0o1777
    assert course_folder.owner() == hub_class.instructor
    assert stat.S_IMODE((course_folder / "outbound").stat().st_mode) == 0o755
    assert stat.S_IMODE(hub_class.inbound.stat().st_mode) == 0o2733
    for submission in hub_class.submissions.values():
        assert stat.S_IMODE(submission.stat().st_mode) == 0o770
        assert submission.group() == hub_class.instructor


def test_collect_finds_each_submission_owned_by_its_student(hub_class):
    assert "cheating attempt" not in hub_class.collected and "WARNING" not in hub_class.collected
    submitted = hub_class.course.glob(f"submitted/*/{ASSIGNMENT}/{NOTEBOOK}")
    assert {path.parts[-3] for path in submitted} == set(hub_class.users.values())


def test_autograde_grades_in_the_sandbox_as_the_instructor(hub_class):
    assert hub_class.autograded.count("in the sandbox") == len(STUDENTS), hub_class.autograded
    assert NBGRADER_ERROR not in hub_class.autograded, hub_class.autograded


def test_grading_a_cheat_left_the_course_as_it_was(hub_class):
    assert not hub_class.changed


def test_the_exported_scores(hub_class):
    assert hub_class.scores == {hub_class.users[name]: (float(points), float(POINTS_PER_CHAPTER))
                                for name, (_, points) in STUDENTS.items()}


def test_a_student_cannot_reach_another_student_the_course_or_the_exchange(hub_class):
    allowed = [what for what, status in hub_class.attempts.items() if status != DENIED]
    assert allowed == [], f"a student could {allowed}"


def test_a_student_can_still_read_the_release_and_their_own_submission(hub_class):
    assert hub_class.own == dict.fromkeys(hub_class.own, 0)


def test_only_the_class_groups_may_sign_in(hub_class):
    assert hub_class.outsider_signs_in == 403


def test_a_students_token_opens_no_other_server(hub_class):
    alice, bob = hub_class.students["alice"], hub_class.students["bob"]
    assert alice.server("GET", "api/contents", user=bob.user).status_code in (302, 403, 404)
    assert bob.server("GET", "api/contents").status_code == 200


def test_students_have_no_formgrader_and_the_instructor_grades_in_the_course(hub_class):
    assert hub_class.students["alice"].server("GET", "formgrader").status_code == 404
    teacher = hub_class.teacher
    location = teacher.server("GET", "formgrader").headers["Location"]
    assert location.startswith(f"/user/{teacher.user}/formgrader/"), location
    assert teacher.session.get(f"{teacher.url}{location}", timeout=60).status_code == 200
    listed = hub_class.teacher.server("GET", "api/contents").json()["content"]
    assert {"solutions", "gradebook.db", "nbgrader_config.py"} <= {item["name"] for item in listed}


def test_the_student_configuration_names_the_course_and_nbgraders_default_exchange():
    text = (HUB / "student" / "nbgrader_config.py").read_text()
    assert f'c.CourseDirectory.course_id = "{COURSE_ID}"' in text
    assert f'c.Exchange.root = "{DEFAULT_EXCHANGE}"' in text
    code = "from nbgrader.exchange.default import Exchange; print(Exchange().root)"
    default = run([sys.executable, "-c", code], cwd="/")
    assert default.strip() == DEFAULT_EXCHANGE
