//! C library functions kernels may import (`env.fmaxf`, ...), exported by the runtime module
//! as `weft_libm_<symbol>` so the glue can hand them to side modules as imports.
//!
//! IREE inlines most math; 3.13.0 kernels were seen importing `fmaxf`, `fminf`, `fmodf`,
//! `roundf` and `log10f`. They must have C semantics: softmax starts its max-reduction from
//! NaN, so `fmaxf` must return the other operand when one is NaN (JS `Math.max` would not).

use alloc::format;
use alloc::string::String;
use wasmparser::ValType;

/// Module name the linked side modules import these from.
pub const IMPORT_MODULE: &str = "weft";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    I32,
    F32,
    F64,
}

impl Ty {
    fn matches(self, v: &ValType) -> bool {
        matches!(
            (self, v),
            (Ty::I32, ValType::I32) | (Ty::F32, ValType::F32) | (Ty::F64, ValType::F64)
        )
    }
}

/// A function the runtime provides.
pub struct Function {
    pub symbol: &'static str,
    /// The runtime module's export implementing it.
    pub export: &'static str,
    pub params: &'static [Ty],
    pub results: &'static [Ty],
}

macro_rules! functions {
    ($( $sym:ident ( $($p:ident : $pt:ident),* ) -> $rt:ident = $body:expr ;)*) => {
        /// Every function the runtime provides to kernels.
        pub const FUNCTIONS: &[Function] = &[
            $( Function {
                symbol: stringify!($sym),
                export: concat!("weft_libm_", stringify!($sym)),
                params: &[$(functions!(@ty $pt)),*],
                results: &[functions!(@ty $rt)],
            }, )*
        ];
        /// Host-callable implementations (unit tests; the wasm exports call the same code).
        pub mod imp {
            $( #[allow(unused_unsafe)] pub fn $sym($($p: functions!(@rust $pt)),*) -> functions!(@rust $rt) { $body } )*
        }
        #[cfg(target_arch = "wasm32")]
        mod exports {
            $( paste_export!($sym ( $($p : $pt),* ) -> $rt); )*
        }
    };
    (@ty f32) => { Ty::F32 };
    (@ty f64) => { Ty::F64 };
    (@ty i32) => { Ty::I32 };
    (@rust f32) => { f32 };
    (@rust f64) => { f64 };
    (@rust i32) => { i32 };
}

/// `#[no_mangle] extern "C" fn weft_libm_<sym>` forwarding to `imp::<sym>`.
#[cfg(target_arch = "wasm32")]
macro_rules! paste_export {
    ($sym:ident ( $($p:ident : $pt:ident),* ) -> $rt:ident) => {
        const _: () = {
            #[export_name = concat!("weft_libm_", stringify!($sym))]
            extern "C" fn export($($p: functions!(@rust $pt)),*) -> functions!(@rust $rt) {
                super::imp::$sym($($p),*)
            }
        };
    };
}

functions! {
    fmaxf(a: f32, b: f32) -> f32 = libm::fmaxf(a, b);
    fminf(a: f32, b: f32) -> f32 = libm::fminf(a, b);
    fmodf(a: f32, b: f32) -> f32 = libm::fmodf(a, b);
    roundf(a: f32) -> f32 = libm::roundf(a);
    log10f(a: f32) -> f32 = libm::log10f(a);
    expf(a: f32) -> f32 = libm::expf(a);
    logf(a: f32) -> f32 = libm::logf(a);
    log2f(a: f32) -> f32 = libm::log2f(a);
    log1pf(a: f32) -> f32 = libm::log1pf(a);
    expm1f(a: f32) -> f32 = libm::expm1f(a);
    powf(a: f32, b: f32) -> f32 = libm::powf(a, b);
    sqrtf(a: f32) -> f32 = libm::sqrtf(a);
    sinf(a: f32) -> f32 = libm::sinf(a);
    cosf(a: f32) -> f32 = libm::cosf(a);
    tanf(a: f32) -> f32 = libm::tanf(a);
    tanhf(a: f32) -> f32 = libm::tanhf(a);
    atanf(a: f32) -> f32 = libm::atanf(a);
    atan2f(a: f32, b: f32) -> f32 = libm::atan2f(a, b);
    erff(a: f32) -> f32 = libm::erff(a);
    fmax(a: f64, b: f64) -> f64 = libm::fmax(a, b);
    fmin(a: f64, b: f64) -> f64 = libm::fmin(a, b);
    fmod(a: f64, b: f64) -> f64 = libm::fmod(a, b);
    round(a: f64) -> f64 = libm::round(a);
    log10(a: f64) -> f64 = libm::log10(a);
    exp(a: f64) -> f64 = libm::exp(a);
    log(a: f64) -> f64 = libm::log(a);
    pow(a: f64, b: f64) -> f64 = libm::pow(a, b);
}

/// The runtime's implementation of `symbol` if its wasm type is `params -> results`; an error
/// naming both types when the kernel expects another, `None` when Weft has no such function.
pub fn find(
    symbol: &str,
    params: &[ValType],
    results: &[ValType],
) -> Option<Result<&'static Function, String>> {
    let f = FUNCTIONS.iter().find(|f| f.symbol == symbol)?;
    let same = |ours: &[Ty], theirs: &[ValType]| {
        ours.len() == theirs.len() && ours.iter().zip(theirs).all(|(a, b)| a.matches(b))
    };
    Some(if same(f.params, params) && same(f.results, results) {
        Ok(f)
    } else {
        Err(format!(
            "a kernel imports {symbol} with wasm type {params:?} -> {results:?}, but Weft's {symbol} is {:?} -> {:?}",
            f.params, f.results
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_semantics() {
        assert_eq!(imp::fmaxf(f32::NAN, 2.0), 2.0);
        assert_eq!(imp::fmaxf(2.0, f32::NAN), 2.0);
        assert_eq!(imp::fminf(f32::NAN, -1.0), -1.0);
        assert_eq!(imp::roundf(2.5), 3.0);
        assert_eq!(imp::roundf(-2.5), -3.0);
        assert_eq!(imp::fmodf(-7.0, 3.0), -1.0);
        assert_eq!(imp::log10f(1000.0), 3.0);
    }

    #[test]
    fn signature_checks() {
        assert!(
            find("fmaxf", &[ValType::F32, ValType::F32], &[ValType::F32])
                .unwrap()
                .is_ok()
        );
        assert!(
            find("fmaxf", &[ValType::F64, ValType::F64], &[ValType::F64])
                .unwrap()
                .is_err()
        );
        assert!(find("no_such", &[], &[]).is_none());
    }
}
