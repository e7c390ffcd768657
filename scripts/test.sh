#!/usr/bin/env bash
# The whole test suite: lint, format check and type check, then every test (unit and integration) on
# SQLite and, when PostgreSQL is installed, on PostgreSQL too.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy  # the packages and settings are in pyproject.toml [tool.mypy]
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if url=$(scripts/ensure-postgres.sh) && [ -n "$url" ]; then
    export TEST_DATABASE_URL="$url"
  else
    echo "NOTE: PostgreSQL is not installed; database tests run on SQLite only." >&2
  fi
fi
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
exit "$rc"
