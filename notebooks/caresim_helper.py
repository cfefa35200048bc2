"""A small helper for the CareSim notebooks: finds the `caresim` binary, runs it, reads its CSVs.

The binary is the one named by the environment variable CARESIM, else `.build/release/caresim`
in the repository (what `make run` or `swift build -c release -Xswiftc -gnone` writes). Commands run from the repository root,
so scenario paths such as `scenarios/reference/rn1.yaml` work as in the documentation (docs/).

Outputs go under `notebooks/output/` (ignored by git), or under the folder named by
CARESIM_NOTEBOOK_OUTPUT (`make test` points it at a temporary folder).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent


class CaresimError(RuntimeError):
    """A caresim command failed; the message carries its exit code and standard error."""


def binary() -> Path:
    """The caresim executable: $CARESIM, else .build/release/caresim in the repository."""
    env = os.environ.get("CARESIM")
    path = Path(env) if env else REPO / ".build" / "release" / "caresim"
    if not path.is_absolute():
        path = (REPO / path).resolve()
    if not path.is_file():
        raise FileNotFoundError(
            f"caresim binary not found at {path}: build it with `make run` or `swift build -c release -Xswiftc -gnone --product caresim` "
            "in the repository, or set CARESIM to its path"
        )
    return path


def output_dir(name: str) -> Path:
    """A folder for one notebook's outputs (created if missing)."""
    root = os.environ.get("CARESIM_NOTEBOOK_OUTPUT")
    base = Path(root) if root else REPO / "notebooks" / "output"
    path = base / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def caresim(*args, echo: bool = True) -> subprocess.CompletedProcess:
    """Run `caresim ARGS...` from the repository root; raise CaresimError with its stderr on failure.

    With echo, prints the command (relative to the repository where possible) and how long it took.
    """
    cmd = [str(binary())] + [str(a) for a in args]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise CaresimError(
            f"caresim {' '.join(shlex.quote(str(a)) for a in args)} exited {proc.returncode}:\n{proc.stderr.strip()}"
        )
    if echo:
        shown = " ".join(shlex.quote(_short(a)) for a in args)
        print(f"$ caresim {shown}   ({seconds:.1f} s)")
    return proc


def _short(arg) -> str:
    """A path under the repository or the output folder, shortened for printing."""
    text = str(arg)
    for root, label in ((output_dir(""), "<output>/"), (REPO, "")):
        prefix = str(root).rstrip("/") + "/"
        if text.startswith(prefix):
            return label + text[len(prefix):]
    return text


def _options(replications=None, seed=None, sets=(), threads=None, extra=()) -> list[str]:
    args: list[str] = []
    if replications is not None:
        args += ["--replications", str(replications)]
    if seed is not None:
        args += ["--seed", str(seed)]
    if threads is not None:
        args += ["--threads", str(threads)]
    for item in sets:
        args += ["--set", item]
    return args + [str(e) for e in extra] + ["--quiet"]


@dataclass
class Run:
    """The files of a `caresim run` result folder, as pandas DataFrames (None where absent)."""

    path: Path
    summary: pd.DataFrame
    stocks: pd.DataFrame | None = None
    flows: pd.DataFrame | None = None
    caseloads: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    manifest: dict = field(default_factory=dict)

    def metric(self, name: str) -> pd.Series:
        """One row of summary.csv (mean, sd, ci95_low, ci95_high, n)."""
        return metric(self.summary, name)


@dataclass
class Comparison:
    """The files of a `caresim compare` result folder."""

    path: Path
    comparison: pd.DataFrame
    base_summary: pd.DataFrame
    alternative_summary: pd.DataFrame
    savings: pd.DataFrame | None = None
    manifest: dict = field(default_factory=dict)

    def metric(self, name: str) -> pd.Series:
        """One row of comparison.csv (base_mean, alternative_mean, difference, ci95_low, ci95_high, ...)."""
        return metric(self.comparison, name)


def metric(table: pd.DataFrame, name: str) -> pd.Series:
    """The row of a summary or comparison table whose `metric` is name."""
    rows = table[table["metric"] == name]
    if rows.empty:
        raise KeyError(f"no metric {name!r}")
    return rows.iloc[0]


def _csv(path: Path) -> pd.DataFrame | None:
    return pd.read_csv(path) if path.is_file() else None


def _manifest(path: Path) -> dict:
    manifest = path / "manifest.json"
    return json.loads(manifest.read_text()) if manifest.is_file() else {}


def read_run(path) -> Run:
    """Read a run's summary.csv, stocks.csv, flows.csv, caseloads.csv, costs.csv and manifest.json."""
    path = Path(path)
    return Run(
        path=path,
        summary=pd.read_csv(path / "summary.csv"),
        stocks=_csv(path / "stocks.csv"),
        flows=_csv(path / "flows.csv"),
        caseloads=_csv(path / "caseloads.csv"),
        costs=_csv(path / "costs.csv"),
        manifest=_manifest(path),
    )


def read_comparison(path) -> Comparison:
    """Read a comparison's comparison.csv, both arms' summaries, savings.csv and manifest.json."""
    path = Path(path)
    return Comparison(
        path=path,
        comparison=pd.read_csv(path / "comparison.csv"),
        base_summary=pd.read_csv(path / "base_summary.csv"),
        alternative_summary=pd.read_csv(path / "alternative_summary.csv"),
        savings=_csv(path / "savings.csv"),
        manifest=_manifest(path),
    )


def run(scenario, out, *, replications=None, seed=None, sets=(), threads=None, extra=()) -> Run:
    """`caresim run SCENARIO --out OUT [options]`, then read the result."""
    caresim("run", scenario, "--out", out, *_options(replications, seed, sets, threads, extra))
    return read_run(out)


def compare(base, alternative, out, *, replications=None, seed=None, sets=(), set_base=(),
            set_alternative=(), threads=None, extra=()) -> Comparison:
    """`caresim compare BASE ALT --out OUT [options]`, then read the result.

    extra takes flags such as "--independent-seeds", "--central-effects" or ("--cohort", "served").
    """
    args = ["compare", base, alternative, "--out", out]
    for item in set_base:
        args += ["--set-base", item]
    for item in set_alternative:
        args += ["--set-alternative", item]
    caresim(*args, *_options(replications, seed, sets, threads, extra))
    return read_comparison(out)


def baseline(la: str, out, *, year: int = 2015, extra=()) -> Path:
    """`caresim baseline --la LA --year YEAR --out OUT`: an LA's warm-started scenario; returns its path."""
    proc = caresim("baseline", "--la", la, "--year", year, "--out", out, *extra)
    notes = [line for line in proc.stderr.splitlines() if line.startswith("note:")]
    if notes:
        print(f"{len(notes)} note(s) on suppressed or unavailable cells (see the top of the file)")
    return Path(out)


def pounds(value: float) -> str:
    """£ with thousands separators, in millions or thousands where that reads better."""
    if abs(value) >= 1e6:
        return f"£{value / 1e6:,.2f}m"
    if abs(value) >= 1e4:
        return f"£{value / 1e3:,.0f}k"
    return f"£{value:,.0f}"
