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
# need_debian COMMAND PACKAGE WHY: install a Debian package when its command is missing (as root), or say how.
need_debian() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "$3 needs $2: run 'sudo apt-get install $2' and try again." >&2
    exit 1
  fi
  echo "Installing $2 for $3" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
}

need_debian chromium chromium "the browser test"
# axe-core (npm registry, pinned in package-lock.json) for the browser test's accessibility scan; it lives in
# .venv/axe so that node_modules never appears in the work tree.
if ! cmp -s package-lock.json .venv/axe/package-lock.json 2>/dev/null || [ ! -f .venv/axe/node_modules/axe-core/axe.min.js ]; then
  need_debian npm npm "the accessibility scan"
  mkdir -p .venv/axe
  cp package.json package-lock.json .venv/axe/
  npm ci --prefix .venv/axe --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
fi
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -m "not llm" "$@"
