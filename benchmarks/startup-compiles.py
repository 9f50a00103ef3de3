#!/usr/bin/env python3
"""The JIT's work before a start-up run was ready, from a -XX:+LogCompilation file.

    java -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=run.log ... StartupBreakdown run ...
    benchmarks/startup-compiles.py run.log READY_UPTIME_S [TOP]

Every compilation that finished before READY_UPTIME_S (the uptime StartupBreakdown prints for
"ready"): per compiler tier, how many and their compile time (task start to done, on the
compiler thread) and queue wait (queued to start); then the TOP longest C2 compilations and
the C2 compilations of vecmlp's own methods with their waits. Compile times and counts do not
depend much on other load; queue waits and stamps do.
"""
import re
import sys
from collections import defaultdict

ATTR = re.compile(r"(\w+)='([^']*)'")


def attrs(line):
    return dict(ATTR.findall(line))


def main():
    path = sys.argv[1]
    ready = float(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    queued = {}
    tasks = {}
    current = None
    with open(path, errors="replace") as f:
        for line in f:
            s = line.lstrip()
            if s.startswith("<task_queued "):
                a = attrs(s)
                queued[a["compile_id"]] = a
            elif s.startswith("<task "):
                a = attrs(s)
                current = a["compile_id"]
                tasks[current] = {"start": float(a["stamp"]), "method": a.get("method", "?"),
                                  "level": a.get("level", "4" if "compile_kind" not in a else "?"),
                                  "osr": "osr_bci" in a, "bytes": int(a.get("bytes", "0"))}
            elif s.startswith("<task_done ") and current is not None:
                a = attrs(s)
                t = tasks[current]
                t["done"] = float(a["stamp"])
                t["ok"] = a.get("success") == "1"
                t["nmsize"] = int(a.get("nmsize", "0"))
                t["inlined"] = int(a.get("inlined_bytes", "0"))
                current = None
    done = []
    for cid, t in tasks.items():
        if "done" not in t:
            continue
        q = queued.get(cid)
        t["queued"] = float(q["stamp"]) if q and "stamp" in q else t["start"]
        if q and "level" in q:
            t["level"] = q["level"]
        t["id"] = cid
        done.append(t)
    before = [t for t in done if t["done"] <= ready]
    print(f"compilations finished before ready (uptime {ready:.3f} s): {len(before)} of {len(done)} in the log")
    print("| tier | count | compile ms | queue wait ms (sum) |")
    print("|---|---:|---:|---:|")
    by = defaultdict(list)
    for t in before:
        by[t["level"]].append(t)
    for level in sorted(by):
        ts = by[level]
        print(f"| {level} | {len(ts)} | {sum(t['done'] - t['start'] for t in ts) * 1e3:.1f} |"
              f" {sum(t['start'] - t['queued'] for t in ts) * 1e3:.1f} |")
    c2 = sorted((t for t in before if t["level"] == "4"), key=lambda t: t["start"] - t["done"])
    print(f"\nlongest C2 compilations before ready (of {len(c2)}):")
    print("| method | osr | compile ms | wait ms | queued s | done s | bytecodes inlined | code bytes |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for t in c2[:top]:
        print(f"| {t['method']} | {'osr' if t['osr'] else ''} | {(t['done'] - t['start']) * 1e3:.1f} |"
              f" {(t['start'] - t['queued']) * 1e3:.1f} | {t['queued']:.3f} | {t['done']:.3f} |"
              f" {t['inlined']} | {t['nmsize']} |")
    own = [t for t in c2 if t["method"].startswith("dev.vecmlp") or t["method"].startswith("dev/vecmlp")]
    own.sort(key=lambda t: t["done"])
    print(f"\nC2 compilations of dev.vecmlp methods before ready: {len(own)},"
          f" {sum(t['done'] - t['start'] for t in own) * 1e3:.1f} ms compiling")
    for t in own:
        print(f"  done {t['done']:.3f} s  {(t['done'] - t['start']) * 1e3:6.1f} ms  wait {(t['start'] - t['queued']) * 1e3:6.1f} ms"
              f"  {'osr ' if t['osr'] else ''}{t['method']}")
    vec = [t for t in c2 if "jdk.incubator.vector" in t["method"] or "jdk/incubator/vector" in t["method"]
           or "jdk.internal.vm.vector" in t["method"] or "jdk/internal/vm/vector" in t["method"]]
    print(f"C2 compilations of Vector API methods before ready: {len(vec)},"
          f" {sum(t['done'] - t['start'] for t in vec) * 1e3:.1f} ms compiling")
    last = max((t["done"] for t in c2), default=0)
    print(f"C2 total before ready: {sum(t['done'] - t['start'] for t in c2) * 1e3:.1f} ms compiling,"
          f" last C2 compile before ready done at {last:.3f} s")
    after = [t for t in done if t["done"] > ready and t["level"] == "4"]
    print(f"C2 compilations after ready: {len(after)}, {sum(t['done'] - t['start'] for t in after) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
