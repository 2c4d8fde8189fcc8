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
# axe-core (npm registry, pinned in package-lock.json) for the browser test's accessibility scan; it lives in
# .venv/axe so that node_modules never appears in the work tree.
if ! cmp -s package-lock.json .venv/axe/package-lock.json 2>/dev/null || [ ! -f .venv/axe/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      echo "Installing npm for the accessibility scan" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >/dev/null || {
        apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >/dev/null; }
    else
      echo "The accessibility scan needs npm: run 'sudo apt-get install npm' and try again." >&2
      exit 1
    fi
  fi
  mkdir -p .venv/axe
  cp package.json package-lock.json .venv/axe/
  npm ci --prefix .venv/axe --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
fi
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -m "not llm" "$@"
