//! Weft's own kernels (glue/kernels): programs compiled with Weft's transform spec leave
//! `weft_*` functions undefined, so their side modules import `env.weft_*`; the loader binds
//! each to the kernel module's export of the same name (JS namespace [`IMPORT_MODULE`], one
//! kernel-module instance per thread on the runtime's memory, see glue/js/kernels.mjs).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use wasmparser::ValType;

#[path = "../../kernels/src/signatures.rs"]
mod signatures;

/// Module name the linked side modules import the kernels from.
pub const IMPORT_MODULE: &str = "weft_kernels";

/// Whether `symbol` names a Weft kernel (and must be bound by [`find`], not by libm).
pub fn is_kernel(symbol: &str) -> bool {
    symbol.starts_with("weft_")
}

/// The kernel-module export for `symbol`, checked against the wasm type the side module
/// imports it with (every parameter i32, no results: `llvm.bareptr` on wasm32).
pub fn find(symbol: &str, params: &[ValType], results: &[ValType]) -> Result<&'static str, String> {
    let Some(&(name, arity)) = signatures::KERNELS.iter().find(|(name, _)| *name == symbol) else {
        let known: Vec<&str> = signatures::KERNELS.iter().map(|(n, _)| *n).collect();
        return Err(format!(
            "a kernel imports {symbol}, which this Weft does not provide (Weft's kernels: {}); compile the program with the same Weft version",
            known.join(", ")
        ));
    };
    if params.len() != arity || params.iter().any(|p| *p != ValType::I32) || !results.is_empty() {
        return Err(format!(
            "a kernel imports {symbol} with wasm type {params:?} -> {results:?}, but Weft's {symbol} takes {arity} i32 and returns nothing"
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_listed_kernels_with_their_signature() {
        for &(name, arity) in signatures::KERNELS {
            assert!(is_kernel(name));
            assert_eq!(find(name, &alloc::vec![ValType::I32; arity], &[]), Ok(name));
            let e = find(name, &alloc::vec![ValType::I32; arity + 1], &[]).unwrap_err();
            assert!(e.contains(&format!("takes {arity} i32")), "{e}");
            assert!(find(name, &alloc::vec![ValType::I32; arity], &[ValType::I32]).is_err());
        }
        assert!(!is_kernel("fmaxf"));
    }

    #[test]
    fn unknown_kernel_lists_what_weft_provides() {
        let e = find("weft_conv9x9_f64", &[], &[]).unwrap_err();
        assert!(e.contains("weft_conv9x9_f64"), "{e}");
        assert!(e.contains("weft_matmul_nt_f32"), "{e}");
    }
}
