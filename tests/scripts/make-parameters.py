#!/usr/bin/env python3
"""Writes the parameter files the test programs read, at fixture time (none is kept in git).

A spec names a file's format, the parameters in it and, optionally, a corruption:

    FORMAT:GENERATOR[:VARIANT]      e.g. irpa:mlp, safetensors:layers, gguf:layers:truncated

FORMAT is how the file is written, each by the tool the format's users use:
    irpa         iree.runtime.ParameterIndex (add_buffer / add_splat, create_archive_file): IREE's own
    safetensors  numpy: 8-byte little-endian header length, JSON header padded with spaces, data
    gguf         the `gguf` package's GGUFWriter (pinned in setup-python.sh)
GENERATOR is a function below returning the parameters: (key, numpy array) pairs, or (key, Splat)
for IRPA splat entries. VARIANT damages the written file:
    truncated      the file ends 4 bytes into the last parameter's data (trailing padding removed)
    short-header   the file ends after 16 bytes
    bad-magic      the first 4 bytes are `XXXX`

oracle.py reads `// PARAMETERS: [scope=]SPEC` lines and calls `write(spec, path)`; run by hand:
    .venv/bin/python tests/scripts/make-parameters.py SPEC OUT
"""

import json
import struct
import sys

import numpy as np

EXTENSIONS = {"irpa": "irpa", "safetensors": "safetensors", "gguf": "gguf"}


class Splat:
    """An IRPA splat entry: `pattern` (little-endian bytes) repeated to `length` bytes."""

    def __init__(self, pattern, length):
        self.pattern, self.length = bytes(pattern), length


def ramp(shape, scale, offset=0.0, dtype=np.float32):
    """Deterministic, distinct, nonzero values (exact in f32): offset + scale * (1, 2, 3, ...)."""
    n = int(np.prod(shape))
    return (offset + scale * np.arange(1, n + 1)).astype(dtype).reshape(shape)


GENERATORS = {}


def generator(build):
    GENERATORS[build.__name__] = build
    return build


@generator
def mlp():
    """Two dense layers: 4 -> 8 (relu) -> 3."""
    return [("fc1.weight", ramp((4, 8), 0.03125, -0.5)), ("fc1.bias", ramp((8,), 0.25, -1.0)),
            ("fc2.weight", ramp((8, 3), -0.0625, 0.75)), ("fc2.bias", ramp((3,), 0.5))]


@generator
def layer():
    """A 4x4 weight and bias, as each of the format scopes serves them."""
    return [("weight", ramp((4, 4), 0.125, -1.0)), ("bias", ramp((4,), -0.5, 2.0))]


@generator
def counts():
    """An i32 parameter (GGUF's I32 type)."""
    return [("steps", np.array([3, -1, 4, 1], dtype=np.int32))]


@generator
def unscoped():
    return [("offset", ramp((4,), 10.0))]


@generator
def shared_first():
    """`table` read whole and in slices by several globals; `dup` also in shared_second."""
    return [("table", ramp((16,), 1.0)), ("dup", np.full((4,), 7.0, dtype=np.float32))]


@generator
def shared_second():
    """`dup` again (the first file's wins) and `extra` (only here)."""
    return [("dup", np.full((4,), -7.0, dtype=np.float32)), ("extra", ramp((4,), 0.5))]


@generator
def splats():
    """Splat entries of 4, 2 and 1-byte patterns (f32 1.5, i16 -3, i8 5)."""
    return [("f", Splat(struct.pack("<f", 1.5), 16)), ("h", Splat(struct.pack("<h", -3), 8)),
            ("b", Splat(struct.pack("<b", 5), 4))]


@generator
def state():
    """Initial values of mutable state (read with io_parameters.gather)."""
    return [("acc", ramp((4,), 1.0)), ("count", np.array([10], dtype=np.int32))]


@generator
def vector():
    """One small vector, for the error programs."""
    return [("v", ramp((4,), 2.0))]


@generator
def short_vector():
    """`v` with 2 elements where programs want 4."""
    return [("v", ramp((2,), 2.0))]


@generator
def large():
    """Four 2560x2560 f32 matrices, 100 MiB in all: for the memory check."""
    return [(f"m{i}", ramp((2560, 2560), 1.0 / 1024, float(i))) for i in range(4)]


def write_irpa(entries, path):
    import iree.runtime as rt

    index = rt.ParameterIndex()
    for key, value in entries:
        if isinstance(value, Splat):
            index.add_splat(key, value.pattern, value.length)
        else:
            index.add_buffer(key, np.ascontiguousarray(value).tobytes())
    index.create_archive_file(path)


SAFETENSORS_DTYPES = {"float32": "F32", "float16": "F16", "int32": "I32", "int16": "I16", "int8": "I8",
                      "uint8": "U8", "int64": "I64", "float64": "F64"}


def write_safetensors(entries, path):
    header, data, offset = {}, [], 0
    for key, value in entries:
        raw = np.ascontiguousarray(value).tobytes()
        header[key] = {"dtype": SAFETENSORS_DTYPES[value.dtype.name], "shape": list(value.shape),
                       "data_offsets": [offset, offset + len(raw)]}
        data.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in data:
            f.write(raw)


def write_gguf(entries, path):
    import gguf

    writer = gguf.GGUFWriter(path, "weft-test")
    for key, value in entries:
        writer.add_tensor(key, np.ascontiguousarray(value))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


WRITERS = {"irpa": write_irpa, "safetensors": write_safetensors, "gguf": write_gguf}


def damage(path, variant):
    with open(path, "rb") as f:
        data = f.read()
    if variant == "truncated":
        data = data.rstrip(b"\0")[:-4]
    elif variant == "short-header":
        data = data[:16]
    elif variant == "bad-magic":
        data = b"XXXX" + data[4:]
    else:
        raise ValueError(f"unknown variant `{variant}` (truncated, short-header, bad-magic)")
    with open(path, "wb") as f:
        f.write(data)


def parse_spec(spec):
    """`FORMAT:GENERATOR[:VARIANT]` -> (format, generator, variant or None)."""
    parts = spec.split(":")
    if len(parts) not in (2, 3) or parts[0] not in WRITERS or parts[1] not in GENERATORS:
        raise ValueError(f"bad parameter spec `{spec}`: expected FORMAT:GENERATOR[:VARIANT] with FORMAT one of "
                         f"{sorted(WRITERS)} and GENERATOR one of {sorted(GENERATORS)}")
    return parts[0], parts[1], (parts[2] if len(parts) == 3 else None)


def extension(spec):
    return EXTENSIONS[parse_spec(spec)[0]]


def write(spec, path):
    """Writes the file `spec` describes to `path` (whose extension must be the format's)."""
    fmt, gen, variant = parse_spec(spec)
    WRITERS[fmt](GENERATORS[gen](), path)
    if variant:
        damage(path, variant)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    write(sys.argv[1], sys.argv[2])
