#!/usr/bin/env python3
"""Walks the bytecode of a .vmfb and lists the instruction mnemonics of every function.

An independent reader used by isa_coverage.py: it decodes instruction lengths from the operand layouts
in IREE's machine-readable opcode table (isa.json, bytecode v17.0) instead of trusting iree-dump-module,
whose 3.13.0 disassembler stops at some instructions (cast.si64.f32, switch.ref, ...) and prints a few
others under the wrong name (global.load.indirect.f32 shows as .f64).

Usage: bytecode_walk.py [--isa isa.json] module.vmfb ...   (prints `function  pc  mnemonic` lines)
"""

import argparse
import json
import os
import struct
import subprocess
import sys

MIRROR = "/work/.mirror/iree-org+iree/repo"
ISA_PATH_IN_REPO = "runtime/src/iree/vm/bytecode/isa/isa.json"


def load_isa(path=None):
    if path:
        with open(path) as f:
            return json.load(f)
    text = subprocess.run(["git", "-C", MIRROR, "show", f"HEAD:{ISA_PATH_IN_REPO}"],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)


class Isa:
    def __init__(self, doc):
        self.doc = doc
        self.by_opcode = {}  # (set, opcode) -> instruction
        self.prefixes = {}  # core opcode -> target set
        for ins in doc["instructions"]:
            if ins.get("kind") == "prefix":
                self.prefixes[ins["opcode"]] = ins["target_opcode_set"]
            self.by_opcode[(ins["opcode_set"], ins["opcode"])] = ins
        self.mnemonics = [i["mnemonic"] for i in doc["instructions"] if i["mnemonic"]]

    def fields(self, ins):
        enc = self.doc["encodings"][ins["encoding"]]
        if "class" not in enc:
            return enc["fields"]
        cls = self.doc["operation_classes"][enc["class"]]
        params = enc.get("parameters", {})
        out = []
        for f in cls["fields"]:
            f = dict(f)
            for key in ("bank", "type"):
                v = f.get(key)
                if isinstance(v, str) and v.startswith("$"):
                    f[key] = params[v[1:]]
            out.append(f)
        return out


# ---------------------------------------------------------------------------------------------
# Minimal FlatBuffer access for the BytecodeModuleDef fields we need.


class Table:
    def __init__(self, buf, pos):
        self.buf, self.pos = buf, pos
        vt = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vt = vt
        self.vt_size = struct.unpack_from("<H", buf, vt)[0]

    def _field(self, slot):
        off = 4 + 2 * slot
        if off >= self.vt_size:
            return None
        rel = struct.unpack_from("<H", self.buf, self.vt + off)[0]
        return self.pos + rel if rel else None

    def u32(self, slot, default=0):
        p = self._field(slot)
        return struct.unpack_from("<I", self.buf, p)[0] if p is not None else default

    def _indirect(self, slot):
        p = self._field(slot)
        return None if p is None else p + struct.unpack_from("<I", self.buf, p)[0]

    def string(self, slot):
        p = self._indirect(slot)
        if p is None:
            return None
        n = struct.unpack_from("<I", self.buf, p)[0]
        return self.buf[p + 4:p + 4 + n].decode("utf-8")

    def vector(self, slot):
        """(start, count) of a vector's elements."""
        p = self._indirect(slot)
        if p is None:
            return None, 0
        return p + 4, struct.unpack_from("<I", self.buf, p)[0]

    def tables(self, slot):
        start, n = self.vector(slot)
        return [Table(self.buf, start + 4 * i + struct.unpack_from("<I", self.buf, start + 4 * i)[0])
                for i in range(n)]


def read_module(path):
    """Returns (root table, bytecode bytes, [(name, offset, length)] per internal function)."""
    data = open(path, "rb").read()
    pos = 0
    if data[:4] == b"PK\x03\x04":
        name_len, extra_len = struct.unpack_from("<HH", data, 26)
        pos = 30 + name_len + extra_len
    size = struct.unpack_from("<I", data, pos)[0]
    fb = data[pos + 4:pos + 4 + size]
    if fb[4:8] != b"IREE":
        raise ValueError(f"{path}: no IREE FlatBuffer identifier")
    root = Table(fb, struct.unpack_from("<I", fb, 0)[0])
    start, n = root.vector(14)  # bytecode_data
    bytecode = fb[start:start + n] if start is not None else b""
    names = {}
    for exp in root.tables(7):  # exported_functions: local_name, internal_ordinal
        names.setdefault(exp.u32(1), exp.string(0))
    funcs = []
    start, n = root.vector(12)  # function_descriptors: 20-byte structs
    for i in range(n):
        off, length = struct.unpack_from("<ii", fb, start + 20 * i)
        funcs.append((names.get(i, f"#{i}"), off, length))
    return root, bytecode, funcs


# ---------------------------------------------------------------------------------------------
# Instruction walking.


def skip_fields(isa, fields, code, pc):
    for f in fields:
        kind = f["kind"]
        if kind == "register" or kind == "const_i16":
            pc += 2
        elif kind in ("global_attr", "func_attr", "type_of", "rodata_attr", "branch_target"):
            pc += 4
        elif kind == "attribute":
            pc += 8 if f["type"] in ("i64", "f64") else 4
        elif kind in ("variadic_operands", "variadic_results"):
            pc += pc & 1
            n = struct.unpack_from("<H", code, pc)[0]
            pc += 2 + 2 * n
        elif kind == "branch_operands":
            pc += pc & 1
            n = struct.unpack_from("<H", code, pc)[0]
            pc += 2 + 4 * n
        elif kind == "string_attr":
            n = struct.unpack_from("<H", code, pc)[0]
            pc += 2 + n
        elif kind == "branch_table_cases":
            raise AssertionError("handled by the caller")
        else:
            raise ValueError(f"unknown field kind {kind}")
    return pc


def walk_function(isa, code, offset, length):
    """Yields (pc relative to the function, mnemonic) for each instruction."""
    pc, end = offset, offset + length
    while pc < end:
        start = pc
        op = code[pc]
        pc += 1
        opset = "core"
        if op in isa.prefixes:
            opset = isa.prefixes[op]
            op = code[pc]
            pc += 1
        ins = isa.by_opcode.get((opset, op))
        if ins is None:
            raise ValueError(f"unknown opcode {opset}:0x{op:02X} at pc {start - offset}")
        if ins.get("kind") == "marker":
            continue
        fields = isa.fields(ins)
        if any(f["kind"] == "branch_table_cases" for f in fields):
            # index, default target + operands, u16 case count, then count x (target + operands)
            head = [f for f in fields if f["kind"] not in ("const_i16", "branch_table_cases")]
            pc = skip_fields(isa, head, code, pc)
            count = struct.unpack_from("<H", code, pc)[0]
            pc += 2
            for _ in range(count):
                pc = skip_fields(isa, [{"kind": "branch_target"}, {"kind": "branch_operands"}], code, pc)
        else:
            pc = skip_fields(isa, fields, code, pc)
        yield start - offset, ins["mnemonic"]
        if ins["mnemonic"] == "cond_break":
            # iree-compile 3.13.0 emits cond_break without the condition register isa.json (and the
            # runtime decoder) expect, so the rest of the function cannot be decoded reliably.
            break
        if ins["mnemonic"] in ("return", "fail", "br", "br_table") and pc < end:
            # Blocks after a terminator start with the marker; anything else is body padding.
            if code[pc] != 0x79 and all(b == 0 for b in code[pc:end]):
                break


def walk_module(isa, path):
    _, code, funcs = read_module(path)
    out = []
    for name, off, length in funcs:
        for pc, mnemonic in walk_function(isa, code, off, length):
            out.append((name, pc, mnemonic))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--isa", help="path to isa.json (default: read it from the IREE mirror)")
    ap.add_argument("modules", nargs="+")
    args = ap.parse_args()
    isa = Isa(load_isa(args.isa))
    for path in args.modules:
        for name, pc, mnemonic in walk_module(isa, path):
            print(f"{os.path.basename(path)}\t{name}\t{pc}\t{mnemonic}")


if __name__ == "__main__":
    main()
