#!/bin/sh
# Install Ralph (a real xAPI LRS) into its own virtualenv for the xAPI integration test.
# Idempotent: does nothing when the pinned version is already there. Prints the venv path.
# Ralph pins its own fastapi, uvicorn and click, so it must never share the project's venv;
# it imports `requests` without declaring it (see ../shared/STACK.md).
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
VENV=${RALPH_VENV:-"$ROOT/var/ralph-venv"}
PYTHON=${PYTHON:-python3}
PIN="ralph-malph[cli,lrs]==5.1.0"

if [ -x "$VENV/bin/ralph" ] && "$VENV/bin/python" -c "import requests" 2>/dev/null \
    && "$VENV/bin/pip" show ralph-malph 2>/dev/null | grep -qx "Version: 5.1.0"; then
    echo "$VENV"
    exit 0
fi

mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check "$PIN" requests >&2
echo "$VENV"
