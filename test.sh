#!/usr/bin/env bash
# Run the tests. Sets up .venv like run.sh, adds the test tools, and installs Debian's Chromium for the
# browser test if it is missing.  ./test.sh --llm runs the local-model tests instead (compiles
# llama-cpp-python the first time, about 5 minutes); any other arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = "--llm" ]; then
  shift
  scripts/setup.sh llm
  exec .venv/bin/python -m pytest -m llm "$@"
fi

scripts/setup.sh dev
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium for the browser test" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
  else
    echo "The browser test needs Chromium: run 'sudo apt-get install chromium' and try again." >&2
    exit 1
  fi
fi
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -m "not llm" "$@"
