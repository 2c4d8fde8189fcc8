#!/usr/bin/env bash
# Set up everything on a fresh machine (virtual environment, packages, search index) and start Plain Law
# on http://localhost:8501. Re-running skips whatever is already up to date.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh runtime
.venv/bin/python -m ingest
exec .venv/bin/streamlit run app.py \
  --server.headless true \
  --server.address "${PLAINLAW_HOST:-localhost}" \
  --server.port "${PLAINLAW_PORT:-8501}" \
  --browser.gatherUsageStats false
