#!/usr/bin/env python3
"""Checks scenarios/schema.json against the scenario files and the Swift decoder.

1. Every *.yaml under scenarios/ is valid against the schema.
2. Inline documents that the decoder rejects are rejected by the schema too (and inline
   valid documents are accepted), so the schema is not merely permissive.
3. The key lists in the schema (top level, time, outputs, arrivals, stages, distribution
   parameters, band fields, generators) equal those in the Swift sources, parsed from
   ScenarioDecoder.swift, FieldReader.swift and GeneratorKind.swift, so the schema cannot
   drift from the decoder.
4. Every property in the schema has a description (the README is generated from them).

With --caresim PATH (the built `caresim` executable) the inline documents are also run
through `caresim validate`, to check that the decoder agrees with each expected verdict.

Needs: pip install jsonschema pyyaml. Run from anywhere: python3 Tests/schema_check.py
The last line is "N passed, M failed"; the exit status is 1 when anything failed.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "scenarios" / "schema.json"
DECODER = ROOT / "Sources" / "CareSim" / "Scenario" / "ScenarioDecoder.swift"
READER = ROOT / "Sources" / "CareSim" / "Scenario" / "FieldReader.swift"
GENERATORS = ROOT / "Sources" / "CareSimEngine" / "Random" / "GeneratorKind.swift"
REFERENCE = ROOT / "scenarios" / "reference" / "rn1.yaml"

passed = 0
failed = 0


def check(ok, label, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {label}")
    else:
        failed += 1
        print(f"FAIL  {label}" + (f"\n      {detail}" if detail else ""))


# A complete, valid scenario the inline cases start from. `{parent}` is replaced by the
# reference scenario's absolute path.
VALID = """\
name: minimal
time: {horizon: 100, warmup: 10}
arrivals:
  referrals: {to: assessment, rate: 2.5}
stages:
  assessment:
    servers: 3
    queue: fifo
    duration: {distribution: gamma, shape: 2, scale: 5}
    next: {support: 0.6, exit: 0.4}
  support:
    competing:
      exit: {distribution: exponential, mean: 100}
      assessment: {distribution: empirical, bands: [{lower: 0, upper: 90, probability: 0.5}, {lower: 90, upper: 365, probability: 0.5}]}
"""

# (label, document, valid?) -- each invalid one is a mistake the decoder rejects.
CASES = [
    ("valid: minimal scenario", VALID, True),
    ("valid: every distribution kind", """\
name: kinds
time: {horizon: 100}
arrivals:
  a: {to: s1, interarrival: {distribution: constant, value: 1}}
stages:
  s1: {duration: {distribution: lognormal, mu: 1, sigma: 0.5}, next: {s2: 1}}
  s2: {duration: {distribution: weibull, shape: 1.5, scale: 20}, next: {s3: 1}}
  s3: {duration: {distribution: beta, a: 2, b: 3}, next: {s4: 1}}
  s4: {duration: {distribution: uniform, min: 1, max: 2}, next: {done: 1}}
exits: [done]
seed: 0
replications: 1
generator: taus2
outputs: {stock_interval: 7, flow_period: 30}
""", True),
    ("valid: extends with partial stage and arrival", """\
extends: {parent}
arrivals:
  referrals: {rate: 20}
stages:
  assessment: {servers: 300}
  cin: {duration: {distribution: exponential, mean: 200}}
""", True),
    ("invalid: extends with a partial distribution (a duration replaces the parent's whole)", """\
extends: {parent}
stages:
  cin: {duration: {mean: 200}}
""", False),
    ("invalid: unknown top-level key", VALID + "seeed: 3\n", False),
    ("invalid: unknown stage key", VALID.replace("    servers: 3\n", "    severs: 3\n    servers: 3\n"), False),
    ("invalid: unknown key in time", VALID.replace("warmup: 10", "warmup: 10, horizn: 5"), False),
    ("invalid: unknown key in outputs", VALID + "outputs: {stock_interval: 30, flow_periods: 365}\n", False),
    ("invalid: missing name without extends", VALID.replace("name: minimal\n", ""), False),
    ("invalid: missing time.horizon", VALID.replace("{horizon: 100, warmup: 10}", "{warmup: 10}"), False),
    ("invalid: servers 0", VALID.replace("servers: 3", "servers: 0"), False),
    ("invalid: servers 2.5", VALID.replace("servers: 3", "servers: 2.5"), False),
    ("invalid: servers as quoted text", VALID.replace("servers: 3", "servers: '3'"), False),
    ("invalid: queue on an unlimited stage", VALID.replace("servers: 3", "servers: unlimited"), False),
    ("invalid: queue on a stage without servers", VALID.replace("    servers: 3\n", ""), False),
    ("invalid: queue other than fifo", VALID.replace("queue: fifo", "queue: lifo"), False),
    ("invalid: missing distribution parameter", VALID.replace("shape: 2, scale: 5", "shape: 2"), False),
    ("invalid: parameter of another kind", VALID.replace("shape: 2, scale: 5", "shape: 2, scale: 5, mean: 10"), False),
    ("invalid: unknown distribution kind", VALID.replace("distribution: gamma", "distribution: gama"), False),
    ("invalid: zero mean", VALID.replace("mean: 100", "mean: 0"), False),
    ("invalid: band without probability", VALID.replace("{lower: 0, upper: 90, probability: 0.5}", "{lower: 0, upper: 90}"), False),
    ("invalid: empty band list", VALID.replace(
        "bands: [{lower: 0, upper: 90, probability: 0.5}, {lower: 90, upper: 365, probability: 0.5}]", "bands: []"), False),
    ("invalid: both duration and competing", VALID.replace("    competing:\n", "    duration: {distribution: exponential, mean: 1}\n    competing:\n"), False),
    ("invalid: duration without next", VALID.replace("    next: {support: 0.6, exit: 0.4}\n", ""), False),
    ("invalid: probability above 1", VALID.replace("support: 0.6, exit: 0.4", "support: 1.6, exit: 0.4"), False),
    ("invalid: negative rate", VALID.replace("rate: 2.5", "rate: -2.5"), False),
    ("invalid: text where a number is expected", VALID.replace("rate: 2.5", "rate: lots"), False),
    ("invalid: both rate and interarrival", VALID.replace("rate: 2.5", "rate: 2.5, interarrival: {distribution: exponential, mean: 1}"), False),
    ("invalid: arrival without rate or interarrival", VALID.replace(", rate: 2.5", ""), False),
    ("invalid: arrival without to", VALID.replace("to: assessment, ", ""), False),
    ("invalid: replications 0", VALID + "replications: 0\n", False),
    ("invalid: negative seed", VALID + "seed: -1\n", False),
    ("invalid: unknown generator", VALID + "generator: mt1993\n", False),
    ("invalid: warm-up negative", VALID.replace("warmup: 10", "warmup: -1"), False),
    ("invalid: stage name starting with a digit", VALID.replace("  support:\n", "  2support:\n").replace("{support: 0.6", "{2support: 0.6"), False),
    ("invalid: stage named exit", VALID + "  exit: {duration: {distribution: constant, value: 1}, next: {support: 1}}\n", False),
    ("invalid: exits lists 'exit'", VALID + "exits: [exit]\n", False),
    ("invalid: exit listed twice", VALID + "exits: [done, done]\n", False),
    ("invalid: no stages", VALID.split("stages:")[0] + "stages: {}\n", False),
    ("invalid: extends with an unknown stage key", "extends: {parent}\nstages:\n  assessment: {severs: 3}\n", False),
    ("invalid: extends with a parameter of another kind", "extends: {parent}\nstages:\n  cin:\n    duration: {distribution: gamma, mean: 3}\n", False),
]


def schema_accepts(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return not errors, "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors[:3])


def check_files(validator):
    files = sorted((ROOT / "scenarios").rglob("*.yaml"))
    check(bool(files), "found scenario files under scenarios/")
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            check(False, f"schema accepts {path.relative_to(ROOT)}", f"YAML error: {error}")
            continue
        ok, detail = schema_accepts(validator, doc)
        check(ok, f"schema accepts {path.relative_to(ROOT)}", detail)


def check_cases(validator, caresim):
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, text, valid) in enumerate(CASES):
            text = text.replace("{parent}", str(REFERENCE))
            doc = yaml.safe_load(text)
            ok, detail = schema_accepts(validator, doc)
            expected = "accepts" if valid else "rejects"
            check(ok == valid, f"schema {expected} {label}", detail if valid else "the schema accepted it")
            if caresim:
                file = Path(tmp) / f"case{i}.yaml"
                file.write_text(text, encoding="utf-8")
                run = subprocess.run([caresim, "validate", str(file)], capture_output=True, text=True)
                check((run.returncode == 0) == valid, f"caresim validate {expected} {label}",
                      (run.stdout + run.stderr).strip().replace("\n", "\n      "))


def swift_list(text):
    """The string literals of a Swift array literal's contents."""
    return re.findall(r'"([^"]*)"', text)


def decoder_keys():
    """{section: (required, optional)} from the fields(...) calls in ScenarioDecoder.swift."""
    source = DECODER.read_text(encoding="utf-8")
    arrays = {}
    for name in ("requiredTopLevel", "optionalTopLevel"):
        found = re.search(r"static let " + name + r"\s*=\s*\[([^\]]*)\]", source)
        if not found:
            raise ValueError(f"no `static let {name} = [...]` in ScenarioDecoder.swift")
        arrays[name] = swift_list(found.group(1))
    call = re.compile(
        r"\.fields\(\s*[\w.]+\s*,\s*(?P<path>\"[^\"]*\"|\w+)\s*"
        r"(?:,\s*required:\s*(?P<required>\[[^\]]*\]|\w+))?"
        r"(?:\s*,\s*optional:\s*(?P<optional>\[[^\]]*\]|\w+))?\s*\)")
    lets = [(m.start(), m.group(1)) for m in re.finditer(r'let path = "(\w+)\.', source)]
    sections = {}
    for m in call.finditer(source):
        path = m.group("path")
        if path.startswith('"'):
            section = path.strip('"') or "top"
        elif path == "p":
            section = "age_band"  # the items of a stage's next_by_age list
        else:
            before = [name for pos, name in lets if pos < m.start()]
            if not before:
                raise ValueError(f"cannot tell which section `fields(..., {path}, ...)` reads")
            section = before[-1]

        def keys(group):
            if group is None:
                return []
            if group.startswith("["):
                return swift_list(group)
            if group in arrays:
                return arrays[group]
            raise ValueError(f"unknown key list {group} in ScenarioDecoder.swift")

        required, optional = keys(m.group("required")), keys(m.group("optional"))
        sections[section] = (required, [k for k in optional if k not in required])
    return sections


def reader_keys():
    """Distribution kinds with their parameters, and band fields, from FieldReader.swift."""
    source = READER.read_text(encoding="utf-8")
    kinds_text = re.search(r"let kinds\s*=\s*\[(.*?)\]\s*\n", source, re.S)
    if not kinds_text:
        raise ValueError("no `let kinds = [...]` in FieldReader.swift")
    kinds = {k: swift_list(v) for k, v in re.findall(r'"(\w+)":\s*\[([^\]]*)\]', kinds_text.group(1))}
    bands = re.search(r"fields\(item,\s*p,\s*required:\s*\[([^\]]*)\]", source)
    if not bands:
        raise ValueError("no band fields(item, p, required: [...]) call in FieldReader.swift")
    return kinds, swift_list(bands.group(1))


def check_drift(schema):
    defs = schema["$defs"]
    try:
        sections = decoder_keys()
        kinds, band_fields = reader_keys()
        generators = re.findall(r"^\s*case (\w+)\s*$", GENERATORS.read_text(encoding="utf-8"), re.M)
    except (OSError, ValueError) as error:
        check(False, "parse the key lists from the Swift sources", str(error))
        return
    check(set(sections) == {"top", "time", "outputs", "arrivals", "stages", "ageing", "age_band", "metrics", "initial"},
          "ScenarioDecoder.swift has fields(...) calls for top level, time, outputs, arrivals, stages, ageing, age bands, metrics and initial",
          f"found {sorted(sections)}")

    def same(label, schema_keys, swift_keys):
        check(set(schema_keys) == set(swift_keys), label,
              f"schema only: {sorted(set(schema_keys) - set(swift_keys))}; Swift only: {sorted(set(swift_keys) - set(schema_keys))}")

    if "top" in sections:
        required, optional = sections["top"]
        same("top-level keys (besides extends) match ScenarioDecoder's top-level lists",
             [k for k in schema["properties"] if k != "extends"], required + optional)
        same("top-level required keys (without extends) match the decoder", schema["then"]["required"], required)
    if "time" in sections:
        required, optional = sections["time"]
        same("time keys match the decoder", defs["time"]["properties"], required + optional)
        same("time required keys match the decoder", schema["then"]["properties"]["time"]["required"], required)
    if "outputs" in sections:
        required, optional = sections["outputs"]
        same("outputs keys match the decoder", defs["outputs"]["properties"], required + optional)
        same("outputs required keys match the decoder", defs["outputs"].get("required", []), required)
    if "arrivals" in sections:
        required, optional = sections["arrivals"]
        same("arrival keys match the decoder", defs["arrival"]["properties"], required + optional)
        same("arrival required keys match the decoder", defs["completeArrival"]["required"], required)
    if "stages" in sections:
        required, optional = sections["stages"]
        same("stage keys match the decoder", defs["stage"]["properties"], required + optional)
    if "age_band" in sections:
        required, optional = sections["age_band"]
        band = defs["stage"]["properties"]["next_by_age"]["items"]
        same("next_by_age band keys match the decoder", band["properties"], required + optional)
        same("next_by_age band required keys match the decoder", band["required"], required)
    if "initial" in sections:
        required, optional = sections["initial"]
        group = schema["properties"]["initial"]["additionalProperties"]
        same("initial group keys match the decoder", group["properties"], required + optional)
        same("initial group required keys match the decoder", group["required"], required)
    if "metrics" in sections:
        required, optional = sections["metrics"]
        alias = schema["properties"]["metrics"]["additionalProperties"]
        same("metric alias keys match the decoder", alias["properties"], required + optional)
        same("metric alias required keys match the decoder", alias["required"], required)
    if "ageing" in sections:
        required, optional = sections["ageing"]
        same("ageing keys match the decoder", schema["properties"]["ageing"]["properties"], required + optional)
        same("ageing required keys match the decoder", schema["properties"]["ageing"]["required"], required)

    branches = {b["properties"]["distribution"]["const"]: b for b in defs["distribution"]["oneOf"]}
    same("distribution kinds match FieldReader.distribution", branches, kinds)
    same("distribution kind enum matches FieldReader.distribution", defs["distribution"]["properties"]["distribution"]["enum"], kinds)
    for kind, params in kinds.items():
        if kind in branches:
            same(f"{kind} parameters match FieldReader.distribution", branches[kind]["properties"], ["distribution"] + params)
            same(f"{kind} required parameters match FieldReader.distribution", branches[kind]["required"], ["distribution"] + params)
    check("distributionPatch" not in defs, "no partial distributions (an overlay replaces a distribution whole)",
          "the decoder replaces duration/interarrival whole under extends")
    same("empirical band fields match FieldReader.bands", defs["band"]["properties"], band_fields)
    same("generator enum matches GeneratorKind", schema["properties"]["generator"]["enum"], generators)


def check_descriptions(schema):
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for key in ("properties", "patternProperties"):
                for name, sub in node.get(key, {}).items():
                    # Subschemas inside if/then/allOf/oneOf only refine a property described elsewhere.
                    refining = any(part in where for part in ("/then", "/if", "/oneOf/", "/allOf/", "/not", "/complete"))
                    if not refining and isinstance(sub, dict) and "description" not in sub:
                        missing.append(f"{where}/{key}/{name}")
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    walk(schema, "#")
    for branch in schema["$defs"]["distribution"]["oneOf"]:
        for name, sub in branch["properties"].items():
            if "description" not in sub:
                missing.append(f"distribution {branch.get('title')}: {name}")
    check(not missing, "every property in the schema has a description", ", ".join(missing))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caresim", help="path of the built caresim executable, to cross-check the inline documents")
    args = parser.parse_args()
    if args.caresim and not os.access(args.caresim, os.X_OK):
        parser.error(f"{args.caresim} is not an executable")

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        check(True, "schema.json is a valid draft 2020-12 schema")
    except jsonschema.SchemaError as error:
        check(False, "schema.json is a valid draft 2020-12 schema", error.message)
        print(f"{passed} passed, {failed} failed")
        return 1
    validator = jsonschema.Draft202012Validator(schema)
    check_files(validator)
    check_cases(validator, args.caresim)
    check_drift(schema)
    check_descriptions(schema)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
