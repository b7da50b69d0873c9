#!/usr/bin/env bash
# Starts Jupyter Notebook 6 on port 8888 for the rucio-ivoa notebooks: password from JUPYTER_SERVER_PASSWORD
# (hashed here; never on the command line), base URL from JUPYTER_SERVER_BASE_URL. Without a password,
# Jupyter makes a random token and prints the URL with it in the container's log.
set -euo pipefail
base_url=${JUPYTER_SERVER_BASE_URL:-/}
base_url="/${base_url#/}"; base_url="${base_url%/}/"
config_dir=$(mktemp -d)
python3 - "$config_dir/jupyter_notebook_config.py" <<'PY'
import os, sys
from notebook.auth import passwd
password = os.environ.get("JUPYTER_SERVER_PASSWORD", "")
with open(sys.argv[1], "w") as f:
    if password:
        f.write(f"c.NotebookApp.password = {passwd(password)!r}\n")
        f.write("c.NotebookApp.token = ''\n")
PY
unset JUPYTER_SERVER_PASSWORD   # the kernels (and the notebooks) do not need it
exec python3 -m notebook --config="$config_dir/jupyter_notebook_config.py" --no-browser --ip=0.0.0.0 --port=8888 \
  --port-retries=0 --notebook-dir="${NOTEBOOK_DIR:-$HOME/notebooks}" --NotebookApp.base_url="$base_url" "$@"
