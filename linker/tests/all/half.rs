//! The IEEE half conversions the f16 repair substitutes: the Rust reference against numpy
//! (all 65536 halves widened; a dense set of f32 values narrowed, including every tie), and the
//! wasm bodies against the Rust reference, bit for bit, run in Node.

use crate::common::*;
use linker::half::{f16_to_f32, f32_to_f16};
use std::process::Command;

/// f32 values that exercise narrowing: every half value, every midpoint between neighbours
/// (ties), one f32 ulp either side of each midpoint, specials, and pseudo-random bit patterns.
fn narrowing_inputs() -> Vec<u32> {
    let mut v = Vec::new();
    for h in 0u32..0x7c00 {
        for sign in [0u32, 0x8000] {
            let lo = f16_to_f32((h | sign) as u16).to_bits();
            v.push(lo);
            // Midpoint to the next half up in magnitude (for h = 0x7bff that is 65520).
            let hi = if h + 1 == 0x7c00 {
                65536f32.to_bits() | (sign << 16)
            } else {
                f16_to_f32(((h + 1) | sign) as u16).to_bits()
            };
            let mid = ((f32::from_bits(lo) as f64 + f32::from_bits(hi) as f64) / 2.0) as f32;
            let m = mid.to_bits();
            v.extend([m, m.wrapping_sub(1), m + 1]);
        }
    }
    v.extend([
        0x7f80_0000,
        0xff80_0000,
        0x7fc0_0000,
        0xffc0_0000,
        0x7f80_0001,
        0x7fbf_ffff,
        0x0000_0001,
        0x8000_0001,
    ]);
    v.extend([
        0x7f7f_ffff,
        0x3380_0000,
        0x3300_0000,
        0x3300_0001,
        0x387f_ffff,
        0x3880_0000,
        0x477f_e000,
        0x477f_f000,
    ]);
    let mut s = 0x1234_5678u32;
    for _ in 0..100_000 {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        v.push(s);
    }
    v
}

fn words(b: &[u8], size: usize) -> Vec<u32> {
    b.chunks(size)
        .map(|c| {
            if size == 2 {
                u16::from_le_bytes([c[0], c[1]]) as u32
            } else {
                u32::from_le_bytes(c.try_into().unwrap())
            }
        })
        .collect()
}

#[test]
fn rust_reference_matches_numpy() {
    let dir = scratch_dir("half-numpy");
    let inputs = narrowing_inputs();
    let f32_in: Vec<u8> = inputs.iter().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(dir.join("f32.bin"), &f32_in).unwrap();
    let script = format!(
        "import numpy as np\n\
         h = np.arange(65536, dtype=np.uint16).view(np.float16)\n\
         h.astype(np.float32).view(np.uint32).tofile('{d}/widened.bin')\n\
         f = np.fromfile('{d}/f32.bin', dtype=np.uint32).view(np.float32)\n\
         with np.errstate(all='ignore'):\n    f.astype(np.float16).view(np.uint16).tofile('{d}/narrowed.bin')\n",
        d = dir.display()
    );
    run(Command::new(venv_tool("python3")).arg("-c").arg(script));
    let widened = words(&std::fs::read(dir.join("widened.bin")).unwrap(), 4);
    for h in 0..65536u32 {
        let ours = f16_to_f32(h as u16).to_bits();
        assert_eq!(
            ours, widened[h as usize],
            "widen {h:#06x}: ours {ours:#010x}, numpy {:#010x}",
            widened[h as usize]
        );
    }
    let narrowed = words(&std::fs::read(dir.join("narrowed.bin")).unwrap(), 2);
    assert_eq!(narrowed.len(), inputs.len());
    let mut nans = 0;
    for (x, want) in inputs.iter().zip(&narrowed) {
        let ours = f32_to_f16(f32::from_bits(*x)) as u32;
        if f32::from_bits(*x).is_nan() {
            // numpy keeps a signalling NaN's payload unquieted; we always return a quiet NaN.
            nans += 1;
            assert!(
                ours & 0x7c00 == 0x7c00 && ours & 0x3ff != 0 && ours & 0x8000 == want & 0x8000,
                "{x:#x}"
            );
            assert!(ours & 0x200 != 0, "{x:#x}: not quiet");
            continue;
        }
        assert_eq!(
            ours,
            *want,
            "narrow {x:#010x} ({}): ours {ours:#06x}, numpy {want:#06x}",
            f32::from_bits(*x)
        );
    }
    eprintln!(
        "{} widenings, {} narrowings ({nans} NaN) agree with numpy",
        65536,
        inputs.len()
    );
}

/// A module exporting the two bodies through bit-exact i32 wrappers.
fn conversions_module() -> Vec<u8> {
    use wasm_encoder::*;
    let mut m = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], [ValType::F32]); // 0 extend
    types.ty().function([ValType::F32], [ValType::I32]); // 1 trunc
    types.ty().function([ValType::I32], [ValType::I32]); // 2 wrappers
    m.section(&types);
    let mut funcs = FunctionSection::new();
    for t in [0, 1, 2, 2] {
        funcs.function(t);
    }
    m.section(&funcs);
    let mut exports = ExportSection::new();
    exports.export("extend_bits", ExportKind::Func, 2);
    exports.export("trunc_bits", ExportKind::Func, 3);
    m.section(&exports);
    let mut code = CodeSection::new();
    code.function(&linker::half::extend_body());
    code.function(&linker::half::trunc_body());
    let mut w = Function::new([]);
    w.instructions()
        .local_get(0)
        .call(0)
        .i32_reinterpret_f32()
        .end();
    code.function(&w);
    let mut w = Function::new([]);
    w.instructions()
        .local_get(0)
        .f32_reinterpret_i32()
        .call(1)
        .end();
    code.function(&w);
    m.section(&code);
    m.finish()
}

#[test]
fn wasm_bodies_match_rust_reference() {
    let dir = scratch_dir("half-wasm");
    let wasm = conversions_module();
    linker::validate(&wasm).unwrap();
    std::fs::write(dir.join("conv.wasm"), &wasm).unwrap();
    let inputs = narrowing_inputs();
    let f32_in: Vec<u8> = inputs.iter().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(dir.join("f32.bin"), &f32_in).unwrap();
    let js = format!(
        "const fs = require('fs');\n\
         const {{ extend_bits, trunc_bits }} = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync('{d}/conv.wasm'))).exports;\n\
         const w = new Uint32Array(65536); for (let h = 0; h < 65536; h++) w[h] = extend_bits(h) >>> 0;\n\
         fs.writeFileSync('{d}/widened.bin', Buffer.from(w.buffer));\n\
         const b = fs.readFileSync('{d}/f32.bin'); const x = new Uint32Array(b.buffer, b.byteOffset, b.length / 4);\n\
         const n = new Uint16Array(x.length); for (let i = 0; i < x.length; i++) n[i] = trunc_bits(x[i] | 0);\n\
         fs.writeFileSync('{d}/narrowed.bin', Buffer.from(n.buffer));\n",
        d = dir.display()
    );
    run(Command::new("node").arg("-e").arg(js));
    let widened = words(&std::fs::read(dir.join("widened.bin")).unwrap(), 4);
    for h in 0..65536u32 {
        assert_eq!(
            widened[h as usize],
            f16_to_f32(h as u16).to_bits(),
            "wasm widen {h:#06x}"
        );
    }
    let narrowed = words(&std::fs::read(dir.join("narrowed.bin")).unwrap(), 2);
    for (x, got) in inputs.iter().zip(&narrowed) {
        assert_eq!(
            *got,
            f32_to_f16(f32::from_bits(*x)) as u32,
            "wasm narrow {x:#010x}"
        );
    }
}
