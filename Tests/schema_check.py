#!/usr/bin/env python3
"""Checks scenarios/schema.json and scenarios/pathway.schema.json against the scenario files and the Swift decoders.

1. Every *.yaml under scenarios/ is valid against its schema: pathway.schema.json when its
   top-level `model` is `pathway`, schema.json (network scenarios) otherwise.
2. Inline documents that the decoder rejects are rejected by the schema too (and inline
   valid documents are accepted), so the schema is not merely permissive. The pathway cases
   are edits of scenarios/england-2014-15.yaml, or files that extend it.
3. The key lists in the schema (top level, time, outputs, arrivals, stages, distribution
   parameters, band fields, generators) equal those in the Swift sources, parsed from
   ScenarioDecoder.swift, FieldReader.swift and GeneratorKind.swift, so the schema cannot
   drift from the decoder. Likewise for the pathway schema: the key lists of every
   fields(...) call in PathwayDecoder.swift, and the names its share mappings allow (the raw
   values of the enums in PathwayParameters.swift); and of every fields(...) call in the
   decoders of the optional blocks, WorkforceDecoder.swift, InterventionDecoder.swift,
   PracticeModelDecoder.swift (direct_work, practice_models, wider_effects) and CostDecoder.swift
   (placements, costs), with the names
   they allow (stages, allocations, intervention effects). A block's required keys are
   required only in a file without extends (the schema's top-level then), since extends
   merges mappings field by field; a list item's are required in place.
4. Every property in both schemas has a description (scenarios/REFERENCE.md is generated from them).

With --caresim PATH (the built `caresim` executable) the inline documents are also run
through `caresim validate`, to check that the decoder agrees with each expected verdict.

Needs: pip install jsonschema pyyaml. Run from anywhere: python3 Tests/schema_check.py
The last line is "N passed, M failed"; the exit status is 1 when anything failed.
"""

import argparse
import copy
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
PATHWAY_SCHEMA_PATH = ROOT / "scenarios" / "pathway.schema.json"
DECODER = ROOT / "Sources" / "CareSim" / "Scenario" / "ScenarioDecoder.swift"
READER = ROOT / "Sources" / "CareSim" / "Scenario" / "FieldReader.swift"
NODE = ROOT / "Sources" / "CareSim" / "Scenario" / "ScenarioNode.swift"
GENERATORS = ROOT / "Sources" / "CareSimEngine" / "Random" / "GeneratorKind.swift"
REFERENCE = ROOT / "scenarios" / "reference" / "rn1.yaml"
PATHWAY_DECODER = ROOT / "Sources" / "CareSim" / "Pathway" / "Parameters" / "PathwayDecoder.swift"
PATHWAY_PARAMETERS = ROOT / "Sources" / "CareSim" / "Pathway" / "Parameters" / "PathwayParameters.swift"
WORKFORCE_DECODER = ROOT / "Sources" / "CareSim" / "Workforce" / "WorkforceDecoder.swift"
WORKFORCE_PARAMETERS = ROOT / "Sources" / "CareSim" / "Workforce" / "WorkforceParameters.swift"
INTERVENTION_DECODER = ROOT / "Sources" / "CareSim" / "Interventions" / "InterventionDecoder.swift"
INTERVENTION_PARAMETERS = ROOT / "Sources" / "CareSim" / "Interventions" / "InterventionParameters.swift"


class SourceSet:
    """Several Swift files read as one (a decoder split into an extension per file): read_text joins them."""

    def __init__(self, name, stem, paths):
        self.name, self.stem, self.paths = name, stem, paths

    def read_text(self, encoding="utf-8"):
        return "\n".join(path.read_text(encoding=encoding) for path in self.paths)


PRACTICE_MODELS = ROOT / "Sources" / "CareSim" / "PracticeModels"
# PracticeModelDecoder.swift and each model's own decoder (PracticeModels/<Model>/<Model>Decoder.swift).
PRACTICE_DECODER = SourceSet("PracticeModelDecoder.swift and PracticeModels/*/*Decoder.swift", "PracticeModelDecoder",
                             [PRACTICE_MODELS / "PracticeModelDecoder.swift"] + sorted(PRACTICE_MODELS.glob("*/*Decoder.swift")))
COST_DECODER = ROOT / "Sources" / "CareSim" / "Costs" / "CostDecoder.swift"
ENGLAND = ROOT / "scenarios" / "england-2014-15.yaml"
DATA = ROOT / "data"

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


class ScenarioYAMLLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that dates stay text: the decoder reads every scalar as
    text, so `stocks_at: 2013-03-31` is the string '2013-03-31', not a date object."""


ScenarioYAMLLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_yaml(text):
    return yaml.load(text, Loader=ScenarioYAMLLoader)


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


def _at(doc, path):
    """The container holding the last element of a dotted path (list indices as numbers), and that element's key."""
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, (int(last) if isinstance(node, list) else last)


def setting(path, value):
    def edit(doc):
        node, key = _at(doc, path)
        node[key] = value
    return edit


def deleting(*paths):
    def edit(doc):
        for path in paths:
            node, key = _at(doc, path)
            del node[key]
    return edit


def renaming(path, old, new):
    """Renames key `old` of the mapping at `path` to `new`, keeping its value and place."""
    def edit(doc):
        node, key = _at(doc, path)
        node[key] = {new if k == old else k: v for k, v in node[key].items()}
    return edit


# The optional direct_work, practice_models and wider_effects blocks, for the practice model cases: added to the England
# scenario, whose workforce gains UNIT_TEAM (rsw_units needs a team with allocation: unit).
PRACTICE = load_yaml("""\
direct_work:
  hours_per_fte_week: 37
  reference_hours: 0.7
  elasticity: {distribution: lognormal, mu: -0.6931, sigma: 0.3}
practice_models:
  rsw_units:
    teams: [units]
    composition: {consultant_social_worker: 1, social_worker: 1, child_practitioner: 1, unit_coordinator: 1, clinician: 0.5}
    coordinator_recording_cut: {distribution: beta, a: 6, b: 14}
    case_discussion_hours: 3
    clinician:
      ages: [0, 18]
      places: 10
      work_days: {distribution: gamma, shape: 4, scale: 21}
      hours_per_week: 3
      resolve_per_hour: {distribution: lognormal, mu: -3.1011, sigma: 0.2}
  family_safeguarding:
    teams: [children_in_need_and_protection]
    stages: [section47, cp, looked_after]
    specialists:
      - {role: domestic_abuse_worker, factors: [domestic_violence], posts: 22, cases_each: 30}
      - {role: substance_misuse_worker, factors: [alcohol_misuse, drug_misuse], posts: 22, cases_each: 30}
    engagement: {distribution: beta, a: 14, b: 6}
    plan_if_engaged: {distribution: lognormal, mu: -0.9163, sigma: 0.15}
    change: {distribution: beta, a: 16, b: 4}
    change_days: {distribution: gamma, shape: 4, scale: 20}
    risk_after_change: {distribution: lognormal, mu: -0.9163, sigma: 0.2}
    reunification: {distribution: beta, a: 16, b: 4}
    work_days: {distribution: gamma, shape: 4, scale: 50}
    recording_multiplier: {distribution: beta, a: 12, b: 8}
  no_wrong_door:
    outreach:
      ages: [12, 18]
      places: 40
      work_days: {distribution: gamma, shape: 4, scale: 21}
      hours_per_week: 6
      resolve_per_hour: {distribution: lognormal, mu: -3.5066, sigma: 0.2}
    hub_beds: 4
    stay_days: {distribution: gamma, shape: 4, scale: 15}
    step_to_family: {distribution: beta, a: 10, b: 10}
    key_worker_moves: {distribution: lognormal, mu: -0.2231, sigma: 0.15}
    key_worker_missing: {distribution: lognormal, mu: -0.6931, sigma: 0.15}
wider_effects:
  police_callouts: {factors: [domestic_violence], per_family_year: 1.5, after_change: {distribution: lognormal, mu: -1.0986, sigma: 0.15}}
  adult_admissions: {factors: [mental_health, drug_misuse], per_family_year: 0.3, after_change: {distribution: constant, value: 0.47}}
  missing_episodes: {ages: [12, 18], residential_per_year: 6, other_per_year: 1}
""")
UNIT_TEAM = {"name": "units", "allocation": "unit", "role": "unit", "posts": 100, "fte": 3, "caseload_limit": 72,
             "time": {"direct": 0.3, "recording": 0.55, "travel": 0.15}}


def with_practice(*edits):
    """The England scenario with UNIT_TEAM (and its staff cost) and the PRACTICE blocks, then `edits`."""
    def edit(doc):
        doc["workforce"]["teams"].append(copy.deepcopy(UNIT_TEAM))
        # costs.staff must price every workforce role.
        doc["costs"]["staff"].append({"role": "unit", "salary": 32000, "on_costs": 0.3, "agency_premium": 0.5})
        doc.update(copy.deepcopy(PRACTICE))
        for more in edits:
            more(doc)
    return edit


def overlay(fields):
    """Instead of the England scenario, a file that extends it with `fields`."""
    def edit(doc):
        doc.clear()
        doc.update({"extends": str(ENGLAND)}, **copy.deepcopy(fields))
    return edit


# (label, edit of the England scenario, valid?) -- each invalid one is a mistake PathwayDecoder
# rejects for a reason the schema can express (shares that do not sum to 1, or a `below` on the
# last age band, cannot be expressed, so they are left to `caresim validate`).
PATHWAY_CASES = [
    ("valid: scenarios/england-2014-15.yaml as is", lambda doc: None, True),
    ("valid: only the required fields (no initial, seasonality, factors, trend or stability year)",
     deleting("description", "seed", "replications", "scale", "leave_at", "initial", "calendar.stability_year_ending",
              "referrals.trend_per_year", "referrals.seasonality", "referrals.factors"), True),
    ("invalid: unknown top-level key", setting("seeed", 3), False),
    ("invalid: a placement provider of an unknown type", setting("placements.providers.0.type", "fostering"), False),
    ("invalid: a placement provider's capacity as a word", setting("placements.providers.0.capacity", "lots"), False),
    ("invalid: unknown costs field", setting("costs.discount", 0.03), False),
    ("invalid: a staff cost without salary", deleting("costs.staff.0.salary"), False),
    ("invalid: a negative weekly placement cost", setting("costs.placements.agency_foster", -1), False),
    ("valid: placement capacity unlimited", setting("placements.providers.0.capacity", "unlimited"), True),
    ("invalid: missing required care block", deleting("care"), False),
    ("invalid: unknown placement type name", renaming("care.placements.0.types", "foster", "fostering"), False),
    ("invalid: section47.conference above 1", setting("section47.conference", 1.2), False),
    ("invalid: unknown assessment outcome name", renaming("assessment.outcome.0.shares", "close", "closed"), False),
    ("invalid: unknown cp.next name", renaming("cp.next", "cin", "child_in_need"), False),
    ("invalid: unknown exit route name", renaming("care.exit_routes.4.routes", "age_18", "age18"), False),
    ("invalid: empty cp.next", setting("cp.next", {}), False),
    ("invalid: a share as text", setting("front_door.outcome.in_need", "rest"), False),
    ("invalid: exit_days for age_18", setting("care.exit_days.age_18", {"distribution": "exponential", "mean": 100}), False),
    ("invalid: exit_days without other", deleting("care.exit_days.other"), False),
    ("invalid: unknown key in an age band", setting("assessment.outcome.1.above", 1), False),
    ("invalid: first age band below 0", setting("care.placements.0.below", 0), False),
    ("invalid: stocks_at not a 31 March", setting("calendar.stocks_at", "2013-04-01"), False),
    ("invalid: stocks_at not a date", setting("calendar.stocks_at", "31/03/2013"), False),
    ("invalid: unknown key in calendar", setting("calendar.measure_year_end", 2015), False),
    ("invalid: measure_year_ending not a whole number", setting("calendar.measure_year_ending", 2015.5), False),
    ("invalid: missing referrals.age", deleting("referrals.age"), False),
    ("invalid: seasonality without peak_day", setting("referrals.seasonality", {"amplitude": 0.1}), False),
    ("invalid: seasonality amplitude 1", setting("referrals.seasonality.amplitude", 1), False),
    ("valid: children referred before birth", setting("referrals.unborn", {"share": 0.05, "days_before_birth": {"distribution": "uniform", "min": 30, "max": 180}}), True),
    ("invalid: unborn share above 1", setting("referrals.unborn", {"share": 1.5, "days_before_birth": {"distribution": "uniform", "min": 30, "max": 180}}), False),
    ("invalid: unborn without days_before_birth", setting("referrals.unborn", {"share": 0.05}), False),
    ("invalid: initial.unborn without cin_share", setting("initial.unborn", {"cp_share": 0.2}), False),
    ("invalid: initial.unborn share above 1", setting("initial.unborn", {"cp_share": 1.2, "cin_share": 0.3}), False),
    ("valid: referrals.by_year", setting("referrals.by_year", [{"year_ending": 2014, "factor": 1.1}]), True),
    ("invalid: referrals.by_year factor 0", setting("referrals.by_year", [{"year_ending": 2014, "factor": 0}]), False),
    ("invalid: referrals.by_year without factor", setting("referrals.by_year", [{"year_ending": 2014}]), False),
    ("invalid: referrals.by_year as a mapping", setting("referrals.by_year", {"2014": 1.1}), False),
    ("valid: a conversion's by_year", setting("demand.conversions.care.by_year", [{"year_ending": 2014, "factor": 0.9}]), True),
    ("invalid: a conversion's by_year factor 0", setting("demand.conversions.care.by_year", [{"year_ending": 2014, "factor": 0}]), False),
    ("invalid: a conversion's by_year without year_ending", setting("demand.conversions.care.by_year", [{"factor": 0.9}]), False),
    ("valid: care.unaccompanied", setting("care.unaccompanied", {"per_year": 300, "by_year": [{"year_ending": 2014, "factor": 0.5}],
                                                                "age": {"distribution": "uniform", "min": 15, "max": 18}}), True),
    ("valid: care.by_year", setting("care.by_year", [{"year_ending": 2013, "exit_routes": {"adoption": 0.8, "returned_home": 1.1},
                                                       "entry_ages": [{"below": 1, "factor": 1.2}, {"factor": 1}]}]), True),
    ("valid: care.by_year with routes only", setting("care.by_year", [{"year_ending": 2013, "exit_routes": {"other": 0}}]), True),
    ("invalid: care.by_year unknown route", setting("care.by_year", [{"year_ending": 2013, "exit_routes": {"adopted": 0.8}}]), False),
    ("invalid: care.by_year route factor below 0", setting("care.by_year", [{"year_ending": 2013, "exit_routes": {"adoption": -0.1}}]), False),
    ("invalid: care.by_year without year_ending", setting("care.by_year", [{"exit_routes": {"adoption": 0.8}}]), False),
    ("invalid: care.by_year entry_ages as a mapping", setting("care.by_year", [{"year_ending": 2013, "entry_ages": {"below": 1, "factor": 1.2}}]), False),
    ("invalid: unknown key in care.by_year", setting("care.by_year", [{"year_ending": 2013, "factor": 1.1}]), False),
    ("valid: care.time_by_age", setting("care.time_by_age", [{"below": 5, "factor": 0.8}, {"factor": 1}]), True),
    ("invalid: care.time_by_age factor below 0", setting("care.time_by_age", [{"below": 5, "factor": -0.1}, {"factor": 1}]), False),
    ("invalid: care.time_by_age as a mapping", setting("care.time_by_age", {"below": 5, "factor": 0.8}), False),
    ("invalid: care.unaccompanied without per_year", setting("care.unaccompanied", {"by_year": [{"year_ending": 2014, "factor": 0.5}]}), False),
    ("invalid: care.unaccompanied.per_year below 0", setting("care.unaccompanied", {"per_year": -1}), False),
    ("invalid: care.unaccompanied.by_year factor 0", setting("care.unaccompanied", {"per_year": 10, "by_year": [{"year_ending": 2014, "factor": 0}]}), False),
    ("invalid: unknown key in care.unaccompanied", setting("care.unaccompanied", {"per_year": 10, "ages": 16}), False),
    ("invalid: empty sibling_groups", setting("referrals.sibling_groups", []), False),
    ("invalid: factor name starting with a digit", renaming("referrals.factors", "neglect", "2neglect"), False),
    ("invalid: more than 32 factors", setting("referrals.factors", {f"factor{i}": 0.01 for i in range(33)}), False),
    ("invalid: assessment.slots 2.5", setting("assessment.slots", 2.5), False),
    ("invalid: scale above 1", setting("scale", 1.5), False),
    ("invalid: placement_moves.mean_days 0", setting("care.placement_moves.mean_days", 0), False),
    ("invalid: unknown key in with_parents", setting("care.with_parents.shares", 0.3), False),
    ("invalid: distribution parameter of another kind", setting("cin.care_days", {"distribution": "exponential", "shape": 2}), False),
    ("invalid: initial.year 2016", setting("initial.year", 2016), False),
    ("invalid: initial.open_band_upper_days 730", setting("initial.open_band_upper_days", 730), False),
    ("invalid: unknown key in initial", setting("initial.datas", "../data"), False),
    ("valid: initial.care_remaining_factor 1.4", setting("initial.care_remaining_factor", 1.4), True),
    ("invalid: initial.care_remaining_factor 0", setting("initial.care_remaining_factor", 0), False),
    ("invalid: initial.care_remaining_factor a string", setting("initial.care_remaining_factor", "long"), False),
    ("invalid: hub_bed as a care.placements type (No Wrong Door's own)", renaming("care.placements.0.types", "foster", "hub_bed"), False),
    ("valid: extends giving part of blocks (care.placement_moves, workforce.turnover, initial)",
     overlay({"care": {"placement_moves": {"mean_days": 500}}, "workforce": {"turnover": {"leave_per_year": 0.2}},
              "initial": {"open_band_upper_days": 1600}}), True),
    ("invalid: extends with an unknown key in a block", overlay({"care": {"placement_moves": {"mean_dayz": 500}}}), False),
    # direct_work, practice_models and wider_effects (PracticeModelDecoder).
    ("valid: direct_work, rsw_units, family_safeguarding, no_wrong_door and wider_effects", with_practice(), True),
    ("valid: direct_work and wider_effects without practice models", with_practice(deleting("practice_models")), True),
    ("invalid: practice models without direct_work", with_practice(deleting("direct_work")), False),
    ("invalid: unknown key in direct_work", with_practice(setting("direct_work.hours_per_week", 37)), False),
    ("invalid: missing direct_work.elasticity", with_practice(deleting("direct_work.elasticity")), False),
    ("invalid: direct_work.reference_hours 0", with_practice(setting("direct_work.reference_hours", 0)), False),
    ("invalid: unknown practice model", with_practice(setting("practice_models.signs_of_safety", {})), False),
    ("invalid: missing rsw_units.clinician", with_practice(deleting("practice_models.rsw_units.clinician")), False),
    ("invalid: rsw_units composition role starting with a digit",
     with_practice(renaming("practice_models.rsw_units.composition", "clinician", "2clinician")), False),
    ("invalid: rsw_units.case_discussion_hours negative", with_practice(setting("practice_models.rsw_units.case_discussion_hours", -1)), False),
    ("invalid: clinician.ages with one age", with_practice(setting("practice_models.rsw_units.clinician.ages", [12])), False),
    ("invalid: clinician.places 0", with_practice(setting("practice_models.rsw_units.clinician.places", 0)), False),
    ("invalid: unknown key in clinician", with_practice(setting("practice_models.rsw_units.clinician.hours_per_day", 1)), False),
    ("invalid: family_safeguarding stage assessment",
     with_practice(setting("practice_models.family_safeguarding.stages", ["assessment", "cp"])), False),
    ("invalid: family_safeguarding without recording_multiplier",
     with_practice(deleting("practice_models.family_safeguarding.recording_multiplier")), False),
    ("invalid: empty family_safeguarding.specialists", with_practice(setting("practice_models.family_safeguarding.specialists", [])), False),
    ("invalid: specialist without cases_each",
     with_practice(deleting("practice_models.family_safeguarding.specialists.0.cases_each")), False),
    ("invalid: specialist posts 2.5", with_practice(setting("practice_models.family_safeguarding.specialists.1.posts", 2.5)), False),
    ("invalid: no_wrong_door.hub_beds -1", with_practice(setting("practice_models.no_wrong_door.hub_beds", -1)), False),
    ("invalid: missing no_wrong_door.stay_days", with_practice(deleting("practice_models.no_wrong_door.stay_days")), False),
    ("invalid: outreach.hours_per_week 0", with_practice(setting("practice_models.no_wrong_door.outreach.hours_per_week", 0)), False),
    ("invalid: unknown key in wider_effects", with_practice(setting("wider_effects.ambulance_callouts", {})), False),
    ("invalid: police_callouts with an empty factor list", with_practice(setting("wider_effects.police_callouts.factors", [])), False),
    ("invalid: adult_admissions.per_family_year negative", with_practice(setting("wider_effects.adult_admissions.per_family_year", -0.1)), False),
    ("invalid: missing_episodes without other_per_year", with_practice(deleting("wider_effects.missing_episodes.other_per_year")), False),
]


def schema_accepts(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return not errors, "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors[:3])


def extends_pathway(path, doc):
    """Whether the file extends (directly or not) a pathway scenario."""
    seen = set()
    while isinstance(doc, dict) and isinstance(doc.get("extends"), str) and path not in seen:
        seen.add(path)
        path = (path.parent / doc["extends"]).resolve()
        try:
            doc = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            return False
        if isinstance(doc, dict) and doc.get("model") == "pathway":
            return True
    return False


def merged(base, overlay, whole):
    """`overlay` merged onto `base` as ScenarioNode.merged does: mappings merge key by key (recursively), except
    the keys in `whole`; anything else in the overlay replaces what was there, and a key set to null is removed."""
    if not isinstance(base, dict) or not isinstance(overlay, dict):
        return copy.deepcopy(overlay)
    out = copy.deepcopy(base)
    for key, value in overlay.items():
        if value is None:
            out.pop(key, None)
            continue
        out[key] = merged(out[key], value, whole) if key in out and key not in whole else copy.deepcopy(value)
    return out


def with_parents(path, doc, whole):
    """The file's document with its extends chain resolved, as ScenarioLoader does (None if it cannot be read)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("extends"), str):
        return doc
    parent_path = (path.parent / doc["extends"]).resolve()
    try:
        parent = with_parents(parent_path, load_yaml(parent_path.read_text(encoding="utf-8")), whole)
    except (OSError, yaml.YAMLError, RecursionError):
        return None
    if not isinstance(parent, dict):
        return None
    return merged({k: v for k, v in parent.items() if k != "extends"}, {k: v for k, v in doc.items() if k != "extends"}, whole)


def check_files(validator, pathway_validator):
    """Each file against pathway.schema.json when its top-level model is pathway, else schema.json; a file with
    extends also merged with what it extends, as a whole file (without extends)."""
    files = sorted((ROOT / "scenarios").rglob("*.yaml"))
    check(bool(files), "found scenario files under scenarios/")
    try:
        found = re.search(r"static let replacedWhole\b[^=]*=\s*\[([^\]]*)\]", NODE.read_text(encoding="utf-8"))
        if not found:
            raise ValueError("no `static let replacedWhole = [...]` in ScenarioNode.swift")
        whole = set(swift_list(found.group(1)))
    except (OSError, ValueError) as error:
        check(False, "read the fields an extends overlay replaces whole from ScenarioNode.swift", str(error))
        whole = None
    for path in files:
        try:
            doc = load_yaml(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            check(False, f"schema accepts {path.relative_to(ROOT)}", f"YAML error: {error}")
            continue
        if isinstance(doc, dict) and (doc.get("model") == "pathway" or extends_pathway(path, doc)):
            name, chosen = PATHWAY_SCHEMA_PATH.name, pathway_validator
        else:
            name, chosen = SCHEMA_PATH.name, validator
        ok, detail = schema_accepts(chosen, doc)
        check(ok, f"{name} accepts {path.relative_to(ROOT)}", detail)
        if whole is not None and isinstance(doc, dict) and "extends" in doc:
            complete = with_parents(path, doc, whole)
            ok, detail = schema_accepts(chosen, complete) if complete is not None else (False, "cannot read what it extends")
            check(ok, f"{name} accepts {path.relative_to(ROOT)} merged with what it extends", detail)


def check_cases(validator, caresim):
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, text, valid) in enumerate(CASES):
            text = text.replace("{parent}", str(REFERENCE))
            doc = load_yaml(text)
            ok, detail = schema_accepts(validator, doc)
            expected = "accepts" if valid else "rejects"
            check(ok == valid, f"schema {expected} {label}", detail if valid else "the schema accepted it")
            if caresim:
                file = Path(tmp) / f"case{i}.yaml"
                file.write_text(text, encoding="utf-8")
                run = subprocess.run([caresim, "validate", str(file)], capture_output=True, text=True)
                check((run.returncode == 0) == valid, f"caresim validate {expected} {label}",
                      (run.stdout + run.stderr).strip().replace("\n", "\n      "))


def check_pathway_cases(validator, caresim):
    """The pathway cases: edits of the England scenario (or files extending it), against pathway.schema.json and `caresim validate`."""
    england = load_yaml(ENGLAND.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, edit, valid) in enumerate(PATHWAY_CASES):
            doc = copy.deepcopy(england)
            edit(doc)
            ok, detail = schema_accepts(validator, doc)
            expected = "accepts" if valid else "rejects"
            check(ok == valid, f"pathway.schema.json {expected} {label}", detail if valid else "the schema accepted it")
            if caresim:
                # initial.data is relative to the scenario's folder; the case is written elsewhere.
                if isinstance(doc.get("initial"), dict) and "data" in doc["initial"]:
                    doc["initial"]["data"] = str(DATA)
                file = Path(tmp) / f"pathway{i}.yaml"
                file.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
                run = subprocess.run([caresim, "validate", str(file)], capture_output=True, text=True)
                check((run.returncode == 0) == valid, f"caresim validate {expected} pathway case: {label}",
                      (run.stdout + run.stderr).strip().replace("\n", "\n      "))


def swift_list(text):
    """The string literals of a Swift array literal's contents."""
    return re.findall(r'"([^"]*)"', text)


def top_level_lists(source, file_name):
    """The decoder's `static let requiredTopLevel` and `optionalTopLevel` lists."""
    arrays = {}
    for name in ("requiredTopLevel", "optionalTopLevel"):
        found = re.search(r"static let " + name + r"\s*=\s*\[([^\]]*)\]", source)
        if not found:
            raise ValueError(f"no `static let {name} = [...]` in {file_name}")
        arrays[name] = swift_list(found.group(1))
    return arrays


def decoder_keys():
    """{section: (required, optional)} from the fields(...) calls in ScenarioDecoder.swift."""
    source = DECODER.read_text(encoding="utf-8")
    arrays = top_level_lists(source, DECODER.name)
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


def swift_enum_cases(source):
    """{enum name: [(case name, raw value)]} for the String enums of a Swift source, nested ones too (a case without
    a raw value is its own name)."""
    enums = {}
    for m in re.finditer(r"^(?P<indent>[ \t]*)(?:\w+ )*enum (?P<name>\w+)\s*:\s*String\b[^{\n]*\{(?P<body>.*?)\n(?P=indent)\}",
                         source, re.S | re.M):
        cases = []
        for line in m.group("body").splitlines():
            line = line.split("//")[0].strip()
            if not line.startswith("case "):
                continue
            for item in line[len("case "):].split(","):
                named = re.fullmatch(r'\s*(\w+)\s*(?:=\s*"([^"]*)")?\s*', item)
                if not named:
                    raise ValueError(f"cannot read the enum case `{item.strip()}` of {m.group('name')}")
                cases.append((named.group(1), named.group(2) if named.group(2) is not None else named.group(1)))
        enums[m.group("name")] = cases
    return enums


def swift_enums(source):
    """{enum name: [raw values]} for the String enums of a Swift source."""
    return {name: [raw for _, raw in cases] for name, cases in swift_enum_cases(source).items()}


def pathway_decoder_keys():
    """What PathwayDecoder.swift reads: ({section: (required, optional)}, {share path: allowed names or None},
    {age-banded path: (band key, allowed names)}). The section of the age bands' own fields(...) call is "age_band",
    with the band key as the placeholder "<key>"."""
    source = PATHWAY_DECODER.read_text(encoding="utf-8")
    # The by_year helper the decoder calls (r.byYear) lives in FieldReader.swift, where its calls read `fields(...)`.
    helper = re.search(r"mutating func byYear\(.*?\n    \}\n", READER.read_text(encoding="utf-8"), re.S)
    if not helper:
        raise ValueError("no byYear helper in FieldReader.swift")
    source += "\n" + re.sub(r"(?<![.\w])fields\(", "r.fields(", helper.group(0))
    cases = swift_enum_cases(PATHWAY_PARAMETERS.read_text(encoding="utf-8"))
    enums = {name: [raw for _, raw in c] for name, c in cases.items()}
    arrays = top_level_lists(source, PATHWAY_DECODER.name)
    # Lists computed from an enum: `let routeNames = CareExit.allCases.map(\.rawValue)`.
    enum_list = r"(\w+)\.allCases\.map\(\\\.rawValue\)"
    for var, enum in re.findall(r"let (\w+)\s*=\s*" + enum_list, source):
        if enum not in enums:
            raise ValueError(f"no String enum {enum} in PathwayParameters.swift")
        arrays[var] = enums[enum]

    def names(text, what):
        """The names a Swift expression lists: a literal, a known list, Enum.allCases.map(\.rawValue),
        Enum.allCases.filter { $0 != .someCase }.map(\.rawValue), or a list.filter { $0 != "x" }."""
        text = text.strip()
        if text.startswith("["):
            found = swift_list(text)
            if re.fullmatch(r"\[\s*key\s*\]", text):
                return ["<key>"]
            return found
        if text in arrays:
            return arrays[text]
        m = re.fullmatch(enum_list, text)
        if m and m.group(1) in enums:
            return enums[m.group(1)]
        m = re.fullmatch(r'(\w+)\.filter\s*\{\s*\$0\s*!=\s*"([^"]*)"\s*\}', text)
        if m and m.group(1) in arrays:
            return [k for k in arrays[m.group(1)] if k != m.group(2)]
        m = re.fullmatch(r"(\w+)\.allCases\.filter\s*\{\s*\$0\s*!=\s*\.(\w+)\s*\}\.map\(\\\.rawValue\)", text)
        if m and m.group(1) in cases and m.group(2) in dict(cases[m.group(1)]):
            return [raw for case, raw in cases[m.group(1)] if case != m.group(2)]
        raise ValueError(f"cannot read the {what} `{text}` in PathwayDecoder.swift")

    call = re.compile(
        r"\br\.fields\(\s*\w+\s*,\s*(?P<path>\"[^\"]*\"|\w+)\s*"
        r"(?:,\s*required:\s*(?P<required>\[[^\]]*\]|\w+\.filter\s*\{[^}]*\}|\w+))?"
        r"(?:\s*,\s*optional:\s*(?P<optional>\[[^\]]*\]|\w+))?\s*\)")
    sections = {}
    for m in call.finditer(source):
        path = m.group("path")
        if path.startswith('"'):
            section = path.strip('"') or "top"
        elif path == "p":
            section = "age_band"  # the items of an age-banded list (the ageBanded helper)
        elif path == "byYearItem":
            section = "referrals.by_year.*"  # the items of a by_year list (the byYear helper), also care.unaccompanied's
            sections["care.unaccompanied.by_year.*"] = (names(m.group("required"), "required keys"), [])
        elif path == "careYearItem":
            section = "care.by_year.*"  # the items of care.by_year
        else:
            raise ValueError(f"cannot tell which section `r.fields(..., {path}, ...)` reads")
        required = names(m.group("required"), "required keys") if m.group("required") else []
        optional = names(m.group("optional"), "optional keys") if m.group("optional") else []
        sections[section] = (required, [k for k in optional if k not in required])

    allowed = r"(?P<allowed>nil|\[[^\]]*\]|\w+\.allCases(?:\.filter\s*\{[^}]*\})?\.map\(\\\.rawValue\)|\w+)"
    shares = {}
    for m in re.finditer(r'\bshares\(\s*\w+\["\w+"\]\s*,\s*"(?P<path>[\w.]+)"\s*,\s*allowed:\s*' + allowed + r"\s*\)", source):
        shares[m.group("path")] = None if m.group("allowed") == "nil" else names(m.group("allowed"), "allowed names")
    banded = {}
    for m in re.finditer(r'\bageBanded\(\s*\w+\["\w+"\]\s*,\s*"(?P<path>[\w.]+)"\s*,\s*key:\s*"(?P<key>\w+)"\s*,\s*allowed:\s*'
                         + allowed + r"\s*\)", source):
        banded[m.group("path")] = (m.group("key"), names(m.group("allowed"), "allowed names"))
    return sections, shares, banded


def swift_arguments(source, open_paren):
    """The top-level arguments of the Swift call whose `(` is at `open_paren`, as text, and the index after its `)`."""
    args, depth, start, i, quoted = [], 0, open_paren + 1, open_paren, False
    while i < len(source):
        c = source[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(source[start:i].strip())
                return [a for a in args if a], i + 1
        elif c == "," and depth == 1:
            args.append(source[start:i].strip())
            start = i + 1
        i += 1
    raise ValueError("unbalanced parentheses")


def block_decoder_keys(path):
    """{section: (required, optional)} from every r.fields(node, PATH, required: ..., optional: ...) call of the
    decoder of an optional pathway block (WorkforceDecoder, InterventionDecoder, PracticeModelDecoder). PATH is a
    string expression: literals with interpolations ("\\(p).specialists.\\(i)"), `+`, and local `let`s; an
    interpolated list index stands for any item, written "*" in the section (workforce.teams.*); a function's String
    parameter (`_ p: String`) takes the value of each call of that function. Key lists are literals, local `let`
    lists, or their sums."""
    source = path.read_text(encoding="utf-8")
    funcs = [(m.start(), m.group(1), m.group(2)) for m in re.finditer(r"\bfunc (\w+)\s*(?:<[^>]*>)?\(([^)]*)\)", source)]
    if not funcs:
        raise ValueError(f"no functions in {path.name}")
    ranges = [(start, funcs[k + 1][0] if k + 1 < len(funcs) else len(source), name, params)
              for k, (start, name, params) in enumerate(funcs)]
    lets = [(m.start(), m.group(1), m.group(2).strip()) for m in re.finditer(r"\blet (\w+)\s*=\s*(.+)$", source, re.M)]

    def enclosing(pos):
        return next(r for r in reversed(ranges) if r[0] <= pos)

    def string_params(params):
        """{name: position} of the String parameters."""
        out = {}
        for k, param in enumerate(params.split(",")):
            m = re.fullmatch(r"\s*(?:\w+\s+)?(\w+)\s*:\s*String\s*", param)
            if m:
                out[m.group(1)] = k
        return out

    def local(name, pos):
        """(where, text) of the last `let name = text` before `pos` in its function, or None."""
        start = enclosing(pos)[0]
        found = [(at, text) for at, let, text in lets if let == name and start <= at < pos]
        return found[-1] if found else None

    def string(expr, pos):
        """The value at `pos` of a string expression; a String parameter p of the function stays as "{p}"."""
        params = string_params(enclosing(pos)[3])

        def name(n, in_literal):
            if (let := local(n, pos)) is not None:
                return string(let[1], let[0])
            if n in params:
                return "{" + n + "}"
            if in_literal:
                return "*"  # an interpolated list index: any item
            raise ValueError(f"cannot read the path `{expr}` in {path.name}")

        value = ""
        for term in re.findall(r'"(?:[^"\\]|\\.)*"|[^+\s][^+]*', expr):
            term = term.strip()
            if term.startswith('"'):
                value += re.sub(r"\\\((\w+)\)", lambda m: name(m.group(1), True), term[1:-1])
            else:
                value += name(term, False)
        return value

    def keys(expr, pos):
        """The names of a key list expression at `pos`: literals, local lets, and sums of them."""
        out = []
        for term in re.findall(r"\[[^\]]*\]|\w+", expr):
            if term.startswith("["):
                out += swift_list(term)
            elif (let := local(term, pos)) is not None:
                out += keys(let[1], let[0])
            else:
                raise ValueError(f"cannot read the key list `{expr}` in {path.name}")
        return out

    def values(function, param):
        """The values a function's String parameter takes at its calls."""
        position = string_params(next(params for _, _, name, params in ranges if name == function))[param]
        found = []
        for m in re.finditer(r"(?<!func )\b" + function + r"\(", source):
            args, _ = swift_arguments(source, m.end() - 1)
            found += expand(string(args[position], m.start()), m.start())
        if not found:
            raise ValueError(f"no calls of {function} in {path.name}")
        return found

    def expand(value, pos):
        """The values of a path with "{param}" placeholders, by the calls of the function it is in."""
        m = re.search(r"\{(\w+)\}", value)
        if not m:
            return [value]
        return [v for x in values(enclosing(pos)[2], m.group(1)) for v in expand(value.replace(m.group(0), x, 1), pos)]

    sections = {}
    for m in re.finditer(r"\br\.fields\(", source):
        args, _ = swift_arguments(source, m.end() - 1)
        required, optional = [], []
        for arg in args[2:]:
            label, _, expr = arg.partition(":")
            if label.strip() == "required":
                required = keys(expr, m.start())
            elif label.strip() == "optional":
                optional = keys(expr, m.start())
            else:
                raise ValueError(f"cannot read the argument `{arg}` of r.fields in {path.name}")
        for section in expand(string(args[1], m.start()), m.start()):
            sections[section] = (required, [k for k in optional if k not in required])
    return sections


def check_pathway_drift(pathway, network):
    defs = pathway["$defs"]

    def deref(node):
        while isinstance(node, dict) and "$ref" in node:
            node = defs[node["$ref"].removeprefix("#/$defs/")]
        return node

    def resolve(path):
        """The schema of the mapping at a dotted decoder path ("top": the whole file; "*": any item of a list)."""
        node = pathway
        if path != "top":
            for part in path.split("."):
                node = deref(deref(node)["items"] if part == "*" else deref(node)["properties"][part])
        return deref(node)

    def complete_required(path):
        """What the top-level then (a file without extends) requires of the mapping at a dotted decoder path: extends
        merges mappings field by field, so their required fields are required there, not in the mapping's own schema."""
        node = pathway.get("then", {})
        if path != "top":
            for part in path.split("."):
                node = deref(node).get("properties", {}).get(part, {})
        return deref(node).get("required", [])

    def check_sections(sections, decoder):
        """Each section's keys, required keys (in the then of the top level, or in a list item's own schema: a list
        replaces its parent's whole) and additionalProperties: false against the decoder's fields(...) call."""
        for section, (required, optional) in sorted(sections.items()):
            label = f"pathway {section} keys and required keys match {decoder}"
            try:
                node = resolve(section)
            except KeyError as error:
                check(False, label, f"no schema for {section}: {error}")
                continue
            properties = set(node.get("properties", {})) - ({"extends"} if section == "top" else set())
            own, complete = node.get("required", []), complete_required(section)
            in_list = "*" in section.split(".")
            keys_ok = properties == set(required + optional)
            required_ok = set(own) | set(complete) == set(required)
            # A mapping's required fields apply only without extends; a list item's always.
            placed = not complete if in_list else not own
            closed = node.get("additionalProperties") is False
            check(keys_ok and required_ok and placed and closed, label,
                  f"keys: schema only {sorted(properties - set(required + optional))}, "
                  f"Swift only {sorted(set(required + optional) - properties)}; "
                  f"required: schema {sorted(set(own) | set(complete))}, Swift {sorted(required)}; "
                  + (f"required in the list item's schema: {placed}; " if in_list
                     else f"required only in the top-level then (without extends): {placed}; ")
                  + f"additionalProperties false: {closed}")

    def same(label, schema_keys, swift_keys):
        check(set(schema_keys) == set(swift_keys), label,
              f"schema only: {sorted(set(schema_keys) - set(swift_keys))}; Swift only: {sorted(set(swift_keys) - set(schema_keys))}")

    try:
        sections, shares, banded = pathway_decoder_keys()
        choice = re.search(r'r\.choice\(model,\s*"model",\s*\[([^\]]*)\]\)', DECODER.read_text(encoding="utf-8"))
        if not choice:
            raise ValueError('no r.choice(model, "model", [...]) in ScenarioDecoder.swift')
        models = swift_list(choice.group(1))
    except (OSError, ValueError) as error:
        check(False, "parse the pathway key lists from the Swift sources", str(error))
        return
    same("model enum in schema.json matches ScenarioDecoder's model choice", network["properties"]["model"]["enum"], models)
    check(pathway["properties"]["model"].get("const") == "pathway" and "pathway" in models,
          "pathway.schema.json requires model: pathway, a model ScenarioDecoder accepts",
          f"schema: {pathway['properties']['model']}; decoder: {models}")

    expected = {"top", "calendar", "referrals", "referrals.seasonality", "referrals.unborn", "initial.unborn", "referrals.by_year.*", "front_door", "assessment", "section47", "cin", "cp", "care",
                "care.unaccompanied", "care.unaccompanied.by_year.*", "care.by_year.*", "care.exit_days", "care.placement_moves", "care.with_parents", "returned_home", "closed", "initial", "age_band"}
    check(set(sections) == expected,
          "PathwayDecoder.swift has fields(...) calls for the top level, every block and sub-block, and age bands",
          f"found {sorted(sections)}, expected {sorted(expected)}")
    check_sections({k: v for k, v in sections.items() if k != "age_band"}, "PathwayDecoder")

    # The optional blocks' decoders, each read the same way.
    blocks = (("workforce", WORKFORCE_DECODER, {"workforce", "workforce.teams.*", "workforce.teams.*.serves", "workforce.teams.*.time",
                                                "workforce.turnover"}),
              ("interventions", INTERVENTION_DECODER, {"interventions.*", "interventions.*.eligible", "interventions.*.cost"}),
              ("direct_work, practice_models and wider_effects", PRACTICE_DECODER,
               {"direct_work", "practice_models", "practice_models.rsw_units", "practice_models.rsw_units.clinician",
                "practice_models.family_safeguarding", "practice_models.family_safeguarding.specialists.*",
                "practice_models.no_wrong_door", "practice_models.no_wrong_door.outreach",
                "wider_effects", "wider_effects.police_callouts", "wider_effects.adult_admissions", "wider_effects.missing_episodes"}),
              ("placements and costs", COST_DECODER,
               {"placements", "placements.providers.*", "costs", "costs.staff.*", "costs.practice_models",
                "costs.practice_models.rsw_units", "costs.practice_models.family_safeguarding", "costs.practice_models.no_wrong_door",
                "costs.wider"}))
    for what, source, expected in blocks:
        decoder = source.stem
        try:
            found = block_decoder_keys(source)
        except (OSError, ValueError, StopIteration) as error:
            check(False, f"parse the {what} key lists from {source.name}", str(error))
            continue
        check(set(found) == expected, f"{source.name} has fields(...) calls for {what}, every sub-block and list item",
              f"found {sorted(found)}, expected {sorted(expected)}")
        check_sections(found, decoder)

    check(set(banded) == {"assessment.outcome", "care.exit_routes", "care.placements"} and
          set(shares) == {"front_door.outcome", "cp.next", "care.legal_routes"},
          "PathwayDecoder.swift has share mappings front_door.outcome, cp.next, care.legal_routes and age-banded "
          "assessment.outcome, care.exit_routes, care.placements",
          f"found shares {sorted(shares)}, age-banded {sorted(banded)}")
    band_required, band_optional = sections.get("age_band", ([], []))
    for path, (key, names) in sorted(banded.items()):
        try:
            bands = resolve(path)
            band = deref(bands["items"])
            share_map = deref(band["properties"][key])
        except KeyError as error:
            check(False, f"pathway {path} age bands match PathwayDecoder", f"no schema for it: {error}")
            continue
        required = [key if k == "<key>" else k for k in band_required]
        optional = [key if k == "<key>" else k for k in band_optional]
        check(bands.get("type") == "array" and set(band["properties"]) == set(required + optional)
              and set(band.get("required", [])) == set(required) and band.get("additionalProperties") is False,
              f"pathway {path} age bands have keys {sorted(required + optional)}, requiring {required}, like PathwayDecoder",
              f"schema: type {bands.get('type')}, keys {sorted(band['properties'])}, required {band.get('required')}")
        same(f"pathway {path}.<band>.{key} names match PathwayDecoder's allowed names", share_map.get("properties", {}), names)
    for path, names in sorted(shares.items()):
        try:
            share_map = resolve(path)
        except KeyError as error:
            check(False, f"pathway {path} names match PathwayDecoder", f"no schema for it: {error}")
            continue
        if names is None:
            check(share_map.get("additionalProperties") not in (None, False) and "properties" not in share_map
                  and "propertyNames" not in share_map,
                  f"pathway {path} accepts any names, like PathwayDecoder", "the schema restricts the names")
        else:
            same(f"pathway {path} names match PathwayDecoder's allowed names", share_map.get("properties", {}), names)
            check(share_map.get("additionalProperties") is False, f"pathway {path} accepts no other names",
                  "additionalProperties is not false")

    # The enums themselves, so that a renamed case shows up by name.
    try:
        enums = swift_enums(PATHWAY_PARAMETERS.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        check(False, "parse the String enums of PathwayParameters.swift", str(error))
        return
    for label, path, key, enum in (("assessment outcome", "assessment.outcome", "shares", "AfterAssessment"),
                                   ("cp.next", "cp.next", None, "AfterPlan"),
                                   ("exit route", "care.exit_routes", "routes", "CareExit")):
        node = resolve(path)
        if key:
            node = deref(deref(node["items"])["properties"][key])
        same(f"pathway {label} names match the raw values of {enum}", node.get("properties", {}), enums.get(enum, []))
    same("pathway care.exit_days routes are CareExit's raw values except age_18",
         resolve("care.exit_days")["properties"], [v for v in enums.get("CareExit", []) if v != "age_18"])
    # hub_bed is where No Wrong Door places a child, never a type a scenario's placements draw.
    same("pathway placement type names are PlacementType's raw values except hub_bed",
         deref(deref(resolve("care.placements")["items"])["properties"]["types"]).get("properties", {}),
         [v for v in enums.get("PlacementType", []) if v != "hub_bed"])

    # The optional blocks' names: stages, allocations, intervention effects.
    try:
        intervention_source = INTERVENTION_DECODER.read_text(encoding="utf-8")
        stage_list = re.search(r"static let stageNames\b[^=]*=\s*\[(.*?)\]\s*\n", intervention_source, re.S)
        if not stage_list:
            raise ValueError("no `static let stageNames = [...]` in InterventionDecoder.swift")
        stage_names = re.findall(r'\(\s*"(\w+)"\s*,\s*\.(\w+)\s*\)', stage_list.group(1))
        fs_filter = re.search(r"InterventionDecoder\.stageNames\.filter\s*\{\s*\[([^\]]*)\]\.contains\(\$0\.1\)\s*\}",
                              PRACTICE_DECODER.read_text(encoding="utf-8"))
        if not fs_filter:
            raise ValueError("no `InterventionDecoder.stageNames.filter { [...].contains($0.1) }` in " + PRACTICE_DECODER.name)
        fs_cases = re.findall(r"\.(\w+)", fs_filter.group(1))
        allocations = swift_enums(WORKFORCE_PARAMETERS.read_text(encoding="utf-8"))
        effects = swift_enums(INTERVENTION_PARAMETERS.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        check(False, "parse the stage names and String enums of the workforce, intervention and practice model decoders", str(error))
    else:
        same("pathway interventions.*.eligible.stages names match InterventionDecoder.stageNames",
             resolve("interventions.*.eligible")["properties"]["stages"]["items"].get("enum", []), [n for n, _ in stage_names])
        same("pathway practice_models.family_safeguarding.stages names match PracticeModelDecoder's stages allowed",
             resolve("practice_models.family_safeguarding")["properties"]["stages"]["items"].get("enum", []),
             [n for n, case in stage_names if case in fs_cases])
        same("pathway workforce.teams.*.allocation names match the raw values of WorkforceParameters.Allocation",
             resolve("workforce.teams.*")["properties"]["allocation"].get("enum", []), allocations.get("Allocation", []))
        same("pathway interventions.*.effects names match the raw values of InterventionParameters.Effect",
             resolve("interventions.*.effects")["properties"], effects.get("Effect", []))

    check(pathway["properties"]["generator"] == network["properties"]["generator"],
          "pathway.schema.json's generator is schema.json's (checked against GeneratorKind)", "the copies differ")
    for name in ("distribution", "bands", "band", "name"):
        check(defs.get(name) == network["$defs"].get(name), f"pathway.schema.json's $defs/{name} is schema.json's",
              "the copies differ; copy it again from schema.json")


def check_descriptions(schema, schema_name="schema.json"):
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
    check(not missing, f"every property in {schema_name} has a description", ", ".join(missing))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caresim", help="path of the built caresim executable, to cross-check the inline documents")
    args = parser.parse_args()
    if args.caresim and not os.access(args.caresim, os.X_OK):
        parser.error(f"{args.caresim} is not an executable")

    schemas = {}
    for path in (SCHEMA_PATH, PATHWAY_SCHEMA_PATH):
        try:
            schemas[path] = json.loads(path.read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schemas[path])
            check(True, f"{path.name} is a valid draft 2020-12 schema")
        except (OSError, ValueError) as error:
            check(False, f"{path.name} is a valid draft 2020-12 schema", str(error))
        except jsonschema.SchemaError as error:
            check(False, f"{path.name} is a valid draft 2020-12 schema", error.message)
    if failed:
        print(f"{passed} passed, {failed} failed")
        return 1
    schema, pathway = schemas[SCHEMA_PATH], schemas[PATHWAY_SCHEMA_PATH]
    validator = jsonschema.Draft202012Validator(schema)
    pathway_validator = jsonschema.Draft202012Validator(pathway)
    check_files(validator, pathway_validator)
    check_cases(validator, args.caresim)
    check_pathway_cases(pathway_validator, args.caresim)
    check_drift(schema)
    check_pathway_drift(pathway, schema)
    check_descriptions(schema, SCHEMA_PATH.name)
    check_descriptions(pathway, PATHWAY_SCHEMA_PATH.name)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
