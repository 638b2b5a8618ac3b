"""Resolves ONNX Reshape's special sizes before iree-import-onnx sees the model.

A Reshape whose shape is computed at run time may hold -1 (infer this size) and 0 (copy the
input's size). iree-import-onnx 3.13 resolves 0 but passes -1 on to tensor.reshape, whose result
then has a dimension of -1: the program computes with negative sizes (the reference runtime
crashes or returns wrong values, and a Weft kernel given such a size traps). tf2onnx writes
such shapes for Keras attention (Einsum). This rewrites the shape input of every Reshape that is
not a constant into the resolved shape, computed by the graph itself:
    copied   = Where(shape == 0, Shape(x)[i], shape)            (unless allowzero=1)
    inferred = Size(x) / max(-ReduceProd(copied), 1)             (the product is < 0 with one -1)
    resolved = Where(copied == -1, inferred, copied)
Usage: python onnx-reshapes.py IN.onnx OUT.onnx   (prints how many Reshapes it rewrote)
"""
import sys

import numpy
import onnx
from onnx import helper, numpy_helper


def constant_names(graph):
    names = {i.name for i in graph.initializer}
    names.update(o for n in graph.node if n.op_type == "Constant" for o in n.output)
    return names


def scalar(name, value):
    return numpy_helper.from_array(numpy.array(value, dtype=numpy.int64), name)


def resolve(graph):
    """Rewrites the graph's Reshapes with computed shapes; returns how many."""
    constants = constant_names(graph)
    nodes, rewritten = [], 0
    for node in graph.node:
        if node.op_type != "Reshape" or node.input[1] in constants:
            nodes.append(node)
            continue
        rewritten += 1
        x, shape = node.input
        p = f"weft_reshape{rewritten}_"
        allowzero = any(a.name == "allowzero" and a.i for a in node.attribute)
        add = lambda op, ins, out, **kw: nodes.append(helper.make_node(op, ins, [p + out], **kw)) or p + out
        copied = shape
        if not allowzero:
            dims = add("Shape", [x], "dims")
            rank = add("Size", [dims], "rank")
            last = add("Sub", [rank, "weft_reshape_one"], "last")
            length = add("Size", [shape], "length")
            index = add("Range", ["weft_reshape_zero", length, "weft_reshape_one"], "index")
            clamped = add("Min", [index, last], "clamped")
            input_dims = add("Gather", [dims, clamped], "input_dims", axis=0)
            is_zero = add("Equal", [shape, "weft_reshape_zero"], "is_zero")
            copied = add("Where", [is_zero, input_dims, shape], "copied")
        product = add("ReduceProd", [copied], "product", keepdims=0)  # no axes: all of them
        known = add("Neg", [product], "known")
        divisor = add("Max", [known, "weft_reshape_one"], "divisor")
        count = add("Size", [x], "count")
        inferred = add("Div", [count, divisor], "inferred")
        is_inferred = add("Equal", [copied, "weft_reshape_minus1"], "is_inferred")
        resolved = add("Where", [is_inferred, inferred, copied], "resolved")
        node.input[1] = resolved
        nodes.append(node)
    if rewritten:
        graph.initializer.extend([scalar("weft_reshape_zero", 0), scalar("weft_reshape_one", 1),
                                  scalar("weft_reshape_minus1", -1)])
        del graph.node[:]
        graph.node.extend(nodes)
    return rewritten


def main(src, dst):
    model = onnx.load(src)
    count = resolve(model.graph)
    onnx.save(model, dst)
    print(count)


if __name__ == "__main__":
    main(*sys.argv[1:3])
