#!/usr/bin/env python3
"""Builds the ONNX programs of the differential corpus at fixture-build time.

Each graph below is built with the `onnx` Python package (nothing binary is kept in git), checked
with onnx.checker, written to tests/build/corpus/onnx/<name>.onnx and imported with IREE's own
`iree-import-onnx` into tests/programs/corpus/onnx_<name>.mlir, with the corpus header lines
(TARGETS, FLAGS, RUN) put in front. The generated .mlir files are ignored by git
(tests/programs/corpus/.gitignore) and rewritten only when their text changes, so
build-fixtures.sh does not recompile them needlessly.

Run before `build-fixtures.sh corpus` / `oracle.py corpus`:
    .venv/bin/python tests/scripts/make-onnx-corpus.py
Needs `onnx` in .venv (installed pinned, below, if missing).
"""

import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENV_BIN = os.path.join(ROOT, ".venv", "bin")
ONNX_PIN = "onnx==1.18.0"
OUT_MLIR = os.path.join(ROOT, "tests", "programs", "corpus")
OUT_ONNX = os.path.join(ROOT, "tests", "build", "corpus", "onnx")
OPSET = 17

try:
    import onnx
except ImportError:
    subprocess.check_call([os.path.join(VENV_BIN, "pip"), "install", "--quiet", "--disable-pip-version-check", ONNX_PIN])
    import onnx
from onnx import TensorProto as T, helper as h, numpy_helper
import numpy as np


def vi(name, elem, shape):
    return h.make_tensor_value_info(name, elem, shape)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


GRAPHS = []


def graph(name, description, runs, flags="", differs=(), known=(), gpu=()):
    """`differs`: `// VMVX-BUILD-DIFFERS:` lines (results where the vmvx build legitimately differs
    from the host build the oracle ran; rt-core's corpus test checks those against the reference
    runtime running the vmvx build). `known`: `// KNOWN-WEFT-DIFFERENCE:` lines (calls where Weft is
    known to differ from the reference; the corpus test requires them to still differ). `gpu`:
    `// KNOWN-GPU-DIFFERENCE:` lines, the same for the vulkan build on Weft's WebGPU device."""
    def register(build):
        GRAPHS.append((name, description, runs, flags, differs, known, gpu, build))
        return build
    return register


@graph("gemm_relu", "ONNX Gemm (transB=1, with bias) followed by Relu.",
       ["main '2x3xf32=1 -2 3 0.5 0.5 -4'"])
def _():
    w = const("w", np.array([[1, 0, -1], [0.5, 2, 1], [-1, -1, -1], [3, 0, 0.25]], np.float32))
    b = const("b", np.array([0.5, -1, 2, 0], np.float32))
    nodes = [h.make_node("Gemm", ["x", "w", "b"], ["g"], transB=1), h.make_node("Relu", ["g"], ["y"])]
    return nodes, [vi("x", T.FLOAT, [2, 3])], [vi("y", T.FLOAT, [2, 4])], [w, b]


@graph("matmul_add_tanh", "ONNX MatMul, Add (broadcast bias) and Tanh.",
       ["main '3x2xf32=1 2 -1 0.5 0 0' '2x2xf32=0.5 -0.5 1 1'"],
       differs=["main result 0: the vmvx and llvm-cpu builds use different tanh approximations (last-place differences)"],
       gpu=["main: the compiler's Vulkan tanh approximation differs from the host build's in the last places (tanh(0.1) 0.099667989 vs 0.099667974)"])
def _():
    b = const("b", np.array([0.1, -0.2], np.float32))
    nodes = [h.make_node("MatMul", ["x", "w"], ["m"]), h.make_node("Add", ["m", "b"], ["a"]), h.make_node("Tanh", ["a"], ["y"])]
    return nodes, [vi("x", T.FLOAT, [3, 2]), vi("w", T.FLOAT, [2, 2])], [vi("y", T.FLOAT, [3, 2])], [b]


@graph("conv_maxpool", "ONNX Conv (3x3, pad 1, with bias) followed by MaxPool 2x2 stride 2.",
       ["main '1x1x4x4xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'"])
def _():
    w = const("w", np.array([[[[0, 1, 0], [1, -4, 1], [0, 1, 0]]], [[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]], np.float32) / np.float32(2))
    b = const("b", np.array([0.5, -1], np.float32))
    nodes = [h.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
             h.make_node("MaxPool", ["c"], ["y"], kernel_shape=[2, 2], strides=[2, 2])]
    return nodes, [vi("x", T.FLOAT, [1, 1, 4, 4])], [vi("y", T.FLOAT, [1, 2, 2, 2])], [w, b]


@graph("softmax", "ONNX Softmax over the last axis.",
       ["main '2x4xf32=1 2 3 4 -1 0 1 100'"],
       known=["main: IEEE subnormals kept by design (README, Known differences): the reference runs dispatches with flush-to-zero, so exp(-101) prints 0 from every build; Weft's native VMVX interpreter returns the subnormals (1.4013E-44 ...); the wasm32 kernel's exp underflows to 0 by itself, so the wasm32 build matches"])
def _():
    return [h.make_node("Softmax", ["x"], ["y"], axis=-1)], [vi("x", T.FLOAT, [2, 4])], [vi("y", T.FLOAT, [2, 4])], []


@graph("layernorm", "ONNX LayerNormalization over the last axis (epsilon 1e-5).",
       ["main '2x3xf32=1 2 3 -1 0 5'"])
def _():
    g = const("g", np.array([1, 2, 0.5], np.float32))
    b = const("b", np.array([0, 0.1, -1], np.float32))
    nodes = [h.make_node("LayerNormalization", ["x", "g", "b"], ["y"], axis=-1, epsilon=1e-5)]
    return nodes, [vi("x", T.FLOAT, [2, 3])], [vi("y", T.FLOAT, [2, 3])], [g, b]


@graph("reduce_mean_keepdims", "ONNX ReduceMean (keepdims) and ReduceMax over axis 1.",
       ["main '2x3x2xf32=1 2 3 4 5 6 -1 -2 -3 -4 -5 -6'"])
def _():
    nodes = [h.make_node("ReduceMean", ["x"], ["m"], axes=[1], keepdims=1),
             h.make_node("ReduceMax", ["x"], ["mx"], axes=[1], keepdims=0)]
    return nodes, [vi("x", T.FLOAT, [2, 3, 2])], [vi("m", T.FLOAT, [2, 1, 2]), vi("mx", T.FLOAT, [2, 2])], []


@graph("where_greater", "ONNX Greater and Where: keep elements above a threshold tensor, else 0.",
       ["main '6xf32=-1 2 0.5 3 -4 7' '6xf32=0 0 1 1 -5 10'"])
def _():
    z = const("z", np.zeros([6], np.float32))
    nodes = [h.make_node("Greater", ["x", "t"], ["c"]), h.make_node("Where", ["c", "x", "z"], ["y"])]
    return nodes, [vi("x", T.FLOAT, [6]), vi("t", T.FLOAT, [6])], [vi("y", T.FLOAT, [6])], [z]


@graph("transpose_reshape_concat", "ONNX Transpose, Reshape and Concat.",
       ["main '2x3xf32=1 2 3 4 5 6' '1x6xf32=7 8 9 10 11 12'"])
def _():
    shape = const("shape", np.array([1, 6], np.int64))
    nodes = [h.make_node("Transpose", ["x"], ["t"], perm=[1, 0]),
             h.make_node("Reshape", ["t", "shape"], ["r"]),
             h.make_node("Concat", ["r", "z"], ["y"], axis=0)]
    return nodes, [vi("x", T.FLOAT, [2, 3]), vi("z", T.FLOAT, [1, 6])], [vi("y", T.FLOAT, [2, 6])], [shape]


@graph("gather_rows", "ONNX Gather on axis 0 with int64 indices (kept i64).",
       ["main '4x2xf32=1 2 3 4 5 6 7 8' '3xi64=3 0 3'"], flags="--iree-input-demote-i64-to-i32=false")
def _():
    nodes = [h.make_node("Gather", ["x", "i"], ["y"], axis=0)]
    return nodes, [vi("x", T.FLOAT, [4, 2]), vi("i", T.INT64, [3])], [vi("y", T.FLOAT, [3, 2])], []


@graph("cumsum", "ONNX CumSum along axis 1 (axis given as an int64 initializer).",
       ["main '2x4xf32=1 2 3 4 -1 0.5 0.5 10'"])
def _():
    axis = const("axis", np.array(1, np.int64))
    return [h.make_node("CumSum", ["x", "axis"], ["y"])], [vi("x", T.FLOAT, [2, 4])], [vi("y", T.FLOAT, [2, 4])], [axis]


@graph("argmax", "ONNX ArgMax over axis 1 (int64 result, kept i64).",
       ["main '3x4xf32=1 5 2 5 -1 -2 -3 -4 0 0 9 1'"], flags="--iree-input-demote-i64-to-i32=false")
def _():
    return [h.make_node("ArgMax", ["x"], ["y"], axis=1, keepdims=0)], [vi("x", T.FLOAT, [3, 4])], [vi("y", T.INT64, [3])], []


@graph("erf_pow_sqrt", "ONNX Erf, Pow (tensor exponent) and Sqrt.",
       ["main '4xf32=0.5 1 2 4' '4xf32=2 0.5 3 -1'"],
       differs=["main result 0: the vmvx and llvm-cpu builds use different erf approximations (last-place differences)"])
def _():
    nodes = [h.make_node("Erf", ["x"], ["e"]), h.make_node("Pow", ["x", "p"], ["pw"]), h.make_node("Sqrt", ["x"], ["s"])]
    return nodes, [vi("x", T.FLOAT, [4]), vi("p", T.FLOAT, [4])], [vi("e", T.FLOAT, [4]), vi("pw", T.FLOAT, [4]), vi("s", T.FLOAT, [4])], []


def main():
    os.makedirs(OUT_ONNX, exist_ok=True)
    importer = os.path.join(VENV_BIN, "iree-import-onnx")
    written = 0
    for name, description, runs, flags, differs, known, gpu, build in GRAPHS:
        nodes, inputs, outputs, inits = build()
        g = h.make_graph(nodes, "main", inputs, outputs, initializer=inits)
        model = h.make_model(g, opset_imports=[h.make_opsetid("", OPSET)], producer_name="weft-corpus")
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        onnx_path = os.path.join(OUT_ONNX, f"{name}.onnx")
        onnx.save(model, onnx_path)
        imported = subprocess.run([importer, onnx_path, "-o", "-"], check=True, capture_output=True, text=True).stdout
        header = ["// TARGETS: wasm32 host vmvx"]
        if flags:
            header.append(f"// FLAGS: {flags}")
        header.append(f"// GENERATED by tests/scripts/make-onnx-corpus.py (iree-import-onnx, opset {OPSET}): {description}")
        header += [f"// VMVX-BUILD-DIFFERS: {d}" for d in differs]
        header += [f"// KNOWN-WEFT-DIFFERENCE: {k}" for k in known]
        header += [f"// KNOWN-GPU-DIFFERENCE: {k}" for k in gpu]
        header += [f"// RUN: {r}" for r in runs]
        text = "\n".join(header) + "\n" + imported
        path = os.path.join(OUT_MLIR, f"onnx_{name}.mlir")
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as f:
                f.write(text)
            written += 1
    print(f"onnx corpus: {len(GRAPHS)} graphs, {written} .mlir files (re)written")


if __name__ == "__main__":
    sys.exit(main())
