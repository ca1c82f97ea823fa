"""The generator's run: cases in parallel, a per-case cache, the table and the JSON fixture."""

import hashlib
import json
import multiprocessing
import os
import time

from .cases import CASES
from .cli import note, option
from .evaluation import DPS_B, KINDS, run_case

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = "Tests/Fixtures/divergence-reference.json"
GENERATED_BY = "Tests/Fixtures/make_divergence_reference.py"
# The modules the values depend on (all but the case list and the runs around them).
COMPUTING = ("logspace", "densities", "spec", "finiteness", "quadrature", "integrands",
             "closed_forms", "evaluation")


def case_key(c):
    """Cache key: the computing code (the COMPUTING modules without their docstrings)
    and the case."""
    code = ""
    for name in COMPUTING:
        with open(os.path.join(HERE, name + ".py"), encoding="utf-8") as fh:
            code += fh.read().split('"""', 2)[2]
    return hashlib.sha256((code + repr(c)).encode()).hexdigest()[:20]


def run_one(args):
    c, cache_dir = args
    cid, cls, p, q, dom = c
    path = os.path.join(cache_dir, cid + ".json") if cache_dir else None
    if path and os.path.exists(path):
        with open(path) as fh:
            saved = json.load(fh)
        if saved["key"] == case_key(c):
            return saved["case"], [tuple(x) for x in saved["log"]]
    t1 = time.time()
    log = []
    kinds = run_case({"id": cid, "p": p, "q": q, "domain": dom}, log)
    note("%-40s %5.1fs" % (cid, time.time() - t1))
    case = {"id": cid, "class": cls, "p": p, "q": q, "domain": dom,
            "kinds": {k: kinds[k] for k in KINDS if k in kinds}}
    if path:
        with open(path, "w") as fh:
            json.dump({"key": case_key(c), "case": case, "log": log}, fh)
    return case, log


def write_fixture(doc, path):
    with open(path, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


def print_table(cases, log, t0):
    print("%-40s %-10s %-6s %-25s %s" % ("id", "kind", "finite", "value", "error"))
    for c in cases:
        for k, r in c["kinds"].items():
            print("%-40s %-10s %-6s %-25s %s" % (c["id"], k, r["finite"], repr(r["value"]), repr(r["error"])))
    for cid, k, why in log:
        print("NOTE %s %s: %s" % (cid, k, why))
    print("%d cases, %d kinds, %.1f s" % (len(cases), sum(len(c["kinds"]) for c in cases), time.time() - t0))


def main(argv):
    only = None
    out_path = option(argv, "--out", DEFAULT_OUT)
    if "--only" in argv:
        only = set(option(argv, "--only").split(","))
    t0 = time.time()
    ids = [c[0] for c in CASES]
    assert len(set(ids)) == len(ids), "duplicate case ids"
    if "--class" in argv:
        only = set(c[0] for c in CASES if c[1] == option(argv, "--class"))
    todo = [c for c in CASES if not only or c[0] in only]
    # short specs first: the many-component and deeply nested mixtures are the slowest
    todo.sort(key=lambda c: len(c[2]) + len(c[3]))
    jobs = int(option(argv, "--jobs", "2"))
    cache_dir = option(argv, "--cache")
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
    with multiprocessing.Pool(jobs) as pool:
        results = pool.map(run_one, [(c, cache_dir) for c in todo], chunksize=1)
    cases, log = [], []
    order = {c[0]: i for i, c in enumerate(CASES)}
    results.sort(key=lambda r: order[r[0]["id"]])
    for case, clog in results:
        cases.append(case)
        log += clog
    print_table(cases, log, t0)
    if "--merge" in argv:
        # Replace or add the cases just computed in the existing fixture, in CASES order
        # (so the chi2shape cases can be added without recomputing the 2.4 CPU hours of
        # the others).
        with open(out_path) as fh:
            doc = json.load(fh)
        byid = {c["id"]: c for c in doc["cases"]}
        for c in cases:
            byid[c["id"]] = c
        doc["cases"] = [byid[c[0]] for c in CASES if c[0] in byid]
        write_fixture(doc, out_path)
        print("merged %d cases into %s" % (len(cases), out_path))
    elif only is None:
        write_fixture({"generated_by": GENERATED_BY, "mpmath_dps": DPS_B, "cases": cases}, out_path)
        print("wrote", out_path)
