#!/usr/bin/env bash
# Fuzzes the .vmfb reader + verifier (rt-core/fuzz, target `load`), the parameter file indexers
# (rt-core/fuzz, target `params`) and the side-module linker (linker/fuzz, target `link`), each
# for SECONDS (default 30), seeded with the real programs, parameter files and side modules
# under tests/build. Crashes land in <crate>/fuzz/artifacts/ and fail the run.
# Usage: fuzz.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-30}"
cd "$root"

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2
fi

work="$root/target/fuzz-corpus"
mkdir -p "$work/load" "$work/params" "$work/link"
# Seeds: every compiled program, every parameter file under 1 MiB, and every wasm side module
# inside the wasm32 programs.
find tests/build/ -name '*.vmfb' -exec cp {} "$work/load/" \;
find tests/build/ \( -name '*.irpa' -o -name '*.safetensors' -o -name '*.gguf' \) -size -1024k -exec cp {} "$work/params/" \;
.venv/bin/python - "$work/link" <<'PY'
import pathlib, sys, zipfile
out = pathlib.Path(sys.argv[1])
for vmfb in pathlib.Path("tests/build").rglob("*.wasm32.vmfb"):
    if not zipfile.is_zipfile(vmfb):  # flat archives (--iree-vm-emit-polyglot-zip=false)
        continue
    with zipfile.ZipFile(vmfb) as z:
        for name in z.namelist():
            if name.endswith(".wasm"):
                (out / f"{vmfb.stem}-{name}").write_bytes(z.read(name))
PY
echo "seeds: $(ls "$work/load" | wc -l) programs, $(ls "$work/params" | wc -l) parameter files, $(ls "$work/link" | wc -l) side modules"

# The runtime runs in wasm32, where no allocation exceeds 4 GiB and a refused one is returned to
# the code that asked (try_reserve), which must report it as an error. The fuzz build is held to
# the same: AddressSanitizer's default would abort on any refused allocation, so a reservation the
# runtime handles would count as a crash. An allocation the runtime cannot survive still aborts.
export ASAN_OPTIONS="allocator_may_return_null=1:max_allocation_size_mb=4096${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# The fuzzer's whole output goes to a log; the progress lines are shown, and on a crash the
# log from the panic message on, the stack and the crashing input.
run() {
  local crate="$1" target="$2"
  local log="$work/$target.log"
  echo "=== fuzz $crate/$target for ${seconds}s"
  if ! (cd "$crate" && cargo fuzz run "$target" "$work/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096) >"$log" 2>&1; then
    # From the panic (or the sanitizer's report) on: libFuzzer's NEW/REDUCE lines come before.
    awk '/panicked at|ERROR: (libFuzzer|AddressSanitizer)/ { found = 1 } found' "$log" | head -n 300
    # A CI log is all that remains of a clean clone, so the crashing input goes into it.
    for unit in $(sed -n 's/.*Test unit written to \([^ ]*\).*/\1/p' "$log"); do
      echo "crashing input $unit ($(stat -c %s "$unit") bytes), base64:"
      base64 -w 0 "$unit" | head -c 400000; echo
    done
    echo "fuzz $crate/$target failed; its whole output: $log" >&2
    return 1
  fi
  grep -E '^(#[0-9]+.*(DONE|pulse)|Done)' "$log" | tail -5
}
run rt-core load
run rt-core params
run linker link
