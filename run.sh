#!/usr/bin/env bash
# Set up everything on a fresh machine (virtual environment, packages) and start Plain Law on
# http://localhost:8501. Re-running skips whatever is already up to date.
#
# The page opens as soon as the server starts: while the app brings the search index up to date with corpus/
# and loads the engine (about a minute the first time, seconds after that), it shows the introduction and
# its progress, and answers the first question as soon as the engine is ready.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh runtime
host="${PLAINLAW_HOST:-localhost}"
port="${PLAINLAW_PORT:-8501}"
echo "Starting Plain Law: open http://$host:$port in your browser" >&2
exec .venv/bin/streamlit run app.py \
  --server.headless true \
  --server.address "$host" \
  --server.port "$port" \
  --server.fileWatcherType none \
  --client.toolbarMode viewer \
  --browser.gatherUsageStats false
