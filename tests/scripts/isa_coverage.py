#!/usr/bin/env python3
"""Reports which of the VM bytecode ISA's instructions the compiled fixtures contain.

For every tests/build/<suite>/*.vmfb of the given suites (default: vm) it
  1. takes the disassembly text of `iree-dump-module` and collects the `vm.<mnemonic>` ops it prints, and
  2. walks the bytecode itself (bytecode_walk.py, decoding with IREE's isa.json), because the 3.13.0
     disassembler aborts on some instructions ("unhandled ext opcode"/"unhandled core opcode") and
     prints a few under another name;
then lists, for each of the 262 mnemonics of isa.json (265 entries less the block marker and the two
extension prefixes), the programs whose bytecode contains it, and which mnemonics no program reaches.

Usage: isa_coverage.py [--isa isa.json] [--json out.json] [suite ...]
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bytecode_walk  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DUMP = os.path.join(ROOT, ".venv", "bin", "iree-dump-module")

# Instructions no program can produce with iree-compile 3.13.0, and why.
UNREACHABLE = {
    "cast.si32.f64": "no vm dialect op in 3.13.0 (arith.sitofp i32->f64 fails to legalize; i64 path is used)",
    "cast.ui32.f64": "no vm dialect op in 3.13.0",
    "cast.f64.si32": "no vm dialect op in 3.13.0 (arith.fptosi f64->i32 fails to legalize)",
    "cast.f64.ui32": "no vm dialect op in 3.13.0",
    "global.load.indirect.f32": "the compiler encodes vm.global.load.indirect.f32 with the ext_f64 prefix "
                                "(VMOps.td tags it VM_ExtF64), i.e. as global.load.indirect.f64 (E1 02)",
}

# Caveats about instructions that are present in the bytecode.
NOTES = {
    "cond_break": "only in vm_cond_break, which the reference refuses to load: the compiler omits the "
                  "condition register (the walk stops after it)",
    "yield": "present but no RUN line executes it: an executed vm.yield never returns in the 3.13.0 reference",
    "global.load.indirect.f64": "also what the compiler emits for vm.global.load.indirect.f32",
    "switch.i64": "the reference reads the selected value from a 32-bit register (see vm_switch)",
}


def dump_mnemonics(path):
    """(set of mnemonics printed by iree-dump-module, error text or None)."""
    proc = subprocess.run([DUMP, path], capture_output=True, text=True)
    text = proc.stdout
    body = text[text.find("\nvm.module"):] if "\nvm.module" in text else ""
    found = set()
    for line in body.splitlines():
        m = re.match(r"^\s+(?:%\S+(?:, %\S+)* = )?vm\.([a-z0-9_.]+)", line)
        if m:
            found.add(m.group(1))
    err = proc.stderr.strip() or (None if proc.returncode == 0 else f"exit {proc.returncode}")
    return found, err


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("suites", nargs="*", default=["vm"])
    ap.add_argument("--isa", help="path to isa.json (default: read it from the IREE mirror)")
    ap.add_argument("--json", help="also write the report as JSON here")
    args = ap.parse_args()
    isa = bytecode_walk.Isa(bytecode_walk.load_isa(args.isa))

    modules = []
    for suite in args.suites:
        d = os.path.join(ROOT, "tests", "build", suite)
        if not os.path.isdir(d):
            sys.exit(f"isa_coverage: {os.path.relpath(d, ROOT)} does not exist; run build-fixtures.sh {suite}")
        modules += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".vmfb")]
    if not modules:
        sys.exit("isa_coverage: no compiled fixtures found")

    walked = collections.defaultdict(set)  # mnemonic -> programs (from the bytecode)
    dumped = collections.defaultdict(set)  # mnemonic -> programs (from iree-dump-module text)
    dump_errors = {}
    mismatches = {}
    for path in modules:
        name = os.path.relpath(path, os.path.join(ROOT, "tests", "build"))
        ops = bytecode_walk.walk_module(isa, path)
        mine = {m for _, _, m in ops}
        for m in mine:
            walked[m].add(name)
        theirs, err = dump_mnemonics(path)
        for m in theirs:
            dumped[m].add(name)
        if err:
            dump_errors[name] = err.splitlines()[-1]
        else:
            extra, lost = sorted(theirs - mine), sorted(mine - theirs)
            if extra or lost:
                mismatches[name] = {"only_in_dump": extra, "only_in_bytecode": lost}

    covered = [m for m in isa.mnemonics if m in walked]
    missing = [m for m in isa.mnemonics if m not in walked]
    print(f"ISA coverage over {len(modules)} modules in {', '.join(args.suites)}: "
          f"{len(covered)} of {len(isa.mnemonics)} mnemonics in the bytecode "
          f"({len(isa.doc['instructions'])} isa.json entries incl. the block marker and 2 prefixes)")
    for opset in ("core", "ext_f32", "ext_f64"):
        names = [i["mnemonic"] for i in isa.doc["instructions"] if i["opcode_set"] == opset and i["mnemonic"]]
        have = [m for m in names if m in walked]
        print(f"  {opset}: {len(have)}/{len(names)}")
    print("\nCovered (mnemonic: programs):")
    for m in covered:
        progs = sorted(walked[m])
        shown = ", ".join(os.path.splitext(os.path.splitext(os.path.basename(p))[0])[0] for p in progs[:4])
        more = f" +{len(progs) - 4}" if len(progs) > 4 else ""
        flag = "" if m in dumped else "   [not in any iree-dump-module text]"
        note = f"   NOTE: {NOTES[m]}" if m in NOTES else ""
        print(f"  {m}: {shown}{more}{flag}{note}")
    print(f"\nNot reached ({len(missing)}):")
    for m in missing:
        print(f"  {m}: {UNREACHABLE.get(m, 'no program produces it yet')}")
    if dump_errors:
        print("\niree-dump-module failed on (disassembly text incomplete, bytecode walk used):")
        for name, err in sorted(dump_errors.items()):
            print(f"  {name}: {err}")
    if mismatches:
        print("\nDisassembly text vs bytecode disagree (complete dumps only):")
        for name, mm in sorted(mismatches.items()):
            print(f"  {name}: only in dump {mm['only_in_dump']}, only in bytecode {mm['only_in_bytecode']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"modules": [os.path.relpath(p, ROOT) for p in modules],
                       "covered": {m: sorted(walked[m]) for m in covered},
                       "in_dump_text": {m: sorted(dumped[m]) for m in isa.mnemonics if m in dumped},
                       "missing": {m: UNREACHABLE.get(m, "no program produces it yet") for m in missing},
                       "notes": {m: n for m, n in NOTES.items() if m in walked},
                       "dump_errors": dump_errors, "dump_mismatches": mismatches}, f, indent=1)


if __name__ == "__main__":
    main()
