#!/usr/bin/env python3
"""The reporting half of `benchmarks/run report`. Three subcommands:

  python3 benchmarks/report.py meta OUT_JSON --kind KIND ... < COMMANDS
      writes the run's meta.json: what was run (the command lines, one a line on standard
      input), where, on which JDK and code, with the load average before (given) and after
      (read here); `meta --help` lists the fields.
  python3 benchmarks/report.py strip JSON...
      replaces the raw sample histograms in JMH result files with their sample count, so that
      a SampleTime run's JSON stays kilobytes rather than megabytes.
  python3 benchmarks/report.py page DOCS_DIR [--charts svg|png] [--results RESULTS_DIR]
      writes DOCS_DIR/benchmarks.md (normally `docs`) from the JMH and JOL JSON in
      RESULTS_DIR/jdk*/ (normally benchmarks/results), and one chart per contended benchmark into
      DOCS_DIR/benchmarks/<run>/.

The tables and verdicts are computed here, with the standard library only; the charts are drawn
by dev.bouncer.bench.Charts (JFreeChart) from benchmarks/target/benchmarks.jar, run with
$JAVA_HOME/bin/java or `java`. Every ratio is bouncer/JDK. A verdict is "met" or "not met" only
when the whole interval of the ratio, taken from JMH's 99.9% confidence intervals of both scores,
lies on one side of the target; otherwise it is "within error". Scores without an error bar
(percentiles, single iterations) are judged on the point estimate and say so.
"""

import argparse
import glob
import json
import math
import os
import platform
import subprocess
import sys

BENCH = "dev.bouncer.bench."
UNCONTENDED = BENCH + "UncontendedSemaphore"
CONTENDED = BENCH + "ContendedSemaphore.acquireWorkRelease"
WAKE_UP = BENCH + "WakeUpLatency.releaseUntilWaiterRuns"
VIRTUAL = BENCH + "VirtualThreadsThroughSemaphore.hundredThousandThroughEight"
UNCONTENDED_MUTEX = BENCH + "UncontendedMutex.lockUnlock"
CONTENDED_MUTEX = BENCH + "ContendedMutex.lockWorkUnlock"
BUFFER = BENCH + "BufferTransfer.transfer"

# The values of each enum @Param, with the names the tables use; the baseline comes second.
MUTEX_IMPLS = [("BOUNCER", "bouncer"), ("JDK_REENTRANT_LOCK", "ReentrantLock"),
               ("SYNCHRONIZED", "synchronized")]
BUFFER_IMPLS = [("BOUNCER", "bouncer"), ("JDK_ARRAY_BLOCKING_QUEUE", "ABQ"),
                ("JDK_LINKED_BLOCKING_QUEUE", "LBQ")]
# Queues outside the JDK that the buffer is measured against but no verdict is judged on.
BUFFER_ANCHORS = [("CONVERSANT_DISRUPTOR", "Conversant")]
BUFFER_CAPACITIES = ("1024", "16")

KIND_TEXT = {
    "pipeline-check": "**Pipeline check on a busy shared machine: not a result.** It proves that "
                      "`benchmarks/run report` produces this page, the JSON and the charts end to "
                      "end. Other engineers were building and testing on the same 2 cores, and "
                      "the run used 1 fork and sub-second iterations, so no number below may be "
                      "quoted and no verdict below means anything.",
    "scaling": "Scaling run (`benchmarks/run report --scaling`): the contended shapes from 2 to 32 "
               "threads on a many-core machine, 1 fork, 1 warm-up and 3 measured iterations of "
               "0.5 s each. Nothing else ran on the machine, but one fork and short iterations "
               "give wide intervals: read the shape of the curves and the verdicts whose "
               "interval clears the goal, not the third digit.",
    "targets": "Targeted run on the same many-core machine, right after the scaling run: only the "
               "shapes whose targets the scaling run could not judge (fair at 4 threads, nonfair "
               "at 2, the buffer at 2P2C and 8P8C), 3 forks of 1 warm-up and 3 measured "
               "iterations of 0.5 s each, so each verdict rests on 9 measurements per side. "
               "Shapes not listed were not run here.",
    "report": "Standard suite: 3 forks per shape, 2 for the shapes no target reads (Mutex at "
              "2 and 16 threads, the buffer at 1P1C). Judge a verdict together with the load "
              "average recorded for the run.",
}


# ---- reading ----

def num(x):
    """JMH writes NaN as the string "NaN"."""
    try:
        value = float(x)
    except (TypeError, ValueError):
        return math.nan
    return value


class Score:
    def __init__(self, value, error=math.nan, unit=""):
        self.value = value
        self.error = error
        self.unit = unit

    def has_error(self):
        return not math.isnan(self.error)

    def text(self, digits=None):
        if digits is None:
            digits = 3 if abs(self.value) < 10 else (1 if abs(self.value) < 1000 else 0)
        if self.has_error():
            return f"{self.value:,.{digits}f} ± {self.error:,.{digits}f}"
        return f"{self.value:,.{digits}f}"


class Result:
    def __init__(self, raw):
        self.benchmark = raw["benchmark"]
        self.mode = raw["mode"]
        self.threads = raw["threads"]
        self.forks = raw["forks"]
        self.params = raw.get("params", {})
        metric = raw["primaryMetric"]
        self.unit = metric["scoreUnit"]
        self.score = Score(num(metric["score"]), num(metric["scoreError"]), self.unit)
        self.percentiles = {float(k): num(v) for k, v in metric.get("scorePercentiles", {}).items()}
        # SampleTime: the number of samples, from the histogram JMH writes or from the count that
        # strip_histograms() left in its place.
        self.samples = metric.get("sampleCount") or sample_count(metric) or None
        self.secondary = {name: Score(num(m["score"]), num(m["scoreError"]), m["scoreUnit"])
                          for name, m in raw.get("secondaryMetrics", {}).items()}

    def matches(self, benchmark, threads=None, **params):
        if self.benchmark != benchmark:
            return False
        if threads is not None and self.threads != threads:
            return False
        return all(self.params.get(k) == v for k, v in params.items())


def sample_count(metric):
    """The samples in a SampleTime metric's histogram: per fork, per iteration, [value, count]s."""
    return sum(count for fork in metric.get("rawDataHistogram", [])
               for iteration in fork for _, count in iteration)


def strip_histograms(paths):
    """Replaces each metric's raw sample histogram with its sample count ("sampleCount").

    The histograms of a SampleTime run are megabytes of [value, count] pairs; the report reads only
    their total and the percentiles JMH already summarised in scorePercentiles."""
    for path in paths:
        with open(path) as f:
            results = json.load(f)
        if not isinstance(results, list):
            continue
        changed = False
        for result in results:
            metrics = [result.get("primaryMetric", {})] + list(result.get("secondaryMetrics", {}).values())
            for metric in metrics:
                if "rawDataHistogram" in metric:
                    metric["sampleCount"] = sample_count(metric)
                    del metric["rawDataHistogram"]
                    changed = True
        if changed:
            with open(path, "w") as f:
                json.dump(results, f, indent=4)
                f.write("\n")


class Run:
    def __init__(self, directory):
        self.directory = directory
        self.name = os.path.basename(directory)
        with open(os.path.join(directory, "meta.json")) as f:
            self.meta = json.load(f)
        self.results = []
        self.json_files = []
        self.by_file = {}
        for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
            base = os.path.basename(path)
            if base in ("meta.json", "footprint.json"):
                continue
            self.json_files.append(base)
            with open(path) as f:
                self.by_file[base] = [Result(r) for r in json.load(f)]
            self.results.extend(self.by_file[base])
        self.footprint = None
        path = os.path.join(directory, "footprint.json")
        if os.path.exists(path):
            with open(path) as f:
                self.footprint = json.load(f)

    def find(self, benchmark, threads=None, **params):
        found = [r for r in self.results if r.matches(benchmark, threads, **params)]
        return found[0] if found else None

    def thread_counts(self, benchmark):
        return sorted({r.threads for r in self.results if r.benchmark == benchmark})


# ---- ratios and verdicts ----

def ratio(a, b):
    """a/b with the widest interval that the two confidence intervals allow."""
    if a is None or b is None or b.value == 0:
        return None
    point = a.value / b.value
    if a.has_error() and b.has_error():
        low = max(0.0, a.value - a.error) / (b.value + b.error)  # no score is negative
        high = (a.value + a.error) / (b.value - b.error) if b.value > b.error else math.inf
        return point, low, high
    return point, None, None


def ratio_text(r):
    if r is None:
        return "—"
    point, low, high = r
    if low is None:
        return f"{point:.2f}"
    high_text = "∞" if math.isinf(high) else f"{high:.2f}"
    return f"{point:.2f} ({low:.2f}–{high_text})"


def verdict(r, target, at_most):
    """at_most: the ratio must be <= target (times, bytes); else >= target (throughput)."""
    if r is None:
        return "no data"
    point, low, high = r
    if low is None:
        ok = point <= target if at_most else point >= target
        return ("met" if ok else "not met") + " (point estimate)"
    if at_most:
        if high <= target:
            return "met"
        if low > target:
            return "not met"
    else:
        if low >= target:
            return "met"
        if high < target:
            return "not met"
    return "within error"


def targets(run):
    """One row per (target, shape): what docs/performance.md sets as the target, and what this run measured."""
    rows = []

    def add(target, shape, bouncer, jdk, r, limit, at_most):
        sign = "≤" if at_most else "≥"
        rows.append((target, shape, bouncer, jdk, ratio_text(r), f"{sign} {limit:g}×",
                     verdict(r, limit, at_most)))

    for method in ("tryAcquireRelease", "acquireRelease"):
        for fair in ("false", "true"):
            b = run.find(f"{UNCONTENDED}.{method}", impl="BOUNCER", fair=fair)
            j = run.find(f"{UNCONTENDED}.{method}", impl="JDK", fair=fair)
            floor = run.find(f"{UNCONTENDED}.{method}", impl="TWO_ATOMICS_FLOOR", fair=fair)
            shape = f"{method}, {'fair' if fair == 'true' else 'nonfair'}"
            add("Uncontended time vs JDK", shape, text(b), text(j),
                ratio(b and b.score, j and j.score), 1.0, True)
            add("Uncontended time vs two-atomic floor", shape, text(b),
                "floor " + text(floor), ratio(b and b.score, floor and floor.score), 1.1, True)

    for threads, limit in ((2, 1.2), (4, 1.0), (16, 1.0)):
        for permits in ("ONE", "HALF_THE_THREADS"):
            if threads == 2 and permits != "ONE":
                continue
            b = run.find(CONTENDED, threads, impl="BOUNCER", fair="false", permits=permits)
            j = run.find(CONTENDED, threads, impl="JDK", fair="false", permits=permits)
            add(f"Contended nonfair throughput, {threads} threads",
                f"{threads} threads, {permits_text(permits, threads)}", text(b), text(j),
                ratio(b and b.score, j and j.score), limit, False)
    for permits in ("ONE", "HALF_THE_THREADS"):
        b = run.find(CONTENDED, 4, impl="BOUNCER", fair="true", permits=permits)
        j = run.find(CONTENDED, 4, impl="JDK", fair="true", permits=permits)
        add("Contended fair throughput, 4 threads", f"4 threads, {permits_text(permits, 4)}",
            text(b), text(j), ratio(b and b.score, j and j.score), 3.0, False)

    for fair in ("false", "true"):
        b = run.find(UNCONTENDED_MUTEX, impl="BOUNCER", fair=fair)
        j = run.find(UNCONTENDED_MUTEX, impl="JDK_REENTRANT_LOCK", fair=fair)
        add("Mutex uncontended time vs ReentrantLock", f"lock + unlock, {fair_text(fair)}",
            text(b), text(j), ratio(b and b.score, j and j.score), 0.85, True)
    b = run.find(CONTENDED_MUTEX, 4, impl="BOUNCER", fair="true")
    j = run.find(CONTENDED_MUTEX, 4, impl="JDK_REENTRANT_LOCK", fair="true")
    add("Mutex contended fair throughput vs ReentrantLock, 4 threads", "4 threads, fair",
        text(b), text(j), ratio(b and b.score, j and j.score), 3.0, False)
    for threads in (4, 16):
        for capacity in BUFFER_CAPACITIES:
            b = run.find(BUFFER, threads, impl="BOUNCER", capacity=capacity)
            name, j = better_jdk_queue(run, threads, capacity)
            add("BoundedBuffer transfers vs the better JDK queue",
                f"{pairs_text(threads)}, capacity {capacity}", transfers_text(b),
                f"{name} {transfers_text(j)}" if j else "—",
                ratio(transfers(b), transfers(j)), 1.5, False)

    for primitive, state, b, j in footprint_pairs(run):
        add("Footprint", f"{primitive}, {state}, vs {short_class(j['class'])}",
            f"{b['bytes']} B", f"{j['bytes']} B",
            (b["bytes"] / j["bytes"], None, None), 0.6, True)
    if run.footprint is None:
        add("Footprint", "Semaphore", "—", "—", None, 0.6, True)

    for fair in ("false", "true"):
        b = run.find(WAKE_UP, impl="BOUNCER", fair=fair)
        j = run.find(WAKE_UP, impl="JDK", fair=fair)
        bp = b and Score(b.percentiles.get(99.0, math.nan))
        jp = j and Score(j.percentiles.get(99.0, math.nan))
        add("Wake-up latency p99", "fair" if fair == "true" else "nonfair",
            bp.text() + " µs" if bp else "—", jp.text() + " µs" if jp else "—",
            ratio(bp, jp), 1.0, True)
    # The text mentions "(point estimate)" wherever no error bar was available.
    return [row[:6] + (row[6].replace(" (point estimate)", " (point est.)"),) for row in rows]


def footprint_pairs(run):
    if run.footprint is None:
        return []
    rows = run.footprint["rows"]
    pairs = []
    for b in rows:
        if b["impl"] != "BOUNCER":
            continue
        for j in rows:
            if j["impl"] != "BOUNCER" and j["primitive"] == b["primitive"] \
                    and j["state"] == b["state"]:
                pairs.append((b["primitive"], b["state"], b, j))
    return pairs


def objects(row):
    return f"{row['bytes']} ({row['objects']} object{'' if row['objects'] == 1 else 's'})"


def text(result):
    return result.score.text() if result else "—"


def transfers(result):
    """BufferTransfer: elements moved end to end per µs, which is the consumers' take rate."""
    return result.secondary.get("take") if result else None


def transfers_text(result):
    score = transfers(result)
    return score.text() if score else "—"


def failed_tries(result):
    if result is None:
        return None
    counts = [result.secondary[k].value for k in ("failedOffers", "failedPolls")
              if k in result.secondary]
    return sum(counts) if counts else None


def line_round_trip_text(run, threads):
    """The LineHandoff round trip measured just before the buffer shape of these threads, in ns."""
    pairs = threads // 2
    found = run.by_file.get(f"line-handoff-{pairs}p{pairs}c.json", [])
    ping = found[0].secondary.get("ping") if found else None
    if ping is None or not ping.value > 0:
        return "—"
    return f"{1000 / ping.value:.0f}"


def pairs_text(threads):
    return f"{threads // 2}P{threads // 2}C"


def better_jdk_queue(run, threads, capacity):
    """The JDK queue with the higher transfer rate at this shape, as (name, result)."""
    found = [(name, run.find(BUFFER, threads, impl=impl, capacity=capacity))
             for impl, name in BUFFER_IMPLS[1:]]
    found = [(name, r) for name, r in found if transfers(r)]
    if not found:
        return None, None
    return max(found, key=lambda pair: transfers(pair[1]).value)


def permits_text(permits, threads):
    return "1 permit" if permits == "ONE" else f"{max(1, threads // 2)} permits (threads/2)"


def short_class(name):
    return name.rsplit(".", 1)[-1] if name.startswith("java.") else name


def fair_text(fair):
    return "fair" if fair == "true" else "nonfair"


# ---- markdown ----

def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def section(run, charts):
    meta = run.meta
    out = []
    label = {"pipeline-check": "pipeline check, not a result",
             "scaling": f"scaling on {meta['cores']} cores",
             "targets": f"target shapes, 3 forks, on {meta['cores']} cores"}.get(meta["kind"], "report")
    out.append(f"## JDK {meta['jdk_feature']} ({label})")
    out.append("")
    out.append(KIND_TEXT.get(meta["kind"], ""))
    out.append("")
    out.append(table(["", ""], [
        ("JDK", f"`{meta['java']}`"),
        ("Machine", f"{meta['cpu']}, {meta['cores']} cores (`/proc/cpuinfo`, `nproc`), {meta['kernel']}"),
        ("Load average (1, 5, 15 min)",
         f"{meta['load_before']} before, {meta['load_after']} after"),
        ("Started", f"{meta['started']}, {meta['wall_seconds']} s wall"),
        ("Script", f"`{meta['script']}`"),
        ("Code", f"`{meta['commit']}`" if "commit" in meta else
         "not recorded: the run predates commit recording, and measured the BoundedBuffer "
         "before its padding (docs/performance.md, \"Padding the buffer's hot words\")"),
        ("Raw JSON", ", ".join(f"[{f}]({os.path.join(charts.results_link, run.name, f)})"
                               for f in run.json_files + ["footprint.json", "meta.json"])),
    ]))
    out.append("")
    out.append("Exact commands:")
    out.append("")
    out.append("```sh")
    out.extend(meta["commands"])
    out.append("```")
    out.append("")

    out.append("### Targets")
    out.append("")
    out.append("Ratio is bouncer/JDK (or bouncer/floor), with the interval that the two 99.9% "
               "confidence intervals allow in brackets.")
    out.append("")
    out.append(table(["Target", "Shape", "bouncer", "JDK", "Ratio", "Goal", "Verdict"],
                     targets(run)))
    out.append("")

    out.append("### Uncontended acquire + release (ns/op, lower is better)")
    out.append("")
    out.append("`UncontendedSemaphore`: one thread, one permit; the floor is a CAS down and a "
               "`getAndAdd` up on one int.")
    out.append("")
    rows = []
    for method in ("tryAcquireRelease", "acquireRelease"):
        for fair in ("false", "true"):
            name = f"{UNCONTENDED}.{method}"
            b = run.find(name, impl="BOUNCER", fair=fair)
            j = run.find(name, impl="JDK", fair=fair)
            floor = run.find(name, impl="TWO_ATOMICS_FLOOR", fair=fair)
            failed = [r.secondary["failedTries"].value for r in (b, j, floor)
                      if r and "failedTries" in r.secondary]
            rows.append((method, fair_text(fair), text(b), text(j), text(floor),
                         ratio_text(ratio(b and b.score, j and j.score)),
                         ratio_text(ratio(b and b.score, floor and floor.score)),
                         ratio_text(ratio(j and j.score, floor and floor.score)),
                         f"{sum(failed):g}" if failed else "—"))
    out.append(table(["Method", "Mode", "bouncer", "JDK", "floor", "bouncer/JDK",
                      "bouncer/floor", "JDK/floor", "failed tries"], rows))
    out.append("")

    out.append("### Contended acquire, work, release (ops/µs, higher is better)")
    out.append("")
    out.append("`ContendedSemaphore`: every thread loops `acquire(); consumeCPU(16); release()` on "
               "one semaphore. On 2 cores, 16 and 64 threads measure oversubscription.")
    out.append("")
    rows = []
    for threads in run.thread_counts(CONTENDED):
        for fair in ("false", "true"):
            for permits in ("ONE", "HALF_THE_THREADS"):
                b = run.find(CONTENDED, threads, impl="BOUNCER", fair=fair, permits=permits)
                j = run.find(CONTENDED, threads, impl="JDK", fair=fair, permits=permits)
                if b is None and j is None:
                    continue
                rows.append((threads, permits_text(permits, threads), fair_text(fair), text(b),
                             text(j), ratio_text(ratio(b and b.score, j and j.score))))
    out.append(table(["Threads", "Permits", "Mode", "bouncer", "JDK", "bouncer/JDK"], rows))
    out.append("")
    out.extend(charts.link(run, "semaphore-contended"))

    out.append("### Wake-up latency (µs from `release()` until the parked acquirer runs)")
    out.append("")
    rows = []
    for fair in ("false", "true"):
        b = run.find(WAKE_UP, impl="BOUNCER", fair=fair)
        j = run.find(WAKE_UP, impl="JDK", fair=fair)
        if b is None and j is None:
            continue
        row = [fair_text(fair)]
        for p in (50.0, 99.0):
            bp = b and Score(b.percentiles.get(p, math.nan))
            jp = j and Score(j.percentiles.get(p, math.nan))
            row += [bp.text() if bp else "—", jp.text() if jp else "—",
                    ratio_text(ratio(bp, jp))]
        row.append(" / ".join(str(r.samples) if r and r.samples else "—" for r in (b, j)))
        rows.append(row)
    out.append(table(["Mode", "bouncer p50", "JDK p50", "p50 ratio", "bouncer p99", "JDK p99",
                      "p99 ratio", "samples (bouncer / JDK)"], rows))
    out.append("")

    out.append("### 100,000 virtual threads through `Semaphore(8)` (ms per batch, lower is better)")
    out.append("")
    rows = []
    for fair in ("false", "true"):
        b = run.find(VIRTUAL, impl="BOUNCER", fair=fair)
        j = run.find(VIRTUAL, impl="JDK", fair=fair)
        if b or j:
            rows.append((fair_text(fair), text(b), text(j),
                         ratio_text(ratio(b and b.score, j and j.score))))
    if rows:
        out.append(table(["Mode", "bouncer", "JDK", "bouncer/JDK"], rows))
    else:
        out.append(f"Not run: virtual threads need JDK 21+, this run used JDK "
                   f"{meta['jdk_feature']}.")
    out.append("")

    out.extend(mutex_sections(run, charts))
    out.extend(buffer_section(run, charts))

    out.append("### Footprint (bytes reachable from one instance, JOL `GraphLayout`)")
    out.append("")
    if run.footprint:
        rows = [(b["primitive"], b["state"], objects(b),
                 short_class(j["class"]), objects(j),
                 f"{b['bytes'] / j['bytes']:.2f}")
                for primitive, state, b, j in footprint_pairs(run)]
        out.append(table(["Primitive", "State", "bouncer bytes", "JDK class", "JDK bytes",
                          "bouncer/JDK"], rows))
    else:
        out.append("No footprint data.")
    out.append("")
    return "\n".join(out)


def mutex_sections(run, charts):
    out = ["### Mutex: uncontended lock + unlock (ns/op, lower is better)", "",
           "`UncontendedMutex`: one thread locks and unlocks with nothing in between. "
           "`synchronized` has no fair mode.", ""]
    rows = []
    for fair in ("false", "true"):
        found = [run.find(UNCONTENDED_MUTEX, impl=impl, fair=fair) for impl, _ in MUTEX_IMPLS]
        if any(found):
            rows.append([fair_text(fair)] + [text(r) for r in found] + mutex_ratios(found))
    if rows:
        out.append(table(["Mode"] + [name for _, name in MUTEX_IMPLS]
                         + ["bouncer/ReentrantLock", "bouncer/synchronized"], rows))
    else:
        out.append("Not measured in this run.")
    out.append("")

    out += ["### Mutex: contended lock, work, unlock (ops/µs, higher is better)", "",
            "`ContendedMutex`: every thread loops `lock(); consumeCPU(16); unlock()` on one "
            "lock, the critical section of `ContendedSemaphore` with one permit.", ""]
    rows = []
    for threads in run.thread_counts(CONTENDED_MUTEX):
        for fair in ("false", "true"):
            found = [run.find(CONTENDED_MUTEX, threads, impl=impl, fair=fair)
                     for impl, _ in MUTEX_IMPLS]
            if any(found):
                rows.append([threads, fair_text(fair)] + [text(r) for r in found]
                            + mutex_ratios(found))
    if rows:
        out.append(table(["Threads", "Mode"] + [name for _, name in MUTEX_IMPLS]
                         + ["bouncer/ReentrantLock", "bouncer/synchronized"], rows))
        out.append("")
        out.extend(charts.link(run, "mutex-contended"))
    else:
        out.append("Not measured in this run.")
        out.append("")
    return out


def mutex_ratios(found):
    bouncer, reentrant, monitor = found
    return [ratio_text(ratio(bouncer and bouncer.score, other and other.score))
            for other in (reentrant, monitor)]


def buffer_section(run, charts):
    out = ["### BoundedBuffer: producers to consumers (elements/µs, higher is better)", "",
           "`BufferTransfer`: P producers `offer(e, 10 ms)` and P consumers `poll(10 ms)` on one "
           "queue, retrying a wait that runs out; the score is the consumers' rate, one per "
           "element moved. Failed tries are timed waits that ran out during the measurement "
           "(bouncer / ABQ / LBQ / Conversant, as JMH sums events over the run). Conversant is "
           "`com.conversantmedia:disruptor`'s `DisruptorBlockingQueue`, an anchor from outside "
           "the JDK: the verdicts compare with the better JDK queue only. Line round trip is "
           "`LineHandoff`, run just before each pair count: the ns for two threads to pass one "
           "cache line to each other and back. On a virtual machine it shows whether the two "
           "cores shared a cache during the run, which decides how much each line the buffer "
           "moves between producers and consumers costs (docs/performance.md).", ""]
    rows = []
    for threads in run.thread_counts(BUFFER):
        for capacity in BUFFER_CAPACITIES:
            found = [run.find(BUFFER, threads, impl=impl, capacity=capacity)
                     for impl, _ in BUFFER_IMPLS + BUFFER_ANCHORS]
            if not any(found):
                continue
            bouncer = transfers(found[0])
            name, best = better_jdk_queue(run, threads, capacity)
            failed = [failed_tries(r) for r in found]
            rows.append([pairs_text(threads), capacity] + [transfers_text(r) for r in found]
                        + [ratio_text(ratio(bouncer, transfers(r))) for r in found[1:]]
                        + [ratio_text(ratio(bouncer, transfers(best)))
                           + (f" vs {name}" if name else ""),
                           " / ".join("—" if f is None else f"{f:g}" for f in failed),
                           line_round_trip_text(run, threads)])
    if rows:
        out.append(table(["Producers, consumers", "Capacity"]
                         + [name for _, name in BUFFER_IMPLS + BUFFER_ANCHORS]
                         + ["bouncer/ABQ", "bouncer/LBQ", "bouncer/Conversant",
                            "bouncer/better", "failed tries", "line round trip (ns)"],
                         rows))
        out.append("")
        out.extend(charts.link(run, "buffer-transfer"))
    else:
        out.append("Not measured in this run.")
        out.append("")
    return out


# ---- charts ----

def semaphore_series(run):
    series = []
    for impl in ("BOUNCER", "JDK"):
        for fair in ("false", "true"):
            for permits in ("ONE", "HALF_THE_THREADS"):
                points = [(t, r.score) for t in run.thread_counts(CONTENDED)
                          for r in [run.find(CONTENDED, t, impl=impl, fair=fair,
                                             permits=permits)]
                          if r and r.score.value > 0]
                label = (f'{"bouncer" if impl == "BOUNCER" else "JDK"}, {fair_text(fair)}, '
                         f'{"1 permit" if permits == "ONE" else "threads/2"}')
                series.append((label, COLORS[impl], fair == "true", permits != "ONE", points))
    return series


def mutex_series(run):
    series = []
    for impl, name in MUTEX_IMPLS:
        for fair in ("false", "true"):
            points = [(t, r.score) for t in run.thread_counts(CONTENDED_MUTEX)
                      for r in [run.find(CONTENDED_MUTEX, t, impl=impl, fair=fair)]
                      if r and r.score.value > 0]
            series.append((f"{name}, {fair_text(fair)}", COLORS[impl], fair == "true", False,
                           points))
    return series


def buffer_series(run):
    series = []
    for impl, name in BUFFER_IMPLS + BUFFER_ANCHORS:
        for capacity in BUFFER_CAPACITIES:
            points = [(t, transfers(r)) for t in run.thread_counts(BUFFER)
                      for r in [run.find(BUFFER, t, impl=impl, capacity=capacity)]
                      if transfers(r) and transfers(r).value > 0]
            series.append((f"{name}, capacity {capacity}", COLORS[impl], capacity == "16",
                           capacity == "16", points))
    return series


# The throughput-versus-threads charts, one per primitive: file stem, title, benchmark, the
# function that gives its series, the y-axis label, the x-axis label, and the x tick text.
CHARTS = {
    "semaphore-contended": ("Semaphore: acquire, 16 tokens of work, release", CONTENDED,
                            semaphore_series, "ops/µs, all threads", "threads", str),
    "mutex-contended": ("Mutex: lock, 16 tokens of work, unlock", CONTENDED_MUTEX,
                        mutex_series, "ops/µs, all threads", "threads", str),
    "buffer-transfer": ("Bounded queue: producers to consumers", BUFFER, buffer_series,
                        "elements/µs", "producers + consumers", pairs_text),
}


COLORS = {"BOUNCER": "#1f5fbf", "JDK": "#d9541e", "JDK_REENTRANT_LOCK": "#d9541e",
          "SYNCHRONIZED": "#2a9d4a", "JDK_ARRAY_BLOCKING_QUEUE": "#d9541e",
          "JDK_LINKED_BLOCKING_QUEUE": "#7b3fa0", "CONVERSANT_DISRUPTOR": "#6b6b6b"}


class Charts:
    """The charts of one page. link() queues a chart and returns the markdown that shows it;
    draw() renders them all in one JVM with dev.bouncer.bench.Charts (JFreeChart), from the
    benchmarks jar, which reads the records that spec() writes."""

    def __init__(self, docs_dir, suffix, results_dir):
        self.docs_dir = docs_dir
        self.suffix = suffix
        self.records = []
        # The results as the page links them: relative to the page, which is in docs_dir.
        self.results_link = os.path.relpath(results_dir, docs_dir)

    def link(self, run, stem):
        title, benchmark, series, y_label, x_label, tick = CHARTS[stem]
        threads = run.thread_counts(benchmark)
        if not threads:
            return []
        name = f"{stem}.{self.suffix}"
        title = f"{title}, JDK {run.meta['jdk_feature']}"
        note = ("pipeline check on a busy shared machine: not a result"
                if run.meta["kind"] == "pipeline-check" else "")
        chart_dir = os.path.join(self.docs_dir, "benchmarks", run.name)
        os.makedirs(chart_dir, exist_ok=True)
        self.records.append(record("chart", os.path.join(chart_dir, name), title, note, x_label, y_label))
        t = min(threads)
        while t <= max(threads):  # a tick at every power of two: the axis is log2
            self.records.append(record("tick", t, tick(t)))
            t *= 2
        # Colour = implementation; dashes and hollow markers as the series chose (fair, permits,
        # capacity); error bars = JMH's 99.9% confidence interval.
        for label, color, dashed, hollow, points in series(run):
            if not points:
                continue
            self.records.append(record("series", label, color, str(dashed).lower(),
                                       str(hollow).lower()))
            for threads_at, score in points:
                error = score.error if score.has_error() else ""
                self.records.append(record("point", threads_at, score.value, error))
        return [f"![{title}](benchmarks/{run.name}/{name})", ""]

    def draw(self):
        if not self.records:
            return
        jar = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target", "benchmarks.jar")
        if not os.path.exists(jar):
            sys.exit(f"report.py: the charts need {jar}; build it with "
                     "./mvnw -f benchmarks/pom.xml -B -q package")
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") \
            if os.environ.get("JAVA_HOME") else "java"
        subprocess.run([java, "-cp", jar, "dev.bouncer.bench.Charts"],
                       input="\n".join(self.records) + "\n", text=True, check=True)


def record(*fields):
    """One line of the chart input: tab-separated fields."""
    texts = [str(f) for f in fields]
    for t in texts:
        if "\t" in t or "\n" in t:
            raise ValueError(f"a chart field holds a tab or a newline: {t!r}")
    return "\t".join(texts)


# ---- page ----

RESULTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")

HEADER = """# Benchmarks

Generated by `benchmarks/report.py` from the JSON in
[`benchmarks/results/`](../benchmarks/results/); do not edit by hand. `benchmarks/run report` reruns the suite on the current JDK (`$JAVA_HOME` or `java`
on the `PATH`) and regenerates this page; `benchmarks/run smoke` only proves that every benchmark
runs. Each run below says which JDK and machine produced it, and whether it is a result.

What each benchmark asks (its Javadoc has the details):

| Benchmark | Question |
|---|---|
| `UncontendedSemaphore` | What does one acquire + release cost a thread that never waits, and how close is that to two atomic operations? |
| `ContendedSemaphore` | How many acquire, short work, release cycles per µs do all threads together get through one semaphore, at 2 to 64 threads? |
| `WakeUpLatency` | Once a thread is parked for a permit, how long after `release()` does it run (p50, p99)? |
| `VirtualThreadsThroughSemaphore` | How long do 100,000 virtual threads take through `Semaphore(8)` when holders unmount inside? |
| `UncontendedMutex` | What does one lock + unlock cost a thread that never waits, for `Mutex`, `ReentrantLock` and `synchronized`? |
| `ContendedMutex` | How many lock, short work, unlock cycles per µs do all threads together get through one lock, at 2, 4 and 16 threads? |
| `BufferTransfer` | How many elements per µs do P producers and P consumers (1, 2, 8 each) move through a bounded queue of capacity 1024 or 16? |
| `Footprint` (JOL, not JMH) | How many bytes does one instance hold, fresh and after threads have waited on it? |

The targets of docs/performance.md, which every run below checks in its "Targets" table:

| Shape | Goal (bouncer against the JDK class) |
|---|---|
| Uncontended acquire + release | time ≤ 1.0× the JDK's, and ≤ 1.1× the two-atomic floor |
| Contended nonfair, 4 and 16 threads | throughput ≥ 1.0× |
| Contended nonfair, 2 threads | throughput ≥ 1.2× |
| Contended fair, 4 threads | throughput ≥ 3× |
| Footprint (Semaphore) | bytes ≤ 0.6× |
| Wake-up latency | p99 ≤ the JDK's |
| Mutex, uncontended lock + unlock | time ≤ 0.85× `ReentrantLock`'s |
| Mutex, contended fair, 4 threads | throughput ≥ 3× the fair `ReentrantLock`'s |
| BoundedBuffer, 2P2C and 8P8C | transfers ≥ 1.5× the better of `ArrayBlockingQueue` and `LinkedBlockingQueue` |
| Footprint of `Mutex` and `BoundedBuffer(1024)` | bytes ≤ 0.6× `ReentrantLock`'s, and each JDK queue's |

Scores are JMH's mean ± the half-width of its 99.9% confidence interval. A verdict is "met" or
"not met" only when the whole interval of the ratio is on one side of the goal, else "within
error"; percentiles and byte counts have no interval and are judged on the point estimate.
Nothing here is asserted by a unit test: performance claims come only from JMH runs that measure
bouncer and the JDK class side by side.

A change measured before and after keeps its raw JSON in a folder of its own beside the runs, read
in docs/performance.md: the padding of `BoundedBuffer`'s hot words
([`benchmarks/results/buffer-padding/`](../benchmarks/results/buffer-padding/), 2026-11-27: about 1.7× the
transfers at 2P2C and 1.4× at 8P8C with capacity 1024, unchanged at capacity 16).

Benchmarks of the modules that `benchmarks/run` does not run (the ZooKeeper module's
`AcquireReleaseBenchmark`) keep a hand-written section in `benchmarks/results/<name>.md`, appended
at the end of this page as it is, with their JSON in the folder of the same name.
"""


def write_page(docs_dir, chart_suffix, results_dir):
    runs = []
    for directory in glob.glob(os.path.join(results_dir, "jdk*")):
        if os.path.exists(os.path.join(directory, "meta.json")):
            runs.append(Run(directory))
    kinds = ["report", "scaling", "targets", "pipeline-check"]  # a JDK's report first, its pipeline check last
    runs.sort(key=lambda r: (r.meta["jdk_feature"],
                             kinds.index(r.meta["kind"]) if r.meta["kind"] in kinds else len(kinds)))
    charts = Charts(docs_dir, chart_suffix, results_dir)
    page = [HEADER]
    if not runs:
        page.append("No runs yet: run `benchmarks/run report`.\n")
    for run in runs:
        page.append(section(run, charts))
    for written in sorted(glob.glob(os.path.join(results_dir, "*.md"))):
        with open(written) as f:
            page.append(f.read())
    charts.draw()
    with open(os.path.join(docs_dir, "benchmarks.md"), "w") as f:
        f.write("\n".join(page))


# ---- meta.json ----

def write_meta(args):
    with open("/proc/loadavg") as f:
        load_after = " ".join(f.read().split()[:3])
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    meta = {"kind": args.kind, "jdk_feature": args.jdk_feature, "java": args.java,
            "started": args.started, "wall_seconds": args.wall_seconds,
            "load_before": args.load_before, "load_after": load_after, "cpu": cpu,
            "cores": len(os.sched_getaffinity(0)),  # what `nproc` says
            "kernel": f"{platform.system()} {platform.release()}", "script": args.script,
            "commit": args.commit, "commands": [c for c in sys.stdin.read().splitlines() if c]}
    with open(args.out, "w") as f:
        json.dump(meta, f, indent=2)


def main():
    parser = argparse.ArgumentParser(
        prog="benchmarks/report.py",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    meta = sub.add_parser("meta", help="write a run's meta.json",
                          description="Writes a run's meta.json. Standard input holds the JMH "
                                      "and JOL command lines as run, one a line.")
    meta.add_argument("out", metavar="OUT_JSON")
    meta.add_argument("--kind", required=True, choices=sorted(KIND_TEXT))
    meta.add_argument("--jdk-feature", required=True, type=int, help="e.g. 17")
    meta.add_argument("--java", required=True, help="what `java -version` printed, on one line")
    meta.add_argument("--started", required=True, help="UTC, ISO 8601")
    meta.add_argument("--wall-seconds", required=True, type=int)
    meta.add_argument("--load-before", required=True, help="the 1, 5, 15 min load averages")
    meta.add_argument("--script", required=True, help="the benchmarks/run command line")
    meta.add_argument("--commit", required=True, help="the commit measured")
    page = sub.add_parser("page", help="write DOCS_DIR/benchmarks.md and the charts",
                          description="Reads each run's JSON from RESULTS_DIR/<run>/ and writes "
                                      "DOCS_DIR/benchmarks.md and the charts into "
                                      "DOCS_DIR/benchmarks/<run>/.")
    page.add_argument("docs_dir", metavar="DOCS_DIR")
    page.add_argument("--results", metavar="RESULTS_DIR", default=RESULTS_DIR,
                      help="the runs' JSON (default: benchmarks/results beside this script)")
    strip = sub.add_parser("strip", help="replace JMH's raw sample histograms with their count",
                           description=strip_histograms.__doc__)
    strip.add_argument("json_files", metavar="JSON", nargs="+")
    page.add_argument("--charts", choices=("svg", "png"), default="svg",
                      help="chart file format (default svg)")
    args = parser.parse_args()
    if args.command == "meta":
        write_meta(args)
    elif args.command == "strip":
        strip_histograms(args.json_files)
    else:
        write_page(args.docs_dir, args.charts, args.results)


if __name__ == "__main__":
    main()
