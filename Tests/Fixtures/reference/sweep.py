"""The sweep's run: references (cached), ganflow through the built CLI, a verdict per kind."""

import json
import math
import multiprocessing
import os
import subprocess
import time

from .cli import note, option
from .evaluation import KINDS
from .sweep_pairs import make_pairs
from .sweep_reference import SWEEP_A, reference

RANGES = {"js": (0.0, math.log(2)), "tv": (0.0, 1.0), "hellinger2": (0.0, 1.0),
          "kl": (0.0, math.inf), "chi2": (0.0, math.inf)}
VERDICTS = ("right", "refused", "wrong", "noref")


def ganflow(case, exe):
    try:
        r = subprocess.run([exe, "divergence", "--p", case["p"], "--q", case["q"], "--kind", "all", "--json"],
                           capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, "timeout", None
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        return None, (r.stdout + r.stderr)[:300], r.returncode
    return {x["kind"]: x for x in doc["results"]}, None, r.returncode


def judge(kind, g, ref, exit_code):
    if ref is None:
        return "noref", ""
    if g is None:
        return "wrong", "kind missing from ganflow's output"
    if g["finite"] is None:
        return "refused", g.get("error", "")
    if not ref["finite"]:
        return ("right", "") if g["finite"] is False else ("wrong", "finite %r vs reference infinite" % g["value"])
    if g["finite"] is False:
        return "wrong", "infinite (%s) vs reference %r" % (g.get("reason"), ref["value"])
    v, e = g["value"], g["error"]
    lo, hi = RANGES[kind]
    if exit_code == 0 and (v < lo - 0 or v > hi) and abs(v - min(max(v, lo), hi)) > 0:
        # printed outside the range with exit 0: allowed only if the printed error covers it
        if abs(v - min(max(v, lo), hi)) > e:
            return "wrong", "value %r outside [%r, %r] beyond its error %r" % (v, lo, hi, e)
    if abs(v - ref["value"]) > e + ref["error"]:
        return "wrong", "%r ± %.2e vs reference %r ± %.2e (off %.2e = %.1f× the allowance)" % (
            v, e, ref["value"], ref["error"], abs(v - ref["value"]), abs(v - ref["value"]) / (e + ref["error"]))
    return "right", ""


def update_refs(todo, refs, refs_path, jobs, key):
    """Compute the missing references, saving the cache after each one."""
    t0 = time.time()
    with multiprocessing.Pool(jobs) as pool:
        for c, r in zip(todo, pool.imap(reference, todo, chunksize=1)):
            refs[key(c)] = r
            note("ref %-14s %6.1fs %s" % (c["id"], r["seconds"], c["class"]))
            with open(refs_path + ".tmp", "w") as fh:
                json.dump(refs, fh)
            os.replace(refs_path + ".tmp", refs_path)
    note("references: %d new in %.0f s" % (len(todo), time.time() - t0))


def main(argv):
    seed, count = int(option(argv, "--seed", "1")), int(option(argv, "--count", "300"))
    jobs = int(option(argv, "--jobs", "2"))
    refs_path = option(argv, "--refs", "/tmp/ganflow-sweep-refs-%d.json" % seed)
    exe = option(argv, "--exe", ".build/release/ganflow")
    dps_a = SWEEP_A["dps"]
    show_refused = "--show-refused" in argv
    cases = make_pairs(seed, count)
    refs = {}
    if os.path.exists(refs_path):
        with open(refs_path) as fh:
            refs = json.load(fh)
    key = lambda c: "%d|%s|%s" % (dps_a, c["p"], c["q"])
    todo = [c for c in cases if key(c) not in refs]
    if "--judge-only" in argv:
        # judge the pairs whose references are already cached (a partial sweep)
        cases = [c for c in cases if key(c) in refs]
        todo = []
    if todo:
        update_refs(todo, refs, refs_path, jobs, key)
    counts = dict.fromkeys(VERDICTS, 0)
    per_class = {}
    for c in cases:
        r = refs[key(c)]
        out, failure, code = ganflow(c, exe)
        for k in KINDS:
            ref = r["kinds"].get(k)
            if out is None:
                verdict, why = ("refused", failure) if code not in (0, None) else ("wrong", "no JSON: %s" % failure)
            else:
                verdict, why = judge(k, out.get(k), ref, code)
            counts[verdict] += 1
            per_class.setdefault(c["class"], dict.fromkeys(VERDICTS, 0))[verdict] += 1
            if verdict == "wrong":
                print("WRONG %s %s P=%s Q=%s: %s" % (c["id"], k, c["p"], c["q"], why), flush=True)
            elif verdict == "refused" and show_refused:
                print("REFUSED %s %s P=%s Q=%s: %s" % (c["id"], k, c["p"][:120], c["q"][:120], why[:200]), flush=True)
    for cls, cc in sorted(per_class.items()):
        print("class %-18s %s" % (cls, " ".join("%s %d" % kv for kv in cc.items())))
    print("pairs %d kinds %d: right %d refused %d wrong %d noref %d" % (
        len(cases), len(cases) * len(KINDS), counts["right"], counts["refused"], counts["wrong"], counts["noref"]))
    return 1 if counts["wrong"] else 0
