#!/usr/bin/env python3
"""Reference-runtime oracle for Weft's test programs.

For every program tests/programs/<suite>/<name>.mlir that has `// RUN:` header lines, runs each
RUN line through IREE's reference runtime (the `iree.runtime` Python package, i.e. the same C
runtime as `iree-run-module`) and writes tests/build/<suite>/<name>.oracle.json.

Usage: oracle.py [--no-build] [--jobs N] [suite ...]     (default: every suite)
Exit status is non-zero (with a message per program) if a program does not compile, its module is
missing, a RUN line names a function the module does not export or gives the wrong number of
arguments, a token does not parse as the parameter's type, the reference hangs (WORKER_TIMEOUT), or
iree-run-module disagrees with the Python API.

Header lines (read by tests/scripts/directives.py, which documents them all):
    // RUN: addmul 3 4              one VM context, one call
    // RUN: inc | inc | get         one context, calls in order (state persists)
    // EXPECT: load-error           the reference must refuse to load the module (every run)
    // PARAMETERS: model=irpa:mlp   a parameter file for scope `model` (repeatable; without
                                    `scope=` the unnamed scope), as `iree-run-module
                                    --parameters=scope=FILE` takes it
    // RUN: --parameters=model=safetensors:mlp mlp '2x4xf32=...'
                                    a run with its own parameter files instead of the PARAMETERS lines
A call is a function name followed by one token per argument, spelled as `iree-run-module --input=`
takes them (shell-quoted when they contain spaces, e.g. '2x2xf32=1 2 3 4'). The build that runs is
the first of host, vmvx, vmvx-ukernels among the program's TARGETS. A parameter file is given by a
spec, FORMAT:GENERATOR[:VARIANT] (tests/scripts/make-parameters.py), and written before the
reference runs to tests/build/<suite>/<name>.<GENERATOR>[.<VARIANT>].<FORMAT>; the run records the
files it used.

Output (one object per program):
    {"module": "<name>.<target>.vmfb",
     "load_error": null,                 # `// EXPECT: load-error` programs: the reference's
                                         # normalized load error (also each call's error)
     "runs": [ {"parameters": [          # the run's parameter files, in flag order
                   {"scope": "model", "spec": "irpa:mlp", "file": "tests/build/params/mlp.mlp.irpa"}],
                "calls": [ {
         "function": "addmul", "inputs": ["3", "4"],
         "cconv": "0ii_ii",              # the function's calling convention (null if the module
                                         # could not be loaded)
         "results": [7, 12],             # null when the call failed
         "error": null,                  # or the reference's status text, normalized: no binding
                                         # prefix, no C source location, no stack trace, e.g.
                                         # "FAILED_PRECONDITION; division by zero requested";
                                         # "signal SIGFPE" when the call crashed the runtime;
                                         # "not executed: ..." for later calls of a crashed context
         "error_raw": null,              # the same, verbatim (str of the Python exception)
         "iree_run_module": {            # only for single-call RUN lines
             "argv": [".venv/bin/iree-run-module", "--module=tests/build/...", "--parameters=...", ...],  # run from
             "exit_code": 0, "stdout": "...", "stderr": "..."}                         # the repo root
       } ] } ] }
Result values: i32/i64 as JSON integers exactly as the runtime returns them (signed); f32/f64 as JSON
numbers that round-trip exactly (Python repr of the value; an f32 is widened exactly), NaN/+-inf as
"nan", "inf", "-inf" (the NaN sign and payload are not recorded); buffer views as
{"shape": [...], "dtype": "f32", "data": [...]}; lists as {"list": [...]}.

Argument typing: each token is converted using the cconv the runtime reports for the function:
i32/i64 tokens must be decimal integers in the signed range, pushed as i64 variants (the runtime
truncates exactly to i32); f32 tokens are rounded correctly from the decimal text (like strtof) and
f64 tokens parsed as doubles, both pushed as f64 variants (exact for f32 values). Pushing a Python int
for a float parameter would silently arrive as 0.0 (the runtime has no int->float variant conversion),
which is why the generic FunctionInvoker is not used. For single-call runs iree-run-module's printed
scalars (`result[i]: i32=...`, `%g` for floats) are cross-checked against the Python values.

Calls that crash the reference runtime run in a worker process: the crash is recorded as the call's
error and the oracle continues with the next RUN line in a fresh worker. A worker killed by SIGKILL
is not recorded (no program raises it; the OOM killer does): the oracle fails instead.
"""

import argparse
import concurrent.futures
import fractions
import functools
import importlib.util
import json
import math
import os
import re
import signal
import struct
import subprocess
import sys

import directives

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROGRAMS = os.path.join(ROOT, "tests", "programs")
BUILD = os.path.join(ROOT, "tests", "build")
VENV_BIN = os.path.join(ROOT, ".venv", "bin")
VENV_PYTHON = os.path.join(VENV_BIN, "python")
RUN_MODULE = os.path.join(VENV_BIN, "iree-run-module")
# Preference order for the build the oracle runs when a program lists several targets.
RUNNABLE_TARGETS = ["host", "vmvx", "vmvx-ukernels"]
WORKER_TIMEOUT = 120  # seconds for all contexts of one program
SKIPPED_CALL_ERROR = "not executed: an earlier call in this context crashed the reference runtime"


class OracleError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Program headers: read by directives.py (the one parser of the directives); the parameter specs
# are checked here, where make-parameters.py is at hand.


def check_parameter_specs(program):
    for run in program["runs"]:
        for p in run["parameters"]:
            try:
                make_parameters().parse_spec(p["spec"])
            except ValueError as e:
                raise OracleError(f"{program['source']}: {e}")


def oracle_target(targets):
    for t in RUNNABLE_TARGETS:
        if t in targets:
            return t
    raise OracleError(f"no target the reference can run on this machine among {targets}")


# ---------------------------------------------------------------------------------------------
# Value conversion (used in the worker).


def f32_from_text(text):
    """The f32 nearest to the decimal text (ties to even), as strtof would return, as a Python float."""
    import numpy as np

    t = text.strip().lower()
    if t.lstrip("+-") in ("nan", "inf", "infinity"):
        return float(t)
    approx = float(t)
    try:
        exact = fractions.Fraction(t)
    except ValueError:
        raise OracleError(f"cannot parse f32 value `{text}`")
    cand = np.float32(approx)
    best = None
    for c in (np.nextafter(cand, np.float32(-np.inf)), cand, np.nextafter(cand, np.float32(np.inf))):
        if not np.isfinite(c):
            continue
        d = abs(fractions.Fraction(float(c)) - exact)
        bits = struct.unpack("<I", struct.pack("<f", float(c)))[0]
        key = (d, bits & 1)
        if best is None or key < best[0]:
            best = (key, float(c))
    if best is None or not np.isfinite(cand):
        return float(cand)  # overflow: strtof gives inf
    if exact == 0:
        return math.copysign(0.0, approx)
    return best[1]


def normalize_error(text):
    """The reference's status text without the Python binding's prefix ("Error invoking function: "),
    the C source location ("c/runtime/src/iree/vm/list.c:695: ", "<vm>:0: "), the VM stack trace lines
    ("[ 0] bytecode module@3:240 -") and trailing "; " separators: e.g. "OUT_OF_RANGE; index 7 out of
    bounds (3)"."""
    t = text.split("\n[")[0]
    m = re.search(r"(?:<vm>|[\w./+-]+\.(?:c|cc|h|inl)):\d+: ", t)
    if m:
        t = t[m.end():]
    else:
        for prefix in ("Error invoking function: ", "Error creating vm module from aligned memory: "):
            if t.startswith(prefix):
                t = t[len(prefix):]
    t = t.strip()
    while t.endswith(";"):
        t = t[:-1].rstrip()
    return t


def float_json(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def parse_cconv(fn):
    m = re.search(r"\((0[^)]*)\)", repr(fn))
    if not m:
        raise OracleError(f"cannot find the calling convention in {fn!r}")
    cconv = m.group(1)
    args, _, results = cconv[1:].partition("_")
    # `v` alone means "none" (e.g. `0v_r` takes no arguments).
    return cconv, ("" if args == "v" else args), ("" if results == "v" else results)


DTYPES = {
    "f16": "float16", "f32": "float32", "f64": "float64",
    "i1": "bool", "i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64",
    "si8": "int8", "si16": "int16", "si32": "int32", "si64": "int64",
    "ui8": "uint8", "ui16": "uint16", "ui32": "uint32", "ui64": "uint64",
}


def parse_tensor(text):
    """`2x3xf32=1 2 3 4 5 6` (or a single value to splat) -> numpy array."""
    import numpy as np

    shape_type, eq, values = text.partition("=")
    parts = shape_type.split("x")
    dtype = parts[-1]
    if dtype not in DTYPES:
        raise OracleError(f"unsupported element type in tensor input `{text}`")
    shape = [int(p) for p in parts[:-1]]
    vals = [v for v in re.split(r"[\s,\[\]]+", values) if v]
    count = 1
    for d in shape:
        count *= d
    npdt = np.dtype(DTYPES[dtype])
    if npdt.kind == "f":
        parsed = [f32_from_text(v) if dtype == "f32" else float(v) for v in vals]
    elif npdt.kind == "b":
        parsed = [bool(int(v)) for v in vals]
    else:
        parsed = [int(v, 0) for v in vals]
    if len(parsed) == 1 and count != 1:
        parsed = parsed * count
    if len(parsed) != count:
        raise OracleError(f"tensor input `{text}` has {len(parsed)} values, shape needs {count}")
    return np.array(parsed, dtype=npdt).reshape(shape)


def value_json(v, device):
    import numpy as np
    import iree.runtime as rt

    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return float_json(v)
    if v is None:
        return None
    if isinstance(v, rt.VmRef):
        # Results arrive as generic refs; look through to the concrete type.
        for ty in (rt.HalBufferView, rt.VmVariantList):
            if v.isinstance(ty):
                return value_json(v.deref(ty), device)
        return {"ref": "VmRef"}
    if isinstance(v, rt.HalBufferView):
        arr = rt.DeviceArray(device, v, implicit_host_transfer=True).to_host()
        inv = {np.dtype(n).name: k for k, n in DTYPES.items() if not k.startswith(("si",))}
        dt = inv.get(arr.dtype.name, arr.dtype.name)
        flat = arr.reshape(-1).tolist()
        if arr.dtype.kind == "f":
            flat = [float_json(float(x)) for x in flat]
        elif arr.dtype.kind == "b":
            flat = [int(x) for x in flat]
        return {"shape": list(arr.shape), "dtype": dt, "data": flat}
    if isinstance(v, rt.VmVariantList):
        return {"list": [value_json(v.get_variant(i), device) for i in range(len(v))]}
    return {"ref": type(v).__name__}


# ---------------------------------------------------------------------------------------------
# Worker: runs contexts through the Python API, one JSON line per event on the protocol pipe.


def make_context(rt, instance, device, module, parameters):
    """A context with the hal module, io_parameters over the run's parameter files (one index per
    scope, files in flag order, as iree-run-module builds them) and the program. Files are opened
    as iree-run-module opens them (`--parameter_mode=file`): mapped files take another path in the
    3.13.0 runtime, which ignores a load's parameter offset (`{offset = N}` reads from 0)."""
    indices = {}
    for p in parameters:
        indices.setdefault(p["scope"], rt.ParameterIndex()).load(os.path.join(ROOT, p["file"]), mode="file_async")
    providers = [index.create_provider(scope=scope) for scope, index in indices.items()]
    io_parameters = rt.create_io_parameters_module(instance, *providers)
    return rt.VmContext(instance, [rt.create_hal_module(instance, device), io_parameters, module])


def worker_main():
    import numpy as np
    import iree.runtime as rt

    proto = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything the runtime prints (vm.print/trace) must not corrupt the protocol
    job = json.load(sys.stdin)

    def emit(obj):
        proto.write(json.dumps(obj) + "\n")
        proto.flush()

    try:
        instance = rt.VmInstance()
        device = rt.get_device("local-sync")
        try:
            module = rt.VmModule.mmap(instance, job["module"])
            module_error = None
        except Exception as e:
            module, module_error = None, str(e)
        if module_error is not None and not job["expect_load_error"]:
            raise OracleError(f"the reference runtime cannot load the module: {module_error}")
        names = set(module.function_names) if module else set()
        for run_index in range(job["start_run"], len(job["runs"])):
            run = job["runs"][run_index]
            calls = run["calls"]
            for call in calls:
                if module and call["function"] not in names:
                    raise OracleError(
                        f"RUN line names function `{call['function']}`, which the module does not "
                        f"export (exports: {sorted(names)})")
            context, load_error = None, module_error
            if load_error is None:
                try:
                    context = make_context(rt, instance, device, module, run["parameters"])
                except Exception as e:
                    load_error = str(e)
            if job["expect_load_error"]:
                if load_error is None:
                    raise OracleError(f"the program says `EXPECT: load-error` but the reference loaded it (RUN #{run_index + 1})")
                for call_index, _ in enumerate(calls):
                    emit({"done": [run_index, call_index], "cconv": None, "results": None,
                          "error": normalize_error(load_error), "error_raw": load_error})
                continue
            if load_error is not None:
                raise OracleError(f"the reference runtime cannot load the module (RUN #{run_index + 1}): {load_error}")
            for call_index, call in enumerate(calls):
                fn = module.lookup_function(call["function"])
                cconv, arg_types, result_types = parse_cconv(fn)
                # Coarse-fences ABI (--iree-execution-model=async-external): the last two
                # arguments are a wait and a signal fence, which iree-run-module supplies too.
                coarse_fences = fn.reflection.get("iree.abi.model") == "coarse-fences"
                if coarse_fences:
                    arg_types = arg_types[:-2]
                if len(arg_types) != len(call["inputs"]):
                    raise OracleError(
                        f"`{call['function']}` takes {len(arg_types)} arguments (cconv {cconv}), "
                        f"RUN line gives {len(call['inputs'])}")
                args = rt.VmVariantList(len(arg_types))
                for t, tok in zip(arg_types, call["inputs"]):
                    if t in "iI":
                        try:
                            v = int(tok, 10)
                        except ValueError:
                            raise OracleError(f"`{tok}` is not an integer ({t} argument of {call['function']})")
                        lo, hi = (-(1 << 31), 1 << 31) if t == "i" else (-(1 << 63), 1 << 63)
                        if not lo <= v < hi:
                            raise OracleError(f"`{tok}` is out of range for {'i32' if t == 'i' else 'i64'}")
                        args.push_int(v)  # i64 variant; the runtime truncates exactly to i32 for 'i'
                    elif t == "f":
                        args.push_float(f32_from_text(tok))  # f64 variant holding an exact f32 value
                    elif t == "F":
                        try:
                            args.push_float(float(tok))
                        except ValueError:
                            raise OracleError(f"`{tok}` is not a float (f64 argument of {call['function']})")
                    elif t == "r":
                        arr = parse_tensor(tok)
                        bv = rt.asdevicearray(device, arr)._buffer_view
                        args.push_ref(bv)
                    else:
                        raise OracleError(f"unsupported argument type `{t}` in cconv {cconv}")
                signal_fence = None
                if coarse_fences:
                    wait_fence = rt.HalFence.create_at(device.create_semaphore(0), 0)
                    signal_fence = rt.HalFence.create_at(device.create_semaphore(0), 1)
                    args.push_ref(wait_fence)
                    args.push_ref(signal_fence)
                emit({"start": [run_index, call_index], "cconv": cconv})
                results = rt.VmVariantList(max(1, len(result_types)))
                error = None
                out = []
                try:
                    context.invoke(fn, args, results)
                    if signal_fence is not None:
                        signal_fence.wait()
                    for i in range(len(results)):
                        out.append(value_json(results.get_variant(i), device))
                except Exception as e:  # the bindings raise RuntimeError, ValueError, ... by status code
                    error = str(e)
                    out = None
                emit({"done": [run_index, call_index], "cconv": cconv, "results": out,
                      "error": None if error is None else normalize_error(error), "error_raw": error})
            emit({"run_done": run_index})
    except OracleError as e:
        emit({"fatal": str(e)})
        sys.exit(2)
    except Exception as e:  # anything else is a bug or an unusable module: fail loudly
        emit({"fatal": f"{type(e).__name__}: {e}"})
        sys.exit(2)


# ---------------------------------------------------------------------------------------------
# Parent side.


def signal_name(returncode):
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return str(-returncode)


def run_python_api(vmfb, runs, label, expect_load_error=False):
    """Runs all contexts; returns per-run lists of per-call dicts (cconv, results, error)."""
    out = [[None] * len(run["calls"]) for run in runs]
    start_run = 0
    while start_run < len(runs):
        job = json.dumps({"module": vmfb, "runs": runs, "start_run": start_run,
                          "expect_load_error": expect_load_error})
        try:
            proc = subprocess.run([VENV_PYTHON, os.path.abspath(__file__), "--worker"], input=job,
                                  capture_output=True, text=True, timeout=WORKER_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            last = (e.stdout or b"").decode("utf-8", "replace").strip().splitlines()[-1:] if e.stdout else []
            raise OracleError(f"{label}: the reference runtime did not finish within {WORKER_TIMEOUT}s "
                              f"(last worker event: {last}); a call hangs (e.g. an executed vm.yield)")
        current = None
        current_cconv = None
        for line in proc.stdout.splitlines():
            msg = json.loads(line)
            if "fatal" in msg:
                raise OracleError(f"{label}: {msg['fatal']}")
            if "start" in msg:
                current = tuple(msg["start"])
                current_cconv = msg["cconv"]
            elif "done" in msg:
                r, c = msg["done"]
                out[r][c] = {"cconv": msg["cconv"], "results": msg["results"], "error": msg["error"],
                             "error_raw": msg["error_raw"]}
                current = None
        if proc.returncode == 0:
            break
        if proc.returncode > 0 or current is None:
            raise OracleError(f"{label}: worker failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
        r, c = current
        if -proc.returncode == signal.SIGKILL:
            # Nothing a program does raises SIGKILL: it comes from outside (the kernel's OOM killer
            # when the machine is short of memory), so it is no answer of the reference's.
            raise OracleError(f"{label}: the reference runtime was killed (SIGKILL) during call {c} of run {r}, "
                              "from outside the program (out of memory?); rerun on a machine with memory to spare")
        crash = "signal " + signal_name(proc.returncode)
        out[r][c] = {"cconv": current_cconv, "results": None, "error": crash, "error_raw": crash}
        for k in range(c + 1, len(runs[r]["calls"])):
            out[r][k] = {"cconv": None, "results": None, "error": SKIPPED_CALL_ERROR,
                         "error_raw": SKIPPED_CALL_ERROR}
        start_run = r + 1
    return out


def run_iree_run_module(vmfb, call, parameters):
    """Runs the call with iree-run-module from the repository root, with repository-relative paths."""
    argv = [os.path.relpath(RUN_MODULE, ROOT), f"--module={os.path.relpath(vmfb, ROOT)}"]
    argv += [f"--parameters={p['scope'] + '=' if p['scope'] else ''}{p['file']}" for p in parameters]
    argv += [f"--function={call['function']}"]
    argv += [f"--input={tok}" for tok in call["inputs"]]
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=WORKER_TIMEOUT, cwd=ROOT)
    except subprocess.TimeoutExpired:
        raise OracleError(f"iree-run-module did not finish within {WORKER_TIMEOUT}s: {' '.join(argv)}")
    return {
        "argv": argv,
        "exit_code": proc.returncode,
        "stdout": proc.stdout.decode("utf-8", "replace"),
        "stderr": proc.stderr.decode("utf-8", "replace"),
    }


def c_percent_g(v):
    if math.isnan(v):
        return None  # C prints nan or -nan depending on the sign bit
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return "%g" % v


def cross_check(label, call, result, irm):
    """Checks iree-run-module's printed scalar results against the Python API's values."""
    if result["error"] is not None:
        if irm["exit_code"] == 0:
            raise OracleError(f"{label}: Python API failed ({result['error']}) but iree-run-module succeeded")
        return
    if irm["exit_code"] != 0:
        raise OracleError(f"{label}: iree-run-module failed but the Python API succeeded:\n{irm['stderr']}")
    printed = re.findall(r"^result\[(\d+)\]: (i8|i16|i32|i64|f32|f64)=(\S+)$", irm["stdout"], re.M)
    _, _, rtypes = result["cconv"].partition("_")
    for idx, ty, text in printed:
        v = result["results"][int(idx)]
        want_char = {"i32": "i", "i64": "I", "f32": "f", "f64": "F"}.get(ty)
        if want_char and rtypes[int(idx)] != want_char:
            raise OracleError(f"{label}: result {idx} printed as {ty} but cconv is {result['cconv']}")
        if ty.startswith("i"):
            ok = int(text) == v
        elif v == "nan":
            ok = text in ("nan", "-nan")
        else:
            ok = c_percent_g(float(v) if not isinstance(v, str) else float(v)) == text
        if not ok:
            raise OracleError(f"{label}: result {idx}: iree-run-module printed {ty}={text}, Python API gave {v!r}")


@functools.lru_cache(maxsize=None)
def make_parameters():
    """tests/scripts/make-parameters.py as a module (its file name has a dash)."""
    spec = importlib.util.spec_from_file_location("make_parameters", os.path.join(ROOT, "tests", "scripts", "make-parameters.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_parameter_files(suite, name, runs):
    """Writes each distinct parameter file the runs use to tests/build/<suite>/<name>.<GENERATOR>
    [.<VARIANT>].<FORMAT> and records its repository-relative path in the run's parameters."""
    written = set()
    for run in runs:
        for p in run["parameters"]:
            _, gen, variant = make_parameters().parse_spec(p["spec"])
            stem = ".".join([name, gen] + ([variant] if variant else []))
            path = os.path.join(BUILD, suite, f"{stem}.{make_parameters().extension(p['spec'])}")
            p["file"] = os.path.relpath(path, ROOT)
            if path not in written:
                make_parameters().write(p["spec"], path)
                written.add(path)


def process_program(program):
    suite, name, runs = program["suite"], program["name"], program["runs"]
    out_path = os.path.join(BUILD, suite, f"{name}.oracle.json")
    if not runs:
        if os.path.exists(out_path):
            os.remove(out_path)
        return None
    check_parameter_specs(program)
    target = oracle_target(program["targets"])
    vmfb = os.path.join(BUILD, suite, f"{name}.{target}.vmfb")
    label = f"{suite}/{name}"
    if not os.path.exists(vmfb):
        raise OracleError(f"{label}: {os.path.relpath(vmfb, ROOT)} is missing (the program did not compile?)")
    write_parameter_files(suite, name, runs)
    api = run_python_api(vmfb, runs, label, program["expect_load_error"])
    doc_runs = []
    for r, run in enumerate(runs):
        calls = run["calls"]
        doc_calls = []
        for c, call in enumerate(calls):
            res = api[r][c]
            entry = {"function": call["function"], "inputs": call["inputs"], "cconv": res["cconv"],
                     "results": res["results"], "error": res["error"], "error_raw": res["error_raw"]}
            if len(calls) == 1:
                irm = run_iree_run_module(vmfb, call, run["parameters"])
                if res["cconv"] is not None:
                    cross_check(f"{label} RUN #{r + 1} ({call['function']})", call, res, irm)
                entry["iree_run_module"] = irm
            doc_calls.append(entry)
        doc_runs.append({"parameters": run["parameters"], "calls": doc_calls})
    load_error = None
    if program["expect_load_error"]:
        load_error = api[0][0]["error"] if runs and runs[0]["calls"] else None
    doc = {"module": os.path.basename(vmfb), "load_error": load_error, "runs": doc_runs}
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, out_path)
    return out_path, sum(len(r["calls"]) for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("suites", nargs="*")
    ap.add_argument("--no-build", action="store_true", help="do not run build-fixtures.sh first")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker_main()
    suites = args.suites or sorted(d for d in os.listdir(PROGRAMS) if os.path.isdir(os.path.join(PROGRAMS, d)))
    for s in suites:
        if not os.path.isdir(os.path.join(PROGRAMS, s)):
            sys.exit(f"oracle: no suite tests/programs/{s}")
    if not args.no_build:
        r = subprocess.run(["bash", os.path.join(ROOT, "tests", "scripts", "build-fixtures.sh")] + suites)
        if r.returncode != 0:
            sys.exit("oracle: build-fixtures.sh failed; a program does not compile")
    try:
        work = [p for p in directives.read_all() if p["suite"] in suites]
    except directives.DirectiveError as e:
        sys.exit(f"oracle: {e}")
    failures = 0
    written = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(process_program, p): p for p in work}
        for fut in concurrent.futures.as_completed(futures):
            try:
                r = fut.result()
            except OracleError as e:
                print(f"oracle: ERROR {e}", file=sys.stderr)
                failures += 1
                continue
            if r:
                written += 1
    print(f"oracle: {written} oracle files written, {failures} programs failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
