"""Runs every benchmark case in this session and prints the table (run through run.sh).

Native IREE: iree-benchmark-module on the host build (local-sync; local-task with 2 workers).
ONNX Runtime Web (wasm, SIMD, 1 and 2 threads) and Weft (glue JS API, 1 and 2 threads) in Node
(node-case.mjs, one process per case) and in headless Chromium (chromium.mjs). Every output is
checked against ONNX Runtime's (CPU, Python) reference; results in results/latest.json."""
import datetime, gzip, json, os, platform, subprocess, sys, time
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BUILD = HERE / "build"
VENV = HERE / ".venv" / "bin"
ALL = ["mlp", "mobilenet_v2", "resnet18", "minilm"]
log = lambda *a: print(*a, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def ref(model):
    return np.load(BUILD / f"{model}.ref.npy")


def maxdiff(model, output):
    r = ref(model)
    y = np.asarray(output, dtype=np.float64).reshape(-1)
    if y.size != r.size:
        return f"size {y.size} != {r.size}"
    return float(np.max(np.abs(y - r.reshape(-1).astype(np.float64))))


def native(model, device):
    vmfb = BUILD / f"{model}.host.vmfb"
    if not vmfb.exists():
        return {"error": "host build failed (see build/status.json)"}
    names = json.loads((BUILD / f"{model}.inputs.json").read_text())
    inputs = [f"--input=@{BUILD / f'{model}.in.{n}.npy'}" for n in names]
    dev = ["--device=local-sync"] if device == "sync" else ["--device=local-task", "--task_topology_max_group_count=2"]
    r = sh([str(VENV / "iree-benchmark-module"), f"--module={vmfb}", *dev, "--function=main_graph", *inputs,
            "--benchmark_repetitions=7", "--benchmark_min_time=0.3", "--benchmark_format=json"])
    if r.returncode != 0:
        return {"error": (r.stderr.strip().splitlines() or ["?"])[-1][:300]}
    bs = json.loads(r.stdout)["benchmarks"]
    times = [b["real_time"] for b in bs if b.get("run_type") == "iteration"]
    med = next(b["real_time"] for b in bs if b.get("aggregate_name") == "median")
    out = Path(f"/tmp/weft-bench-{model}-{device}.npy")
    r = sh([str(VENV / "iree-run-module"), f"--module={vmfb}", *dev, "--function=main_graph", *inputs, f"--output=@{out}"])
    diff = maxdiff(model, np.load(out)) if r.returncode == 0 else f"run failed: {r.stderr.strip()[-200:]}"
    return {"median": med, "times": times, "maxAbsDiff": diff}


def node_json(script, *args, timeout=900, env=None):
    """Runs a Node runner; it writes its JSON result to the file BENCH_OUT names."""
    out = Path(f"/tmp/weft-bench-{os.getpid()}.json")
    out.unlink(missing_ok=True)
    r = sh(["node", str(HERE / script), *args], env=dict(os.environ, BENCH_OUT=str(out), **(env or {})), timeout=timeout)
    if r.returncode != 0 or not out.exists():
        return {"error": (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1][:400]}
    return json.loads(out.read_text())


def node_case(*args, env=None):
    return node_json("node-case.mjs", *args, env=env)


def checked(model, res):
    if "output" in res:
        res["maxAbsDiff"] = maxdiff(model, res.pop("output"))
    return res


def size(path):
    b = Path(path).read_bytes()
    return {"raw": len(b), "gzip": len(gzip.compress(b, 9))}


def fmt_ms(r):
    if r is None:
        return "-"
    if isinstance(r, str):
        return r
    if "error" in r:
        return "FAILED"
    m = r["median"]
    return f"{m:.2f}" if m < 10 else f"{m:.1f}" if m < 100 else f"{m:.0f}"


def ratio(a, b, key="median"):
    try:
        if key == "min":
            return f"{min(a['times']) / min(b['times']):.2f}x"
        return f"{a[key] / b[key]:.2f}x"
    except (TypeError, KeyError, ValueError, ZeroDivisionError):
        return "-"


def fmt_diff(d):
    return "-" if d is None else d if isinstance(d, str) else f"{d:.1e}"


def main():
    models = [m for m in (sys.argv[1:] or ALL)]
    status = json.loads((BUILD / "status.json").read_text())
    res = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "loadavg_start": os.getloadavg(),
                       "node": sh(["node", "--version"]).stdout.strip()},
           "git": sh(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip(),
           "build": status, "models": {}}
    for m in models:
        r = res["models"][m] = {"ref_max_abs": float(np.max(np.abs(ref(m))))}
        log(f"native {m}")
        r["native_sync"] = native(m, "sync")
        r["native_task2"] = native(m, "task")
        for t in ("1", "2"):
            log(f"node ort {m} {t}t")
            r[f"ort_node_{t}"] = checked(m, node_case("ort", m, t))
        # Weft: `weft compile --no-kernels` (the compiler's kernels); Weft+k: `weft compile`
        # (Weft's own kernels where the spec routes ops).
        for target, key in (("wasm32", "weft"), ("wasm32-kernels", "weftk")):
            for t in ("1", "2"):
                if status.get(m, {}).get(target) == "ok":
                    log(f"node {key} {m} {t}t")
                    r[f"{key}_node_{t}"] = checked(m, node_case("weft", m, t, env={"BENCH_TARGET": target}))
                else:
                    r[f"{key}_node_{t}"] = {"error": f"{target} build failed: {status.get(m, {}).get(target)}"}
    log("chromium")
    chrom = node_json("chromium.mjs", *models, timeout=3600)
    res["chromium"] = {k: chrom.get(k) for k in ("browser", "pageReady", "tiny", "errors", "error")}
    for m in models:
        for t in ("1", "2"):
            res["models"][m][f"ort_chromium_{t}"] = checked(m, chrom.get("ort", {}).get(f"{m}/{t}", {"error": "no result"}))
        for t in ("1", "2"):
            for key, suffix in (("weft", ""), ("weftk", "k")):
                res["models"][m][f"{key}_chromium_{t}"] = checked(m, chrom.get("weft", {}).get(f"{m}/{t}{suffix}", {"error": "no result"}))
    log("tiny (node)")
    res["tiny_node"] = node_case("tiny")
    pkg = ROOT / "glue" / "pkg"
    res["size"] = {"weft_runtime_bg.wasm": size(pkg / "weft_runtime_bg.wasm"), "weft_runtime.js": size(pkg / "weft_runtime.js")}
    js = sorted((ROOT / "glue" / "js").glob("*.mjs"))
    jsb = b"".join(p.read_bytes() for p in js if p.name not in ("cli.mjs", "compile.mjs", "kernel-report.mjs"))  # Node-only commands
    res["size"]["glue/js/*.mjs (API, no CLI)"] = {"raw": len(jsb), "gzip": len(gzip.compress(jsb, 9))}
    for variant in ("simd128", "relaxed"):  # one of the two is fetched, by the programs that use Weft's kernels
        res["size"][f"weft_kernels_{variant}.wasm"] = size(pkg / f"weft_kernels_{variant}.wasm")
    ortd = HERE / "node_modules" / "onnxruntime-web" / "dist"
    res["size"]["ort-wasm-simd-threaded.wasm (ORT-Web)"] = size(ortd / "ort-wasm-simd-threaded.wasm")
    res["size"]["ort.wasm.min.mjs (ORT-Web)"] = size(ortd / "ort.wasm.min.mjs")
    res["machine"]["loadavg_end"] = os.getloadavg()
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(res, indent=1))
    print_table(res)


def print_table(res):
    cols = [("ORT node 1t", "ort_node_1"), ("ORT node 2t", "ort_node_2"), ("ORT chr 1t", "ort_chromium_1"),
            ("ORT chr 2t", "ort_chromium_2"), ("IREE sync", "native_sync"), ("IREE task2", "native_task2"),
            ("Weft node 1t", "weft_node_1"), ("Weft node 2t", "weft_node_2"), ("Weft chr 1t", "weft_chromium_1"),
            ("Weft chr 2t", "weft_chromium_2"), ("Weft+k node 1t", "weftk_node_1"), ("Weft+k node 2t", "weftk_node_2"),
            ("Weft+k chr 1t", "weftk_chromium_1"), ("Weft+k chr 2t", "weftk_chromium_2")]
    rows = [["model", *[c for c, _ in cols]]]
    for m, r in res["models"].items():
        rows.append([m, *[fmt_ms(r.get(k)) for _, k in cols]])
    w = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"\nmedian ms per call ({res['date']}, {res['machine']['cpus']} CPUs, load {res['machine']['loadavg_start'][0]:.1f}"
          f"->{res['machine']['loadavg_end'][0]:.1f}; Chromium {res['chromium'].get('browser')}, Node {res['machine']['node']})")
    for row in rows:
        print("  ".join(c.rjust(w[i]) if i else c.ljust(w[i]) for i, c in enumerate(row)))
    print("Weft: weft compile --no-kernels (the compiler's kernels); Weft+k: weft compile (Weft's kernels where routed)")
    for key, what in (("median", "of medians"), ("min", "of the fastest call (less sensitive to the shared machine's load)")):
        print(f"\nratios {what}; same run; >1 = Weft slower")
        rr = [["model", "Weft+k/ORT node 1t", "Weft+k/ORT node 2t", "Weft+k/ORT chr 1t", "Weft+k/ORT chr 2t",
               "Weft/ORT chr 1t", "Weft/ORT chr 2t", "Weft+k/Weft chr 1t", "Weft+k 2t/IREE task2 (node)",
               "Weft 2t/1t node", "Weft 2t/1t chr", "Weft+k 2t/1t node", "Weft+k 2t/1t chr", "ORT 2t/1t chr"]]
        for m, r in res["models"].items():
            g = r.get
            rr.append([m, ratio(g("weftk_node_1"), g("ort_node_1"), key), ratio(g("weftk_node_2"), g("ort_node_2"), key),
                       ratio(g("weftk_chromium_1"), g("ort_chromium_1"), key), ratio(g("weftk_chromium_2"), g("ort_chromium_2"), key),
                       ratio(g("weft_chromium_1"), g("ort_chromium_1"), key), ratio(g("weft_chromium_2"), g("ort_chromium_2"), key),
                       ratio(g("weftk_chromium_1"), g("weft_chromium_1"), key), ratio(g("weftk_node_2"), g("native_task2"), key),
                       ratio(g("weft_node_2"), g("weft_node_1"), key), ratio(g("weft_chromium_2"), g("weft_chromium_1"), key),
                       ratio(g("weftk_node_2"), g("weftk_node_1"), key), ratio(g("weftk_chromium_2"), g("weftk_chromium_1"), key),
                       ratio(g("ort_chromium_2"), g("ort_chromium_1"), key)])
        w = [max(len(row[i]) for row in rr) for i in range(len(rr[0]))]
        for row in rr:
            print("  ".join(c.rjust(w[i]) if i else c.ljust(w[i]) for i, c in enumerate(row)))
    print("\nmax |output - ONNX Runtime CPU reference|")
    dk = [("IREE sync", "native_sync"), ("ORT node 1t", "ort_node_1"), ("ORT chr 1t", "ort_chromium_1"),
          ("Weft node", "weft_node_1"), ("Weft+k node", "weftk_node_1"), ("Weft chr", "weft_chromium_1"), ("Weft+k chr", "weftk_chromium_1"),
          ("Weft node 2t", "weft_node_2"), ("Weft chr 2t", "weft_chromium_2"), ("Weft+k node 2t", "weftk_node_2"), ("Weft+k chr 2t", "weftk_chromium_2")]
    dr = [["model", "max|ref|", *[c for c, _ in dk]]]
    for m, r in res["models"].items():
        dr.append([m, f"{r.get('ref_max_abs', float('nan')):.2g}", *[fmt_diff(r[k].get("maxAbsDiff") if isinstance(r.get(k), dict) else None) for _, k in dk]])
    w = [max(len(row[i]) for row in dr) for i in range(len(dr[0]))]
    for row in dr:
        print("  ".join(c.rjust(w[i]) if i else c.ljust(w[i]) for i, c in enumerate(row)))
    errs = [(m, k, v["error"]) for m, r in res["models"].items() for k, v in r.items() if isinstance(v, dict) and "error" in v]
    for m, k, e in errs:
        print(f"FAILED {m} {k}: {e}")
    t, tn, pr = res["chromium"].get("tiny") or {}, res.get("tiny_node") or {}, res["chromium"].get("pageReady") or {}
    g = lambda d, *ks: (lambda v: f"{v:.1f}" if isinstance(v, (int, float)) else "-")(
        __import__("functools").reduce(lambda a, k: (a or {}).get(k) if isinstance(a, dict) else None, ks, d))
    print("\ntiny program (abs of one f32), median µs per call:")
    print(f"  Node:     in the runtime's thread {g(tn, 'direct', 'medianUs')}, through the worker Promise API {g(tn, 'worker', 'medianUs')}")
    print(f"  Chromium: in the runtime's thread {g(t, 'direct', 'medianUs')}, through the worker Promise API {g(t, 'worker', 'medianUs')}")
    print(f"page load-to-ready (Chromium, from navigation start): DOMContentLoaded {g(pr, 'domContentLoadedMs')} ms, "
          f"Weft runtime ready {g(pr, 'readyMs')} ms, tiny program loaded + first call {g(pr, 'firstCallMs')} ms")
    print("sizes (bytes, raw / gzip -9):")
    for k, v in res["size"].items():
        print(f"  {k:42s} {v['raw']:>9d} / {v['gzip']:>8d}")
    fails = {m: {t: s.get(t) for t in ('import', 'wasm32', 'wasm32-kernels', 'host') if s.get(t) not in ('ok', None)} for m, s in res["build"].items()}
    for m, f in fails.items():
        for t, e in f.items():
            print(f"build {m} {t}: {e}")
    print(f"\nwritten: {HERE.relative_to(ROOT)}/results/latest.json")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        print_table(json.loads((HERE / "results" / "latest.json").read_text()))
    else:
        main()
