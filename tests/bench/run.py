"""Runs every benchmark case in this session and prints the tables (run through run.sh).

Engines, each on 1 and 2 threads, in Node (node-case.mjs, one process per case) and headless
Chromium (chromium.mjs):
  Weft     `weft compile --no-kernels` (the compiler's kernels)
  Weft+k   `weft compile` (Weft's own kernels where its transform spec routes an op)
           both with the runtime in the timing thread (`Weft.create({worker: false})`: the
           like-for-like case, as the peers run in the calling thread) and through the worker API
  LiteRT.js (CPU, XNNPACK; build/MODEL.tflite), ONNX Runtime Web (wasm EP; the torch export),
  TensorFlow.js (wasm backend; build/MODEL.tfjs), and native IREE (iree-benchmark-module on the
  host build: local-sync, local-task with 2 workers).
On WebGPU (Chromium, the SwiftShader adapter): Weft's WebGPU device (build/MODEL.vulkan.vmfb),
ONNX Runtime Web's WebGPU provider and LiteRT.js's GPU accelerator (`run.sh --gpu` runs only
these). Every output is checked against ONNX Runtime's (CPU, Python) on the same input. Also: this
machine's wasm SIMD peak and each model's and Weft kernel's fraction of it, what `weft compile
--report` routed for both exporters' graphs, tiny-call latency, page ready, sizes, and issue
19's targets, each with its measured figure, met or not. Results in results/latest.json."""
import datetime, gzip, json, os, platform, subprocess, sys
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BUILD = HERE / "build"
VENV = HERE / ".venv" / "bin"
ALL = ["mlp", "mobilenet_v2", "resnet18", "minilm"]
ENVS = [("node", 1), ("node", 2), ("chromium", 1), ("chromium", 2)]
RELAXED = "--experimental-wasm-relaxed-simd"  # Node 20 runs relaxed SIMD only with this flag
log = lambda *a: print(*a, file=sys.stderr, flush=True)

# Result keys ENGINE_ENV_THREADS. Peers first, then Weft: direct (the runtime in the timing
# thread) and through its worker.
PEERS = [("litert", "LiteRT.js"), ("ort", "ORT Web"), ("tfjs", "TF.js wasm")]
WEFTS = [("weftd", "Weft"), ("weft", "Weft (worker)"), ("weftkd", "Weft+k"), ("weftk", "Weft+k (worker)")]
# The WebGPU engines (chromium.mjs's `gpu` section), Weft last.
GPU_PEERS = [("ort", "ORT Web"), ("litert", "LiteRT.js")]
GPU_ENGINES = GPU_PEERS + [("weft", "Weft")]
GPU_TOLERANCE = 1e-3  # issue 18: WebGPU outputs within this of ONNX Runtime on the CPU
# The Vulkan driver Chromium's WebGPU runs on here (SwiftShader), for native IREE's Vulkan HAL.
SWIFTSHADER = {"LD_LIBRARY_PATH": "/usr/lib/chromium", "VK_ICD_FILENAMES": "/usr/lib/chromium/vk_swiftshader_icd.json"}
# node-case.mjs arguments and environment per Node engine.
NODE_CASES = {
    "ort": ("ort", {}), "litert": ("litert", {}), "tfjs": ("tfjs", {}),
    "weft": ("weft", {"BENCH_TARGET": "wasm32"}), "weftk": ("weft", {"BENCH_TARGET": "wasm32-kernels"}),
    "weftd": ("weft", {"BENCH_TARGET": "wasm32", "BENCH_DIRECT": "1"}),
    "weftkd": ("weft", {"BENCH_TARGET": "wasm32-kernels", "BENCH_DIRECT": "1"}),
    # The second exporter's graph (tf2onnx, NHWC input), Weft's kernels, direct.
    "weftk2d": ("weft", {"BENCH_TARGET": "tf2onnx.wasm32-kernels", "BENCH_DIRECT": "1", "BENCH_PEER_INPUTS": "tf2onnx"}),
}
# Where chromium.mjs puts each engine's result: (section, key suffix).
CHROMIUM_CASES = {"ort": ("ort", ""), "litert": ("litert", ""), "tfjs": ("tfjs", ""), "weft": ("weft", ""), "weftk": ("weft", "k"),
                  "weftd": ("weftDirect", ""), "weftkd": ("weftDirect", "k")}


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def ref(model):
    return np.load(BUILD / f"{model}.ref.npy")


def maxdiff(model, output, shape=None):
    r = ref(model)
    y = np.asarray(output, dtype=np.float64).reshape(-1)
    if y.size != r.size:
        return f"size {y.size} != {r.size}"
    if shape is not None and list(shape) != list(r.shape):
        return f"shape {list(shape)} != {list(r.shape)}"
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


def node_json(script, *args, timeout=900, env=None, flags=()):
    """Runs a Node runner; it writes its JSON result to the file BENCH_OUT names."""
    out = Path(f"/tmp/weft-bench-{os.getpid()}.json")
    out.unlink(missing_ok=True)
    r = sh(["node", *flags, str(HERE / script), *args], env=dict(os.environ, BENCH_OUT=str(out), **(env or {})), timeout=timeout)
    if r.returncode != 0 or not out.exists():
        return {"error": (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1][:400]}
    return json.loads(out.read_text())


def checked(model, res):
    if "output" in res:
        res["maxAbsDiff"] = maxdiff(model, res.pop("output"), res.get("shape"))
    return res


def size(path):
    b = Path(path).read_bytes()
    return {"raw": len(b), "gzip": len(gzip.compress(b, 9))}


def native_vulkan(model):
    """The GPU build run once by native IREE (`iree-run-module --device=vulkan`) on the same
    SwiftShader driver: its output (what the compiler's Vulkan code computes, Weft aside) and
    the wall time of the run, load included."""
    vmfb = BUILD / f"{model}.vulkan.vmfb"
    if not vmfb.exists():
        return {"error": "no vulkan build (see build/status.json)"}
    names = json.loads((BUILD / f"{model}.inputs.json").read_text())
    out = Path(f"/tmp/weft-bench-{model}-vulkan.npy")
    start = datetime.datetime.now()
    r = sh([str(VENV / "iree-run-module"), f"--module={vmfb}", "--device=vulkan", "--function=main_graph",
            *[f"--input=@{BUILD / f'{model}.in.{n}.npy'}" for n in names], f"--output=@{out}"],
           env=dict(os.environ, **SWIFTSHADER), timeout=1800)
    if r.returncode != 0:
        return {"error": (r.stderr.strip().splitlines() or ["?"])[-1][:300]}
    y = np.load(out)
    return {"seconds": (datetime.datetime.now() - start).total_seconds(), "output": y, "maxAbsDiff": maxdiff(model, y)}


def gpu_cases(res, models, chrom):
    """Files chromium.mjs's WebGPU results under each model as ENGINE_gpu, outputs checked
    against ONNX Runtime's, and Weft's also against native IREE's on the same driver."""
    res["gpu"] = {"adapter": chrom.get("adapter"), "error": chrom.get("gpuError")}
    for m in models:
        r = res["models"].setdefault(m, {})
        log(f"native IREE vulkan {m}")
        native = r["native_vulkan"] = native_vulkan(m)
        for key, _ in GPU_ENGINES:
            x = (chrom.get("gpu") or {}).get(f"{key}/{m}", {"error": chrom.get("gpuError") or "no result"})
            if key == "weft" and "output" in x and "output" in native:
                y, n = np.asarray(x["output"], dtype=np.float64), native["output"].reshape(-1).astype(np.float64)
                x["vsNativeVulkan"] = float(np.max(np.abs(y - n))) if y.size == n.size else f"size {y.size} != {n.size}"
            r[f"{key}_gpu"] = checked(m, x)
        native.pop("output", None)


def main():
    gpu_only = sys.argv[1:2] == ["--gpu"]
    models = sys.argv[2 if gpu_only else 1:] or ALL
    status = json.loads((BUILD / "status.json").read_text())
    res = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "loadavg_start": os.getloadavg(),
                       "node": sh(["node", "--version"]).stdout.strip()},
           "git": sh(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip(),
           "build": status, "models": {}}
    if gpu_only:
        log("chromium (WebGPU only)")
        chrom = node_json("chromium.mjs", *models, timeout=7200, env={"BENCH_ONLY": "gpu"})
        res["chromium"] = {k: chrom.get(k) for k in ("browser", "errors", "error")}
        gpu_cases(res, models, chrom)
        for m in models:
            res["models"][m]["ref_max_abs"] = float(np.max(np.abs(ref(m))))
        res["machine"]["loadavg_end"] = os.getloadavg()
        res["targets"] = gpu_targets(res)
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "gpu.json").write_text(json.dumps(res, indent=1))
        print_gpu(res)
        print_targets(res, "gpu.json")
        return
    log("simd peak (node)")
    res["simd_peak"] = {"node": node_json("simd-peak.mjs", flags=[RELAXED])}
    res["kernels"] = {}
    for variant, flags in (("simd128", []), ("relaxed", [RELAXED])):
        log(f"kernels ({variant})")
        res["kernels"][variant] = node_json("kernels.mjs", flags=flags)
    for m in models:
        r = res["models"][m] = {"ref_max_abs": float(np.max(np.abs(ref(m)))), "dense_flops": status[m].get("dense_flops")}
        log(f"native {m}")
        r["native_sync"] = native(m, "sync")
        r["native_task2"] = native(m, "task")
        for key, (engine, env) in NODE_CASES.items():
            for t in ("1", "2"):
                if key == "litert" and t == "2":
                    r[f"{key}_node_{t}"] = {"skipped": "LiteRT.js runs on one thread in Node (litert-node.mjs)"}
                    continue
                log(f"node {key} {m} {t}t")
                r[f"{key}_node_{t}"] = checked(m, node_json("node-case.mjs", engine, m, t, env=env))
    log("chromium")
    chrom = node_json("chromium.mjs", *models, timeout=7200)
    res["chromium"] = {k: chrom.get(k) for k in ("browser", "pageReady", "tiny", "errors", "error")}
    res["simd_peak"]["chromium"] = chrom.get("simdPeak")
    for m in models:
        for key, (section, suffix) in CHROMIUM_CASES.items():
            for t in ("1", "2"):
                res["models"][m][f"{key}_chromium_{t}"] = checked(m, (chrom.get(section) or {}).get(f"{m}/{t}{suffix}", {"error": chrom.get("error", "no result")}))
    gpu_cases(res, models, chrom)
    log("tiny (node)")
    res["tiny_node"] = node_json("node-case.mjs", "tiny")
    pkg = ROOT / "glue" / "pkg"
    res["size"] = {"weft_runtime_bg.wasm": size(pkg / "weft_runtime_bg.wasm"), "weft_runtime.js": size(pkg / "weft_runtime.js")}
    js = sorted((ROOT / "glue" / "js").glob("*.mjs"))
    jsb = b"".join(p.read_bytes() for p in js if p.name not in ("cli.mjs", "compile.mjs", "kernel-report.mjs"))  # Node-only commands
    res["size"]["glue/js/*.mjs (API, no CLI)"] = {"raw": len(jsb), "gzip": len(gzip.compress(jsb, 9))}
    for variant in ("simd128", "relaxed"):  # one of the two is fetched, by the programs that use Weft's kernels
        res["size"][f"weft_kernels_{variant}.wasm"] = size(pkg / f"weft_kernels_{variant}.wasm")
    ortd = HERE / "node_modules" / "onnxruntime-web" / "dist"
    res["size"]["ort-wasm-simd-threaded.wasm (ORT-Web)"] = size(ortd / "ort-wasm-simd-threaded.wasm")
    res["size"]["litert_wasm_threaded_internal.wasm (LiteRT.js)"] = size(HERE / "node_modules/@litertjs/core/wasm/litert_wasm_threaded_internal.wasm")
    res["size"]["tfjs-backend-wasm-threaded-simd.wasm (TF.js)"] = size(HERE / "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm")
    res["machine"]["loadavg_end"] = os.getloadavg()
    res["targets"] = targets(res) + gpu_targets(res)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(res, indent=1))
    print_table(res)


# --- reading results ---------------------------------------------------------------------------

def ok(r):
    return isinstance(r, dict) and isinstance(r.get("median"), (int, float))


def case(r, key, env, t):
    """A model's result for an engine and configuration (native IREE: sync for 1 thread, task2 for 2)."""
    if key == "native":
        return r.get("native_sync" if t == 1 else "native_task2")
    return r.get(f"{key}_{env}_{t}")


def fastest_peer(r, env, t):
    """(label, result) of the peer with the smallest median in this configuration, or None."""
    runs = [(label, case(r, key, env, t)) for key, label in PEERS if ok(case(r, key, env, t))]
    return min(runs, key=lambda x: x[1]["median"]) if runs else None


def peak(res, env):
    """Per-core SIMD peak (GFLOP/s) of what this environment runs without flags: Node 20
    SIMD128 (mul+add), Chromium relaxed SIMD (relaxed_madd)."""
    p = (res.get("simd_peak") or {}).get(env) or {}
    v = p.get("simd128" if env == "node" else "relaxed")
    return v.get("gflops") if isinstance(v, dict) else None


def fraction_of_peak(res, r, result, env, t):
    """The model's dense FLOPs per call over the time, as a fraction of t cores' SIMD peak."""
    p, flops = peak(res, env), r.get("dense_flops")
    if not ok(result) or not p or not flops:
        return None
    threads = result.get("threads", t)  # TF.js says how many threads it really ran
    return flops / (result["median"] * 1e-3) / 1e9 / (p * threads)


def ratio(a, b, key="median"):
    try:
        if key == "min":
            return min(a["times"]) / min(b["times"])
        return a[key] / b[key]
    except (TypeError, KeyError, ValueError, ZeroDivisionError):
        return None


# --- issue 19's targets ------------------------------------------------------------------------

def targets(res):
    out = []

    def add(target, figure, met):
        out.append({"target": target, "figure": figure, "met": met})

    def vs_fastest(models, limit, what):
        worst, figs, missing = None, [], []
        for m in models:
            r = res["models"].get(m)
            if r is None:
                continue
            per = []
            for env, t in ENVS:
                f = fastest_peer(r, env, t)
                q = ratio(case(r, "weftkd", env, t), f[1]) if f else None
                if q is None:
                    missing.append(f"{m} {env} {t}t")
                    continue
                per.append(f"{env[:3]} {t}t {q:.2f}x")
                worst = q if worst is None else max(worst, q)
            figs.append(f"{m}: " + ", ".join(per))
        add(what, ("; ".join(figs) or "not measured: no such model in this run") + (f"; not measured: {', '.join(missing)}" if missing else ""),
            worst is not None and not missing and worst <= limit)

    vs_fastest(list(res["models"]), 0.9, "every model: Weft+k (runtime in the calling thread) <= 0.9x the fastest peer, Node and Chromium, 1 and 2 threads")
    vs_fastest(["minilm"], 0.6, "MiniLM: Weft+k <= 0.6x the fastest peer")

    dense, figs = [], []
    for variant, k in (res.get("kernels") or {}).items():
        rows = [x for x in k.get("kernels", []) if not x["memoryBound"] and x["kernel"] in ("weft_matmul_nn_f32", "weft_matmul_nt_f32", "weft_conv2d_f32")]
        dense += [x["fractionOfPeak"] for x in rows]
        if rows:
            lo = min(rows, key=lambda x: x["fractionOfPeak"])
            figs.append(f"{variant} (peak {k['peakGflops']:.1f} GFLOP/s): {min(x['fractionOfPeak'] for x in rows):.0%}-{max(x['fractionOfPeak'] for x in rows):.0%} "
                        f"(lowest {lo['kernel']} {lo['case']})")
    add("dense kernels (compute-bound matmul and convolution cases) >= 75% of the SIMD peak", "; ".join(figs) or "not measured", bool(dense) and min(dense) >= 0.75)

    worst, figs, missing = None, [], []
    for m in ("mobilenet_v2", "resnet18", "minilm"):
        r = res["models"].get(m)
        if r is None:
            continue
        for env in ("node", "chromium"):
            q = ratio(case(r, "weftkd", env, 2), case(r, "weftkd", env, 1))
            if q is None:
                missing.append(f"{m} {env}")
            else:
                figs.append(f"{m} {env} {q:.2f}")
                worst = q if worst is None else max(worst, q)
    add("2 threads / 1 thread <= 0.55 (Weft+k, MobileNetV2, ResNet-18, MiniLM)",
        (", ".join(figs) or "not measured: none of these models in this run") + (f"; not measured: {', '.join(missing)}" if missing else ""),
        worst is not None and not missing and worst <= 0.55)

    tiny = {"Node": res.get("tiny_node") or {}, "Chromium": (res.get("chromium") or {}).get("tiny") or {}}
    for mode, limit, what in (("worker", 40, "tiny call through the worker's Promise API <= 40 µs"), ("direct", 2.5, "tiny call in the runtime's thread <= 2.5 µs")):
        vals = {env: (t.get(mode) or {}).get("medianUs") for env, t in tiny.items()}
        add(what, ", ".join(f"{env} {v:.1f} µs" if v is not None else f"{env} not measured" for env, v in vals.items()),
            all(v is not None and v <= limit for v in vals.values()))
    wasm = (res.get("size") or {}).get("weft_runtime_bg.wasm")
    add("runtime <= 200 KB gzipped (weft_runtime_bg.wasm)", f"{wasm['gzip'] / 1000:.1f} KB" if wasm else "not measured", bool(wasm) and wasm["gzip"] <= 200_000)
    ready = ((res.get("chromium") or {}).get("pageReady") or {}).get("readyMs")
    add("page ready <= 150 ms (Weft runtime ready, from navigation start)", f"{ready:.0f} ms" if ready is not None else "not measured", ready is not None and ready <= 150)
    return out


def gpu_targets(res):
    """Issue 18's: on WebGPU, Weft <= 1.0x the fastest peer per model, outputs within 1e-3."""
    figs, diffs, speed_met, close_met = [], [], True, True
    for m, r in res["models"].items():
        peers = [(label, r.get(f"{k}_gpu")) for k, label in GPU_PEERS if ok(r.get(f"{k}_gpu"))]
        w = r.get("weft_gpu")
        q = ratio(w, min(peers, key=lambda x: x[1]["median"])[1]) if peers and ok(w) else None
        figs.append(f"{m} {q:.2f}x" if q is not None else f"{m} not measured")
        speed_met = speed_met and q is not None and q <= 1.0
        d = w.get("maxAbsDiff") if isinstance(w, dict) else None
        diffs.append(f"{m} {fmt_diff(d)}")
        close_met = close_met and isinstance(d, float) and d <= GPU_TOLERANCE
    return [{"target": "WebGPU: Weft <= 1.0x the fastest WebGPU peer (ORT Web, LiteRT.js) on every model", "figure": ", ".join(figs), "met": speed_met},
            {"target": f"WebGPU: Weft's outputs within {GPU_TOLERANCE:g} of ONNX Runtime on the CPU", "figure": ", ".join(diffs), "met": close_met}]


# --- printing ----------------------------------------------------------------------------------

def fmt_ms(r):
    if r is None:
        return "-"
    if "skipped" in r:
        return "n/a"
    if "error" in r:
        return "FAILED"
    m = r["median"]
    return f"{m:.2f}" if m < 10 else f"{m:.1f}" if m < 100 else f"{m:.0f}"


def fmt_x(q):
    return "-" if q is None else f"{q:.2f}x"


def fmt_pct(q):
    return "-" if q is None else f"{q:.0%}"


def fmt_diff(d):
    return "-" if d is None else d if isinstance(d, str) else f"{d:.1e}"


def table(rows):
    w = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(row)))


def print_table(res):
    ch = res.get("chromium") or {}
    print(f"\nmedian ms per call ({res['date']}, {res['machine']['cpus']} CPUs, load average {res['machine']['loadavg_start'][0]:.2f}"
          f" -> {res['machine']['loadavg_end'][0]:.2f}; Chromium {ch.get('browser')}, Node {res['machine']['node']})")
    head = ["model", "run", *[l for _, l in WEFTS], *[l for _, l in PEERS], "IREE native", "fastest peer", "Weft+k/fastest", "(fastest call)", "Weft+k %peak", "fastest %peak"]
    rows = [head]
    for m, r in res["models"].items():
        for env, t in ENVS:
            f = fastest_peer(r, env, t)
            wk = case(r, "weftkd", env, t)
            tf = case(r, "tfjs", env, t)
            cells = [fmt_ms(case(r, k, env, t)) for k, _ in WEFTS]
            for k, _ in PEERS:
                c = fmt_ms(case(r, k, env, t))
                if k == "tfjs" and ok(tf) and tf.get("threads") not in (None, t):
                    c += f" ({tf['threads']}t)"
                cells.append(c)
            rows.append([m, f"{env} {t}t", *cells, fmt_ms(case(r, "native", env, t)), f[0] if f else "-",
                         fmt_x(ratio(wk, f[1])) if f else "-", fmt_x(ratio(wk, f[1], "min")) if f else "-",
                         fmt_pct(fraction_of_peak(res, r, wk, env, t)), fmt_pct(fraction_of_peak(res, r, f[1], env, t)) if f else "-"])
    table(rows)
    print("Weft: weft compile --no-kernels; Weft+k: weft compile (Weft's kernels where routed); both with the runtime in the\n"
          "calling thread (worker: false; in Chromium inside a dedicated Worker, as a page's main thread cannot wait for a pool),\n"
          "'(worker)': through the worker API. IREE native: local-sync (1t) / local-task 2 workers (2t), the same in both rows.\n"
          "LiteRT.js runs on one thread in Node (its loader is browser-only; litert-node.mjs). TF.js (Nt): the threads it ran.\n"
          "%peak: the model's dense FLOPs (Conv/MatMul/Gemm, counted from the ONNX graph) per second over threads x the per-core\n"
          "SIMD peak this environment runs without flags (Node: SIMD128 mul+add; Chromium: relaxed madd).")

    print("\n2 threads / 1 thread (medians; <= 0.55 is issue 19's target for Weft)")
    rows = [["model", "env", "Weft+k", "Weft", "LiteRT.js", "ORT Web", "TF.js wasm", "IREE native"]]
    for m, r in res["models"].items():
        for env in ("node", "chromium"):
            rows.append([m, env, *[fmt_x(ratio(case(r, k, env, 2), case(r, k, env, 1))) for k in ("weftkd", "weftd", "litert", "ort", "tfjs", "native")]])
    table(rows)

    print("\nmax |output - ONNX Runtime CPU reference| (1 thread; the converted models also as checked when converted)")
    dk = [("IREE", "native_sync"), ("Weft node", "weftd_node_1"), ("Weft+k node", "weftkd_node_1"), ("Weft+k chr", "weftkd_chromium_1"),
          ("Weft+k chr 2t", "weftkd_chromium_2"), ("ORT node", "ort_node_1"), ("ORT chr", "ort_chromium_1"), ("LiteRT node", "litert_node_1"),
          ("LiteRT chr", "litert_chromium_1"), ("TF.js node", "tfjs_node_1"), ("TF.js chr", "tfjs_chromium_1"),
          ("Weft+k tf2onnx node", "weftk2d_node_1")]
    rows = [["model", "max|ref|", *[c for c, _ in dk], ".tflite (TF Lite)", "tf2onnx (ORT)"]]
    for m, r in res["models"].items():
        peers = (res["build"].get(m) or {}).get("peers") or {}
        rows.append([m, f"{r.get('ref_max_abs', float('nan')):.2g}", *[fmt_diff(r[k].get("maxAbsDiff") if isinstance(r.get(k), dict) else None) for _, k in dk],
                     fmt_diff((peers.get("tflite") or {}).get("maxAbsDiff")), fmt_diff((peers.get("tf2onnx") or {}).get("maxAbsDiff"))])
    table(rows)

    print("\nthe second exporter: Weft+k from the tf2onnx graph (TensorFlow SavedModel from onnx2tf, NHWC input) in Node, runtime in this thread")
    rows = [["model", "torch export 1t", "tf2onnx graph 1t", "torch export 2t", "tf2onnx graph 2t"]]
    for m, r in res["models"].items():
        rows.append([m, fmt_ms(r.get("weftkd_node_1")), fmt_ms(r.get("weftk2d_node_1")), fmt_ms(r.get("weftkd_node_2")), fmt_ms(r.get("weftk2d_node_2"))])
    table(rows)
    print("\nweft compile --report: ops routed to Weft's kernels / heavy ops left to the compiler's, per exporter's graph")
    for m, s in res["build"].items():
        if m not in res["models"]:
            continue
        for what, key in (("torch.onnx (TorchScript) export", "routing"), ("tf2onnx export", "routing_tf2onnx")):
            g = s.get(key) or {"error": "not built"}
            if "error" in g:
                print(f"  {m:13s} {what:32s} {g['error']}")
                continue
            kernels = ", ".join(f"{k.split('::')[-1]} {n}" for k, n in sorted(g["routed_ops"].items()))
            print(f"  {m:13s} {what:32s} routed {g['routed']:3d}  left {g['left']:3d}   ({kernels})")
            for op in g["left_ops"]:
                print(f"  {'':13s} {'':32s}   left: {op}")
    for m, s in res["build"].items():
        if m in res["models"]:
            for fmt in ("tflite", "tfjs", "tf2onnx"):
                e = ((s.get("peers") or {}).get(fmt) or {}).get("error")
                if e:
                    print(f"conversion {m} {fmt}: {e}")

    print("\nwasm SIMD peak, one core (simd-peak.mjs), GFLOP/s:")
    for env, p in (res.get("simd_peak") or {}).items():
        p = p or {}
        cell = lambda v: f"{v['gflops']:.1f}" if isinstance(v, dict) and "gflops" in v else "not run"
        print(f"  {env:9s} f32x4 mul+add (SIMD128) {cell(p.get('simd128'))}, f32x4 relaxed_madd (relaxed SIMD) {cell(p.get('relaxed'))}")
    print("Weft's kernels, one thread, fraction of that peak (kernels.mjs; compute-bound cases are what the 75% target is about):")
    ks = res.get("kernels") or {}
    variants = [v for v in ("simd128", "relaxed") if "kernels" in (ks.get(v) or {})]
    if variants:
        rows = [["kernel", "case", *[f"{v} GFLOP/s" for v in variants], *[f"{v} %peak" for v in variants], "bound"]]
        for i, k in enumerate(ks[variants[0]]["kernels"]):
            rows.append([k["kernel"], k["case"], *[f"{ks[v]['kernels'][i]['gflops']:.1f}" for v in variants],
                         *[fmt_pct(ks[v]["kernels"][i]["fractionOfPeak"]) for v in variants], "memory" if k["memoryBound"] else "compute"])
        table(rows)
    for v in ("simd128", "relaxed"):
        if "error" in (ks.get(v) or {}):
            print(f"kernels {v}: FAILED {ks[v]['error']}")

    errs = [(m, k, v["error"]) for m, r in res["models"].items() for k, v in r.items() if isinstance(v, dict) and "error" in v]
    for m, k, e in errs:
        print(f"FAILED {m} {k}: {e}")
    t, tn, pr = ch.get("tiny") or {}, res.get("tiny_node") or {}, ch.get("pageReady") or {}
    g = lambda d, *ks: (lambda v: f"{v:.1f}" if isinstance(v, (int, float)) else "-")(
        __import__("functools").reduce(lambda a, k: (a or {}).get(k) if isinstance(a, dict) else None, ks, d))
    print("\ntiny program (abs of one f32), median µs per call (batches of 20 calls):")
    print(f"  Node:     in the runtime's thread {g(tn, 'direct', 'medianUs')}, through the worker Promise API {g(tn, 'worker', 'medianUs')}")
    print(f"  Chromium: in the runtime's thread {g(t, 'direct', 'medianUs')}, through the worker Promise API {g(t, 'worker', 'medianUs')}")
    print(f"page load-to-ready (Chromium, from navigation start): DOMContentLoaded {g(pr, 'domContentLoadedMs')} ms, "
          f"Weft runtime ready {g(pr, 'readyMs')} ms, tiny program loaded + first call {g(pr, 'firstCallMs')} ms")
    print("sizes (bytes, raw / gzip -9):")
    for k, v in res["size"].items():
        print(f"  {k:50s} {v['raw']:>9d} / {v['gzip']:>8d}")
    fails = {m: {t: s.get(t) for t in ('import', 'wasm32', 'wasm32-kernels', 'host') if s.get(t) not in ('ok', None)} for m, s in res["build"].items()}
    for m, f in fails.items():
        for t, e in f.items():
            print(f"build {m} {t}: {e}")

    print_gpu(res)
    print_targets(res, "latest.json")


def print_gpu(res):
    g = res.get("gpu") or {}
    a = g.get("adapter") or {}
    print(f"\nWebGPU, Chromium {(res.get('chromium') or {}).get('browser')}, adapter {a.get('vendor', '?')} {a.get('architecture', '')}"
          f" ({a.get('description', '')}): median ms per call (load ms), max |output - ONNX Runtime CPU|")
    if g.get("error"):
        print(f"  FAILED: {g['error']}")
    rows = [["model", *[l for _, l in GPU_ENGINES], "fastest peer", "Weft/fastest", *[f"{l} diff" for _, l in GPU_ENGINES],
             "IREE native Vulkan diff (s)", "Weft vs IREE native"]]
    for m, r in res["models"].items():
        peers = [(label, r.get(f"{k}_gpu")) for k, label in GPU_PEERS if ok(r.get(f"{k}_gpu"))]
        f = min(peers, key=lambda x: x[1]["median"]) if peers else None
        cell = lambda x: fmt_ms(x) + (f" ({x['loadMs']:.0f})" if ok(x) and "loadMs" in x else "")
        diff = lambda x: fmt_diff(x.get("maxAbsDiff") if isinstance(x, dict) else None)
        nv, w = r.get("native_vulkan") or {}, r.get("weft_gpu") or {}
        rows.append([m, *[cell(r.get(f"{k}_gpu")) for k, _ in GPU_ENGINES], f[0] if f else "-", fmt_x(ratio(r.get("weft_gpu"), f[1])) if f else "-",
                     *[diff(r.get(f"{k}_gpu")) for k, _ in GPU_ENGINES],
                     f"{diff(nv)} ({nv['seconds']:.0f})" if "seconds" in nv else "FAILED" if "error" in nv else "-", fmt_diff(w.get("vsNativeVulkan"))])
    table(rows)
    print("IREE native Vulkan: iree-run-module --device=vulkan, one run on the same SwiftShader driver (seconds, load included);\n"
          "'Weft vs IREE native': Weft's WebGPU output against it, which tells Weft's errors from the compiler's Vulkan code's.")
    for m, r in res["models"].items():
        if "error" in (r.get("native_vulkan") or {}):
            print(f"  FAILED {m} IREE native Vulkan: {r['native_vulkan']['error']}")
    for m, r in res["models"].items():
        for k, label in GPU_ENGINES:
            x = r.get(f"{k}_gpu")
            if isinstance(x, dict) and "error" in x:
                print(f"  FAILED {m} {label} WebGPU: {x['error']}")


def print_targets(res, written):
    print("\nissue 19's and issue 18's (WebGPU) targets (this run):")
    for x in res.get("targets") or []:
        print(f"  [{'met' if x['met'] else 'NOT MET'}] {x['target']}\n      {x['figure']}")
    print(f"\nwritten: {HERE.relative_to(ROOT)}/results/{written}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--table"]:
        print_table(json.loads((HERE / "results" / "latest.json").read_text()))
    else:
        main()
