#!/usr/bin/env bash
# The students' side of the hub, installed where every student can read it and none can write.
# Run it as root from the instructor's clone:
#
#   sudo hub/install-student-env.sh [PREFIX]        # PREFIX is /opt/softmax-course unless told
#
# PREFIX/env      a Python environment with what students' servers run: JupyterHub's single-user
#                 server, JupyterLab (with the chapters' MyST renderer), the kernel, nbgrader's
#                 Assignments tab, NumPy and what the notebooks import, at the versions
#                 requirements.txt pins; and the student package softmax_course, copied in (never
#                 grader/, solutions/ or a link to this clone, which students cannot read);
# PREFIX/jupyter  the students' Jupyter configuration, a copy of hub/student/ (the course, the
#                 exchange, private submissions, no Formgrader); hub/jupyterhub_config.py points
#                 students' servers at it.
# Run it again after changing requirements.txt, softmax_course or hub/student/.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPOSITORY="$(dirname "$HERE")"
PREFIX="${1:-/opt/softmax-course}"
# A Python 3.11 that every user can run (Debian's; not one under /root, as pyenv's would be).
PYTHON="${PYTHON:-$(command -v /usr/bin/python3.11 || command -v python3.11)}"
PACKAGES=(jupyterhub jupyterlab jupyterlab-myst notebook ipykernel nbgrader numpy matplotlib ipywidgets pillow)

say() { printf 'install-student-env: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { say "run it as root (the environment must not be writable by students)"; exit 1; }
umask 022
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The versions requirements.txt pins, as constraints: the students run what the course's tests ran.
grep -E '^[A-Za-z0-9_.-]+==' "$REPOSITORY/requirements.txt" > "$work/constraints.txt"
for package in "${PACKAGES[@]}"; do
    grep -qi "^$package==" "$work/constraints.txt" || { say "requirements.txt pins no $package"; exit 1; }
done

say "making $PREFIX/env with $PYTHON"
mkdir -p "$PREFIX"
[ -x "$PREFIX/env/bin/python" ] || "$PYTHON" -m venv "$PREFIX/env"
"$PREFIX/env/bin/python" -m pip install --disable-pip-version-check -q -c "$work/constraints.txt" "${PACKAGES[@]}"

say "installing the student package softmax_course"
mkdir "$work/package"
cp -r "$REPOSITORY/pyproject.toml" "$REPOSITORY/softmax_course" "$work/package/"
rm -rf "$work/package/softmax_course/__pycache__"
"$PREFIX/env/bin/python" -m pip install --disable-pip-version-check -q -c "$work/constraints.txt" "$work/package"

say "installing the students' Jupyter configuration into $PREFIX/jupyter"
rm -rf "$PREFIX/jupyter"
cp -r "$HERE/student" "$PREFIX/jupyter"

chown -R root:root "$PREFIX"
chmod -R a+rX,go-w "$PREFIX"
if ! runuser -u nobody -- "$PREFIX/env/bin/python" -c "import softmax_course, nbgrader" 2>/dev/null; then
    say "a student could not run $PREFIX/env/bin/python: make it again with PYTHON set to a Python 3.11"
    say "that every user can run (rm -rf $PREFIX/env first)"
    exit 1
fi
"$PREFIX/env/bin/python" -c "import softmax_course, nbgrader, jupyterhub; print('install-student-env: ready,', \
'jupyterhub', jupyterhub.__version__, 'nbgrader', nbgrader.__version__)"
