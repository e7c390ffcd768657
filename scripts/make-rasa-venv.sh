#!/usr/bin/env bash
# Create the Rasa virtualenv (Python 3.10, rasa==3.6.21): Rasa 3.6 does not run on 3.11+.
set -euo pipefail
RASA_VENV="${RASA_VENV:-.venv-rasa}"
find_py310() {
  local c
  for c in "${PYTHON310:-}" python3.10 /root/.pyenv/versions/3.10*/bin/python /usr/bin/python3.10 \
           /usr/local/bin/python3.10; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}
if ! PY=$(find_py310); then
  cat >&2 <<'MSG'
ERROR: Rasa Open Source 3.6 needs Python 3.10, and none was found.
Install Python 3.10 (for example `pyenv install 3.10.13`, or your system's python3.10 package),
or point PYTHON310 at it: `PYTHON310=/path/to/python3.10 make run`.
MSG
  exit 1
fi
echo "Creating $RASA_VENV with $PY (rasa==3.6.21 takes about 90 s)..." >&2
"$PY" -m venv "$RASA_VENV"
"$RASA_VENV/bin/pip" install -q -U "pip<24.1"
"$RASA_VENV/bin/pip" install -q -r nlu/requirements-rasa.txt
touch "$RASA_VENV/.installed"
