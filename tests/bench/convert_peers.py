"""Converts one bench model (build/MODEL.onnx, build_models.py's torch export) for the peers and
the second exporter; runs in tests/bench/.venv-tf (build_models.py calls it per model):

  onnx2tf            ONNX -> TensorFlow SavedModel (NHWC) and MODEL.tflite (float32): LiteRT.js
  tensorflowjs       SavedModel -> MODEL.tfjs/ (graph model): TensorFlow.js
  tf2onnx            SavedModel -> MODEL.tf2onnx.onnx: the second exporter's graph of the same
                     network and weights (NHWC input), which Weft compiles too

LiteRT.js and TF.js have no int64 tensors: int64 inputs (MiniLM's ids and mask) are taken as
int32 and cast inside the graph before the conversion. Each converted model is run here on the
bench input (NHWC images where the model takes them) and compared with ONNX Runtime's reference
output (build/MODEL.ref.npy); TF.js is checked where it runs (run.py). Writes
build/MODEL.peers.json: per format its file, its inputs in the order it takes them (.npy files
written here), the converter and the max abs difference, or the error that stopped it.
Usage: .venv-tf/bin/python convert_peers.py MODEL"""
import json, os, shutil, subprocess, sys, time
from importlib.metadata import version
from pathlib import Path

import numpy as np
import onnx

HERE = Path(__file__).resolve().parent
BUILD = HERE / "build"
BIN = Path(sys.executable).parent


def sh(cmd, log, cwd=None):
    # PATH: onnx2tf runs the onnxsim command of its own venv.
    env = dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}")
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=env)
    if r.returncode != 0:
        log.write_text(r.stdout + r.stderr)
        tail = [l for l in (r.stderr or r.stdout).strip().splitlines() if l.strip()]
        raise RuntimeError(f"{Path(str(cmd[0])).name} failed: {tail[-1][:300] if tail else r.returncode} (see {log.name})")


def int32_inputs(name):
    """The graph onnx2tf converts: the torch export, with int64 inputs taken as int32 and cast."""
    model = onnx.load(str(BUILD / f"{name}.onnx"))
    wide = [i for i in model.graph.input if i.type.tensor_type.elem_type == onnx.TensorProto.INT64]
    if not wide:
        return BUILD / f"{name}.onnx"
    for i in wide:
        inner = f"{i.name}_int64"
        for node in model.graph.node:
            node.input[:] = [inner if x == i.name else x for x in node.input]
        i.type.tensor_type.elem_type = onnx.TensorProto.INT32
        model.graph.node.insert(0, onnx.helper.make_node("Cast", [i.name], [inner], to=onnx.TensorProto.INT64))
    path = BUILD / f"{name}.int32.onnx"
    onnx.save(model, str(path))
    return path


def bare(tensor_name):
    """An input's ONNX name from a converted model's (`serving_default_x:0`, `x:0`)."""
    return tensor_name.removeprefix("serving_default_").split(":")[0]


def inputs_as(name, wanted):
    """`wanted`: [(its name, shape, numpy dtype)] in the model's order. Each bench input
    (build/MODEL.in.NAME.npy) in that shape (the NHWC transpose of an NCHW image) and dtype,
    written beside it when it differs: [{name, npy}], and the arrays."""
    spec, arrays = [], []
    for tname, shape, dtype in wanted:
        onnx_name = bare(tname)
        x = np.load(BUILD / f"{name}.in.{onnx_name}.npy")
        suffix = ""
        if list(x.shape) != list(shape) and x.ndim == 4 and list(x.transpose(0, 2, 3, 1).shape) == list(shape):
            x, suffix = np.ascontiguousarray(x.transpose(0, 2, 3, 1)), ".nhwc"
        if list(x.shape) != list(shape):
            raise ValueError(f"input {tname}: shape {list(shape)}, the bench input is {list(x.shape)}")
        if x.dtype != dtype:
            x, suffix = x.astype(dtype), suffix + f".{np.dtype(dtype).name}"
        file = f"{name}.in.{onnx_name}{suffix}.npy"
        if suffix:
            np.save(BUILD / file, x)
        spec.append({"name": tname, "npy": file})
        arrays.append(x)
    return spec, arrays


def max_abs_diff(name, y):
    ref = np.load(BUILD / f"{name}.ref.npy")
    if y.size != ref.size:
        raise ValueError(f"output shape {list(y.shape)}, the reference's {list(ref.shape)}")
    if list(y.shape) != list(ref.shape):
        raise ValueError(f"output shape {list(y.shape)}, the reference's {list(ref.shape)} (same size: a layout the check would misread)")
    return float(np.max(np.abs(y.astype(np.float64) - ref.astype(np.float64))))


def onnx2tf_workdir():
    """onnx2tf checks its conversion of image models on 20 sample images that it downloads
    unless their file is in its working directory (only package registries are reachable here):
    this folder, with seeded random images in [0, 1) as the bench's inputs are."""
    work = BUILD / "onnx2tf-work"
    work.mkdir(exist_ok=True)
    samples = work / "calibration_image_sample_data_20x128x128x3_float32.npy"
    if not samples.exists():
        np.save(samples, np.random.default_rng(3).random((20, 128, 128, 3), dtype=np.float32))
    return work


def saved_model(name, out):
    source = int32_inputs(name)
    shutil.rmtree(out, ignore_errors=True)
    t = time.time()
    sh([BIN / "onnx2tf", "-i", source, "-o", out, "-osd", "-coion", "-n"], BUILD / f"{name}.onnx2tf.log", cwd=onnx2tf_workdir())
    tflite = BUILD / f"{name}.tflite"
    shutil.move(out / f"{source.stem}_float32.tflite", tflite)
    (out / f"{source.stem}_float16.tflite").unlink(missing_ok=True)
    return tflite, round(time.time() - t, 1)


def check_tflite(name, tflite):
    from ai_edge_litert.interpreter import Interpreter
    it = Interpreter(model_path=str(tflite), num_threads=1)
    it.allocate_tensors()
    details = it.get_input_details()
    spec, arrays = inputs_as(name, [(d["name"], d["shape"], d["dtype"]) for d in details])
    for d, x in zip(details, arrays):
        it.set_tensor(d["index"], x)
    it.invoke()
    y = it.get_tensor(it.get_output_details()[0]["index"])
    return {"file": tflite.name, "inputs": spec, "maxAbsDiff": max_abs_diff(name, y), "bytes": tflite.stat().st_size}


def tfjs(name, sm):
    out = BUILD / f"{name}.tfjs"
    shutil.rmtree(out, ignore_errors=True)
    sh([BIN / "tensorflowjs_converter", "--input_format=tf_saved_model", "--output_format=tfjs_graph_model",
        "--signature_name=serving_default", "--saved_model_tags=serve", sm, out], BUILD / f"{name}.tfjs.log")
    signature = json.loads((out / "model.json").read_text())["signature"]["inputs"]
    dtypes = {"DT_FLOAT": np.float32, "DT_INT32": np.int32}
    wanted = [(k, [int(d.get("size", 0)) for d in v["tensorShape"]["dim"]], dtypes[v["dtype"]]) for k, v in signature.items()]
    spec, _ = inputs_as(name, wanted)
    return {"dir": out.name, "inputs": [dict(s, name=bare(s["name"])) for s in spec],
            "bytes": sum(p.stat().st_size for p in out.iterdir())}


def tf2onnx(name, sm):
    out = BUILD / f"{name}.tf2onnx.onnx"
    sh([BIN / "python", "-m", "tf2onnx.convert", "--saved-model", sm, "--output", out, "--opset", "17"], BUILD / f"{name}.tf2onnx.log")
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(out), so, providers=["CPUExecutionProvider"])
    wanted = [(i.name, i.shape, {"tensor(float)": np.float32, "tensor(int32)": np.int32, "tensor(int64)": np.int64}[i.type]) for i in sess.get_inputs()]
    spec, arrays = inputs_as(name, wanted)
    (y, *_) = sess.run(None, {s["name"]: x for s, x in zip(spec, arrays)})
    return {"file": out.name, "inputs": spec, "maxAbsDiff": max_abs_diff(name, y)}


def main(name):
    result = {"converters": {p: version(p) for p in ("onnx2tf", "tensorflow", "tensorflowjs", "tf2onnx", "ai-edge-litert")}}
    sm = BUILD / f"{name}.tf"
    steps = [("tflite", lambda: check_tflite(name, tflite)), ("tfjs", lambda: tfjs(name, sm)), ("tf2onnx", lambda: tf2onnx(name, sm))]
    try:
        tflite, result["onnx2tf_s"] = saved_model(name, sm)
    except Exception as e:  # nothing converts without the SavedModel: every format says why
        result.update({fmt: {"error": f"onnx2tf: {e}"} for fmt, _ in steps})
        steps = []
    for fmt, step in steps:
        try:
            result[fmt] = step()
        except Exception as e:
            result[fmt] = {"error": f"{type(e).__name__}: {str(e)[:400]}"}
        print(f"{name} {fmt}: {result[fmt].get('error') or 'ok, max abs diff ' + str(result[fmt].get('maxAbsDiff', 'checked in the run'))}", flush=True)
    (BUILD / f"{name}.peers.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
