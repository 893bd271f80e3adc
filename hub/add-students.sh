#!/usr/bin/env bash
# Make a Unix account for every student of a class list, for the hub: run as root.
#
#   sudo hub/add-students.sh students.csv > passwords.csv
#
# students.csv is nbgrader's class list (`nbgrader db student import` reads the same file): a
# header line, then one line per student, `id,first_name,last_name[,email]`; the id is the
# student's user name on the machine and in the gradebook. Each new account is in the students'
# group (SOFTMAX_HUB_STUDENTS, made if missing), gets a home that only its owner can read
# (under SOFTMAX_HUB_HOMES, /home unless told) and a random password; `id,password` lines go
# to standard output, for you to hand out. An account that exists already is only added to
# the group, and its password is left alone.
set -euo pipefail

GROUP="${SOFTMAX_HUB_STUDENTS:-softmax-students}"
HOMES="${SOFTMAX_HUB_HOMES:-/home}"
LIST="${1:?usage: add-students.sh students.csv > passwords.csv}"

[ "$(id -u)" -eq 0 ] || { echo "add-students.sh: run it as root" >&2; exit 1; }
getent group "$GROUP" >/dev/null || groupadd "$GROUP"

echo "id,password"
tail -n +2 "$LIST" | tr -d '\r' | while IFS=, read -r student first last _ || [ -n "${student:-}" ]; do
    [ -n "$student" ] || continue
    if id "$student" >/dev/null 2>&1; then
        usermod -a -G "$GROUP" "$student"
        echo "add-students.sh: $student exists; added to $GROUP, password unchanged" >&2
        continue
    fi
    useradd --create-home --home-dir "$HOMES/$student" --shell /bin/bash --groups "$GROUP" \
        --comment "${first//:/} ${last//:/}" "$student"
    chmod 700 "$HOMES/$student"
    password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
    echo "$student:$password" | chpasswd
    echo "$student,$password"
done
