//! IREE VM calling-convention strings, e.g. `0rIrrIiiII_r` or `0iICrD_i`.
//!
//! Grammar: version `0`, argument types, `_`, result types. Types are `i` i32, `I` i64, `f` f32,
//! `F` f64, `r` ref; `v` alone means "none". `C…D` is a variadic span: the caller passes any
//! number of tuples whose flattened element types are listed between the brackets. Results
//! cannot be variadic.

use crate::{Error, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    I32,
    I64,
    F32,
    F64,
    Ref,
}

impl ValueType {
    /// 32-bit register slots a value of this type occupies (refs live in their own bank).
    pub fn slots(self) -> usize {
        match self {
            ValueType::I64 | ValueType::F64 => 2,
            _ => 1,
        }
    }

    /// The type's character in a calling-convention string.
    pub fn code(self) -> char {
        match self {
            ValueType::I32 => 'i',
            ValueType::I64 => 'I',
            ValueType::F32 => 'f',
            ValueType::F64 => 'F',
            ValueType::Ref => 'r',
        }
    }

    fn from_code(c: char) -> Option<Self> {
        Some(match c {
            'i' => ValueType::I32,
            'I' => ValueType::I64,
            'f' => ValueType::F32,
            'F' => ValueType::F64,
            'r' => ValueType::Ref,
            _ => return None,
        })
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueType::I32 => "i32",
            ValueType::I64 => "i64",
            ValueType::F32 => "f32",
            ValueType::F64 => "f64",
            ValueType::Ref => "ref",
        })
    }
}

/// One top-level argument.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Param {
    Scalar(ValueType),
    /// A variadic span: zero or more tuples of these element types.
    Span(Vec<ValueType>),
}

impl Param {
    /// The type of a scalar parameter; `None` for a span.
    pub fn scalar(&self) -> Option<ValueType> {
        match self {
            Param::Scalar(t) => Some(*t),
            Param::Span(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CallingConvention {
    pub args: Vec<Param>,
    pub results: Vec<ValueType>,
}

impl CallingConvention {
    /// Parses a calling-convention string. Errors are `InvalidArgument` naming the position.
    pub fn parse(s: &str) -> Result<CallingConvention> {
        parse(s)
    }

    /// Whether any argument is a variadic span (callers then need `call.variadic`).
    pub fn has_variadic(&self) -> bool {
        self.args.iter().any(|p| matches!(p, Param::Span(_)))
    }
}

/// Renders back to the canonical string (`0v_v` for no arguments and no results).
impl fmt::Display for CallingConvention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::from("0");
        if self.args.is_empty() {
            s.push('v');
        }
        for p in &self.args {
            match p {
                Param::Scalar(t) => s.push(t.code()),
                Param::Span(ts) => {
                    s.push('C');
                    s.extend(ts.iter().map(|t| t.code()));
                    s.push('D');
                }
            }
        }
        s.push('_');
        if self.results.is_empty() {
            s.push('v');
        }
        s.extend(self.results.iter().map(|t| t.code()));
        f.write_str(&s)
    }
}

fn bad(s: &str, at: usize, why: &str) -> Error {
    Error::invalid_argument(format!("calling convention '{s}' at character {at}: {why}"))
}

/// Parses a calling-convention string such as `0rIrrIiiII_r`.
pub fn parse(s: &str) -> Result<CallingConvention> {
    let mut chars = s.char_indices().peekable();
    match chars.next() {
        Some((_, '0')) => {}
        Some((_, c)) => return Err(bad(s, 0, &format!("version '{c}' is unknown; expected '0'"))),
        None => {
            return Err(Error::invalid_argument(
                "calling convention is empty; expected e.g. '0v_v'",
            ))
        }
    }
    let (args_part, results_part) = match s[1..].split_once('_') {
        Some(parts) => parts,
        None => return Err(bad(s, s.len(), "no '_' separating arguments from results")),
    };
    let results_at = 1 + args_part.len() + 1;

    let mut args = Vec::new();
    if args_part != "v" {
        let mut span: Option<(usize, Vec<ValueType>)> = None;
        for (i, c) in args_part.char_indices() {
            let at = 1 + i;
            match (c, &mut span) {
                ('C', None) => span = Some((at, Vec::new())),
                ('C', Some(_)) => {
                    return Err(bad(s, at, "nested variadic span; expected 'D' first"))
                }
                ('D', None) => return Err(bad(s, at, "'D' without an opening 'C'")),
                ('D', Some((open, types))) => {
                    if types.is_empty() {
                        return Err(bad(s, *open, "empty variadic span; expected element types"));
                    }
                    args.push(Param::Span(core::mem::take(types)));
                    span = None;
                }
                (c, _) => {
                    let Some(t) = ValueType::from_code(c) else {
                        return Err(bad(
                            s,
                            at,
                            &format!(
                                "'{c}' is not an argument type; expected one of i I f F r C D"
                            ),
                        ));
                    };
                    match &mut span {
                        Some((_, types)) => types.push(t),
                        None => args.push(Param::Scalar(t)),
                    }
                }
            }
        }
        if let Some((open, _)) = span {
            return Err(bad(s, open, "variadic span is not closed; expected 'D'"));
        }
        if args.is_empty() {
            return Err(bad(s, 1, "no argument types; expected 'v' for none"));
        }
    }

    let mut results = Vec::new();
    if results_part != "v" {
        for (i, c) in results_part.char_indices() {
            let at = results_at + i;
            match ValueType::from_code(c) {
                Some(t) => results.push(t),
                None if c == 'C' || c == 'D' => {
                    return Err(bad(s, at, "results cannot be variadic"));
                }
                None => {
                    return Err(bad(
                        s,
                        at,
                        &format!("'{c}' is not a result type; expected one of i I f F r"),
                    ))
                }
            }
        }
        if results.is_empty() {
            return Err(bad(s, results_at, "no result types; expected 'v' for none"));
        }
    }
    Ok(CallingConvention { args, results })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use Param::{Scalar, Span};
    use ValueType::*;

    fn ok(s: &str) -> CallingConvention {
        let c = parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(c.to_string(), s, "round trip");
        c
    }

    #[test]
    fn simple() {
        assert_eq!(ok("0v_v"), CallingConvention { args: vec![], results: vec![] });
        assert_eq!(ok("0v_i").results, vec![I32]);
        assert_eq!(ok("0i_r").args, vec![Scalar(I32)]);
        let c = ok("0rr_r");
        assert_eq!(c.args, vec![Scalar(Ref), Scalar(Ref)]);
        assert_eq!(c.results, vec![Ref]);
        let c = ok("0If_If");
        assert_eq!(c.args, vec![Scalar(I64), Scalar(F32)]);
        assert_eq!(c.results, vec![I64, F32]);
        assert_eq!(ok("0rr_rri").results, vec![Ref, Ref, I32]);
        assert_eq!(ok("0rrrr_r").args.len(), 4);
        assert_eq!(ok("0F_F").results, vec![F64]);
        assert!(!ok("0rIrrIiiII_r").has_variadic());
    }

    #[test]
    fn queue_alloca() {
        let c = ok("0rIrrIiiII_r");
        let want: Vec<Param> =
            [Ref, I64, Ref, Ref, I64, I32, I32, I64, I64].into_iter().map(Scalar).collect();
        assert_eq!(c.args, want);
        assert_eq!(c.results, vec![Ref]);
    }

    #[test]
    fn variadic() {
        let c = ok("0iICrD_i");
        assert_eq!(c.args, vec![Scalar(I32), Scalar(I64), Span(vec![Ref])]);
        assert_eq!(c.results, vec![I32]);
        assert!(c.has_variadic());

        let c = ok("0rrIiiiICiDCiirIID_v");
        assert_eq!(
            c.args,
            vec![
                Scalar(Ref),
                Scalar(Ref),
                Scalar(I64),
                Scalar(I32),
                Scalar(I32),
                Scalar(I32),
                Scalar(I64),
                Span(vec![I32]),
                Span(vec![I32, I32, Ref, I64, I64]),
            ]
        );
        assert!(c.results.is_empty());

        assert_eq!(ok("0ICrD_r").args, vec![Scalar(I64), Span(vec![Ref])]);
        assert_eq!(ok("0rIrrrICrIID_v").args.last(), Some(&Span(vec![Ref, I64, I64])));
        assert_eq!(ok("0rriiCID_v").args.last(), Some(&Span(vec![I64])));
        assert_eq!(ok("0rIIiiCID_r").args.len(), 6);
        assert_eq!(ok("0rIiiiCiDCrIID_v").args.len(), 7);
    }

    #[test]
    fn every_reference_string() {
        // REFERENCES sections 3, 4 and 8.
        for s in [
            "0rIrrIiiII_r",
            "0rrIiiiICiDCiirIID_v",
            "0iICrD_i",
            "0v_i",
            "0rr_r",
            "0If_If",
            "0rr_rri",
            "0rrrIii_v",
            "0rriiCID_v",
            "0r_r",
            "0rIIiiCID_r",
            "0riiIi_r",
            "0riiI_v",
            "0r_v",
            "0rrr_iI",
            "0i_r",
            "0rIrrr_r",
            "0rr_I",
            "0rI_r",
            "0rIrrrICrIID_v",
            "0rIrrrI_v",
            "0rIrrrIrIII_v",
            "0rIrrrIIIiI_v",
            "0ICrD_r",
            "0riirIrIII_v",
            "0rIi_i",
            "0ri_I",
            "0v_v",
            "0rrrr_r",
            "0rIiiiCiDCrIID_v",
            "0rrriiiiiiiii_v",
            "0irIIII_v",
            "0v_r",
        ] {
            ok(s);
        }
    }

    #[test]
    fn errors() {
        for s in [
            "",
            "1v_v",
            "0",
            "0v",
            "0x_v",
            "0_v",
            "0v_",
            "0i_x",
            "0C_v",
            "0CD_v",
            "0Ci_v",
            "0iD_v",
            "0CiCiDD_v",
            "0i_CiD",
            "0i_D",
            "0vi_v",
            "0i_vi",
            "0i_v_v",
        ] {
            let e = parse(s).err().unwrap_or_else(|| panic!("{s:?} should fail"));
            assert!(e.to_string().contains("calling convention"), "{e}");
        }
    }
}
