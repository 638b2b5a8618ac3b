#!/usr/bin/env python3
"""Builds a small model suite for tests/web/suite.test.mjs, in the layout of tests/bench/build/
(tests/bench/build_models.py): an MLP 64→128→128→10 (Gemm + Relu, the layers a torch export
gives) made with the `onnx` package from seeded weights, its input and its reference output,
computed here with numpy in float64 from the same weights.

    .venv/bin/python tests/web/make-suite.py DIR     # writes DIR/mlp.{onnx,in.x.npy,inputs.json,ref.npy}
"""
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto as T, helper as h, numpy_helper

out = Path(sys.argv[1])
rng = np.random.default_rng(7)
sizes = [64, 128, 128, 10]
# Weights scaled as torch's Linear initialises them (uniform ±1/sqrt(fan_in)).
layers = [(rng.uniform(-1, 1, (n, k)).astype(np.float32) / np.float32(np.sqrt(k)),
           rng.uniform(-1, 1, n).astype(np.float32) / np.float32(np.sqrt(k)))
          for k, n in zip(sizes, sizes[1:])]
x = rng.standard_normal((1, sizes[0]), dtype=np.float32)

nodes, inits, value = [], [], "x"
for i, (w, b) in enumerate(layers):
    inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
    last = i == len(layers) - 1
    nodes.append(h.make_node("Gemm", [value, f"w{i}", f"b{i}"], ["y" if last else f"g{i}"], transB=1))
    if not last:
        nodes.append(h.make_node("Relu", [f"g{i}"], [f"r{i}"]))
        value = f"r{i}"
graph = h.make_graph(nodes, "main_graph", [h.make_tensor_value_info("x", T.FLOAT, [1, sizes[0]])],
                     [h.make_tensor_value_info("y", T.FLOAT, [1, sizes[-1]])], initializer=inits)
model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)], producer_name="weft-web-suite-test")
model.ir_version = 8
onnx.checker.check_model(model, full_check=True)

ref = x.astype(np.float64)
for i, (w, b) in enumerate(layers):
    ref = ref @ w.astype(np.float64).T + b
    if i < len(layers) - 1:
        ref = np.maximum(ref, 0)

out.mkdir(parents=True, exist_ok=True)
onnx.save(model, str(out / "mlp.onnx"))
np.save(out / "mlp.in.x.npy", x)
(out / "mlp.inputs.json").write_text(json.dumps(["x"]))
np.save(out / "mlp.ref.npy", ref.astype(np.float32))
