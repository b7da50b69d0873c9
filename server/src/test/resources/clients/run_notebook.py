"""Executes one Jupyter notebook with nbclient, the way NotebooksTest runs every notebook under notebooks/.

Usage: /usr/bin/python3 run_notebook.py NOTEBOOK.ipynb [CELL_TIMEOUT_SECONDS]

The kernel starts in the notebook's directory and inherits this process's environment (TAP_URL,
RUCIO_DB_DSN). The notebook must be stored clean (no outputs, no execution counts); it is not written
back. Exit status 0 when every cell ran; otherwise the failing cell's source and traceback on stderr and
exit status 1 (2 when the stored notebook is not clean)."""
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def main():
    path = os.path.abspath(sys.argv[1])
    cell_timeout = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)

    unclean = [i for i, cell in enumerate(nb.cells)
               if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)]
    if unclean:
        print(f"{name}: stored with outputs in code cell(s) {unclean}; clear them before committing"
              " (Jupyter: Kernel > Restart & Clear Output)", file=sys.stderr)
        return 2

    client = NotebookClient(nb, timeout=cell_timeout, startup_timeout=120, kernel_name="python3",
                            allow_errors=False, resources={"metadata": {"path": os.path.dirname(path)}})
    started = time.monotonic()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        report_failure(name, nb, e)
        return 1
    elapsed = time.monotonic() - started
    code_cells = sum(1 for cell in nb.cells if cell.cell_type == "code")
    print(f"{name}: {code_cells} code cells executed in {elapsed:.1f} s")
    return 0


def report_failure(name, nb, error):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            print(f"{name}: cell {index} ({cell.get('id', '?')}) failed:", file=sys.stderr)
            print("---- source ----", file=sys.stderr)
            print(cell.source, file=sys.stderr)
            print("---- traceback ----", file=sys.stderr)
            for output in errors:
                print(ANSI.sub("", "\n".join(output.get("traceback", []))), file=sys.stderr)
            return
    # a timeout or a dead kernel leaves no error output: the exception says which cell
    print(f"{name}: {type(error).__name__}: {ANSI.sub('', str(error))}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
