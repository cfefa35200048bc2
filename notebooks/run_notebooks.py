"""Execute the notebooks top to bottom (as `make test` does) and fail on the first error.

    python notebooks/run_notebooks.py [--caresim BIN] [--timeout SECONDS] [--output DIR] [NOTEBOOK ...]

Each notebook runs in its own kernel with the notebooks folder as working directory, CARESIM set
to the binary and CARESIM_NOTEBOOK_OUTPUT to a temporary folder (removed afterwards, unless
--output names one). The notebooks themselves are not modified.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--caresim", help="the caresim binary (default: $CARESIM, else .build/release/caresim)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed for one cell (default 300)")
    parser.add_argument("--output", type=Path, help="keep the notebooks' outputs (and executed copies) here")
    args = parser.parse_args()

    notebooks = args.notebooks or sorted(HERE.glob("*.ipynb"))
    if not notebooks:
        print("no notebooks found", file=sys.stderr)
        return 1
    if args.caresim:
        os.environ["CARESIM"] = str(Path(args.caresim).resolve())

    with tempfile.TemporaryDirectory(prefix="caresim-notebooks-") as tmp:
        out = args.output.resolve() if args.output else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        os.environ["CARESIM_NOTEBOOK_OUTPUT"] = str(out)
        total = 0.0
        for path in notebooks:
            path = path.resolve()
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb, timeout=args.timeout, kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
            )
            start = time.perf_counter()
            try:
                client.execute()
            except (CellExecutionError, CellTimeoutError) as error:
                if args.output:
                    nbformat.write(nb, out / path.name)
                print(f"FAILED {path.name} after {time.perf_counter() - start:.0f} s:\n{error}", file=sys.stderr)
                return 1
            seconds = time.perf_counter() - start
            total += seconds
            if args.output:
                nbformat.write(nb, out / path.name)
            print(f"ok {path.name} ({seconds:.0f} s)", flush=True)
        print(f"executed {len(notebooks)} notebooks without error in {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
