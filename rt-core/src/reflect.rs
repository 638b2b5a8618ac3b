//! Reflection: the source-level signature an export carries in its `iree.abi.declaration`
//! attribute, e.g.
//! `sync func @add(%input0: tensor<4xf32>, %input1: tensor<4xf32>) -> (%output0: tensor<4xf32>)`.
//!
//! 3.13.0 always writes `sync`/`async`, `%name: type` for every argument and a parenthesized,
//! named result list (`-> ()` when there are none); arguments may carry an attribute
//! dictionary after the type (`%n: i32 {test.note = "hi"}`). Users can supply their own string
//! through `iree.reflection`, so the parser also accepts a missing `sync`, unnamed results and
//! a single unparenthesized result. Types this module does not model are kept verbatim as
//! [`DeclType::Other`].

use crate::vmfb::FunctionSignature;
use crate::{Error, Result};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// The attribute key holding the declaration.
pub const DECLARATION_ATTR: &str = "iree.abi.declaration";

/// A parsed `iree.abi.declaration`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDecl {
    /// `async` (coarse-fences model: the VM function takes a wait and a signal fence extra).
    pub is_async: bool,
    pub name: String,
    pub args: Vec<NamedType>,
    pub results: Vec<NamedType>,
}

/// One argument or result. `name` is empty for an unnamed result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedType {
    pub name: String,
    pub ty: DeclType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclType {
    /// An integer, float or index scalar: `i32`, `f32`, `i64`, `bf16`, `index`, …
    Scalar(String),
    /// A ranked tensor; `None` is a dynamic (`?`) dimension. Rank 0 has no dims.
    Tensor { dims: Vec<Option<u64>>, element: String },
    /// Anything else, verbatim: `!hal.buffer_view`, `!hal.fence`, `!util.list<?>`, …
    Other(String),
}

impl FunctionDecl {
    /// Parses a declaration string.
    pub fn parse(text: &str) -> Result<FunctionDecl> {
        parse_declaration(text)
    }

    /// The declaration of an export, from its signature's attribute; `None` if absent.
    pub fn from_signature(sig: &FunctionSignature<'_>) -> Option<Result<FunctionDecl>> {
        sig.attr(DECLARATION_ATTR).map(parse_declaration)
    }
}

impl DeclType {
    /// Classifies a type's text.
    pub fn parse(text: &str) -> DeclType {
        let text = text.trim();
        if is_scalar(text) {
            return DeclType::Scalar(text.to_string());
        }
        if let Some(t) = parse_tensor(text) {
            return t;
        }
        DeclType::Other(text.to_string())
    }
}

impl fmt::Display for DeclType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeclType::Scalar(s) | DeclType::Other(s) => f.write_str(s),
            DeclType::Tensor { dims, element } => {
                f.write_str("tensor<")?;
                for d in dims {
                    match d {
                        Some(n) => write!(f, "{n}x")?,
                        None => f.write_str("?x")?,
                    }
                }
                write!(f, "{element}>")
            }
        }
    }
}

impl fmt::Display for NamedType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            write!(f, "{}", self.ty)
        } else {
            write!(f, "{}: {}", self.name, self.ty)
        }
    }
}

/// The short form a page shows: `abs(input0: tensor<f32>) -> tensor<f32>`; several results are
/// parenthesized, no results omit the arrow, async functions are prefixed `async `.
impl fmt::Display for FunctionDecl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_async {
            f.write_str("async ")?;
        }
        write!(f, "{}(", self.name)?;
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a}")?;
        }
        f.write_str(")")?;
        match self.results.as_slice() {
            [] => Ok(()),
            [r] => write!(f, " -> {}", r.ty),
            rs => {
                f.write_str(" -> (")?;
                for (i, r) in rs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", r.ty)?;
                }
                f.write_str(")")
            }
        }
    }
}

/// A one-line description of an export for display: the parsed declaration when present and
/// well-formed, otherwise the VM-level types from the calling convention
/// (`name(i32, ref) -> ref`), otherwise the raw calling convention. (For the tests' messages.)
#[cfg(feature = "internals")]
pub fn describe(export_name: &str, sig: &FunctionSignature<'_>) -> String {
    use crate::cconv::{CallingConvention, Param};
    if let Some(Ok(decl)) = FunctionDecl::from_signature(sig) {
        return decl.to_string();
    }
    match CallingConvention::parse(sig.calling_convention) {
        Ok(cc) => {
            let mut s = format!("{export_name}(");
            for (i, p) in cc.args.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                match p {
                    Param::Scalar(t) => s.push_str(&t.to_string()),
                    Param::Span(ts) => {
                        let items: Vec<String> = ts.iter().map(|t| t.to_string()).collect();
                        s.push_str(&format!("tuple<{}>...", items.join(", ")));
                    }
                }
            }
            s.push(')');
            let rs: Vec<String> = cc.results.iter().map(|t| t.to_string()).collect();
            match rs.len() {
                0 => {}
                1 => s.push_str(&format!(" -> {}", rs[0])),
                _ => s.push_str(&format!(" -> ({})", rs.join(", "))),
            }
            s
        }
        Err(_) => format!("{export_name} [{}]", sig.calling_convention),
    }
}

fn is_scalar(t: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if t == "index" || t == "bf16" || t == "tf32" {
        return true;
    }
    if let Some(rest) = t.strip_prefix("si").or_else(|| t.strip_prefix("ui")) {
        return digits(rest);
    }
    if let Some(rest) = t.strip_prefix('i') {
        return digits(rest);
    }
    // f16, f32, f64 and the small float families (f8E4M3FN, f6E3M2FN, f4E2M1FN, …).
    if let Some(rest) = t.strip_prefix('f') {
        let n = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        return n > 0 && rest[n..].bytes().all(|b| b.is_ascii_alphanumeric());
    }
    false
}

/// `tensor<4x?xf32>`, `tensor<f32>`, `tensor<2xf32, #encoding>` (encoding dropped).
fn parse_tensor(t: &str) -> Option<DeclType> {
    let inner = t.strip_prefix("tensor<")?.strip_suffix('>')?;
    // Drop a trailing `, encoding` at depth 0.
    let inner = match split_top_level(inner, ',').first() {
        Some(first) => first.trim(),
        None => inner.trim(),
    };
    let mut dims = Vec::new();
    let mut rest = inner;
    while let Some(x) = rest.find('x') {
        let head = &rest[..x];
        if head == "?" {
            dims.push(None);
        } else if !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit()) {
            dims.push(Some(head.parse().ok()?));
        } else {
            break;
        }
        rest = &rest[x + 1..];
    }
    // Unranked (`*x`), a dangling dimension or no element type at all: not modelled.
    let dangling = rest.starts_with(['*', '?']) || rest.bytes().all(|b| b.is_ascii_digit());
    if rest.is_empty() || dangling {
        return None;
    }
    Some(DeclType::Tensor { dims, element: rest.to_string() })
}

/// Splits at `sep` outside `<>`, `()`, `[]`, `{}` and string literals; `->` is not a bracket.
fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_str = false;
    let mut start = 0;
    let mut prev = '\0';
    for (i, c) in s.char_indices() {
        if in_str {
            if c == '"' && prev != '\\' {
                in_str = false;
            }
        } else {
            match c {
                '"' => in_str = true,
                '<' | '(' | '[' | '{' => depth += 1,
                '>' if prev == '-' => {}
                '>' | ')' | ']' | '}' => depth -= 1,
                c if c == sep && depth == 0 => {
                    parts.push(&s[start..i]);
                    start = i + c.len_utf8();
                }
                _ => {}
            }
        }
        prev = c;
    }
    parts.push(&s[start..]);
    parts
}

/// Index of the bracket closing the one opening at `open` (which must be `(`).
fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_str = false;
    let mut prev = '\0';
    for (i, c) in s[open..].char_indices() {
        if in_str {
            if c == '"' && prev != '\\' {
                in_str = false;
            }
        } else {
            match c {
                '"' => in_str = true,
                '<' | '(' | '[' | '{' => depth += 1,
                '>' if prev == '-' => {}
                '>' | ')' | ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return (c == ')').then_some(open + i);
                    }
                }
                _ => {}
            }
        }
        prev = c;
    }
    None
}

fn bad(text: &str, why: &str) -> Error {
    Error::invalid_argument(format!("{DECLARATION_ATTR} '{text}': {why}"))
}

/// `%name: type {attrs}` or, when `name_optional`, just `type {attrs}`.
fn parse_named(text: &str, item: &str, name_optional: bool) -> Result<NamedType> {
    let item = item.trim();
    let (name, ty) = match item.strip_prefix('%') {
        Some(rest) => match rest.split_once(':') {
            Some((name, ty)) => (name.trim(), ty.trim()),
            None => return Err(bad(text, &format!("'{item}' has no ':' before its type"))),
        },
        None if name_optional => ("", item),
        None => return Err(bad(text, &format!("argument '{item}' does not start with '%name:'"))),
    };
    // Drop a trailing attribute dictionary: the last top-level ` {`.
    let ty = strip_attr_dict(ty);
    if ty.is_empty() {
        return Err(bad(text, &format!("'{item}' has an empty type")));
    }
    Ok(NamedType { name: name.to_string(), ty: DeclType::parse(ty) })
}

fn strip_attr_dict(ty: &str) -> &str {
    let ty = ty.trim();
    if !ty.ends_with('}') {
        return ty;
    }
    // Find the `{` that opens the final dictionary at depth 0.
    let mut depth = 0i32;
    let mut open = None;
    let mut in_str = false;
    let mut prev = '\0';
    for (i, c) in ty.char_indices() {
        if in_str {
            if c == '"' && prev != '\\' {
                in_str = false;
            }
        } else {
            match c {
                '"' => in_str = true,
                '{' if depth == 0 => {
                    open = Some(i);
                    depth += 1;
                }
                '<' | '(' | '[' | '{' => depth += 1,
                '>' if prev == '-' => {}
                '>' | ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
        }
        prev = c;
    }
    match open {
        Some(i) if i > 0 => ty[..i].trim_end(),
        _ => ty,
    }
}

fn parse_list(text: &str, body: &str, names_optional: bool) -> Result<Vec<NamedType>> {
    if body.trim().is_empty() {
        return Ok(Vec::new());
    }
    split_top_level(body, ',')
        .into_iter()
        .map(|item| parse_named(text, item, names_optional))
        .collect()
}

fn parse_declaration(text: &str) -> Result<FunctionDecl> {
    let mut rest = text.trim();
    let mut is_async = false;
    if let Some(r) = rest.strip_prefix("async ") {
        is_async = true;
        rest = r.trim_start();
    } else if let Some(r) = rest.strip_prefix("sync ") {
        rest = r.trim_start();
    }
    let Some(r) = rest.strip_prefix("func") else {
        return Err(bad(text, "expected '[sync|async] func @name(...)'"));
    };
    let Some(r) = r.trim_start().strip_prefix('@') else {
        return Err(bad(text, "expected '@' and the function name after 'func'"));
    };
    // The argument list is the first `(` that opens `%name: type, ...` or `)`: a name may hold
    // parentheses itself (`@"f(x)"` is written unquoted here: `@f(x)(%input0: ...)`).
    let opens_args = |i: &usize| r[i + 1..].trim_start().starts_with(['%', ')']);
    let Some(open) = r.match_indices('(').map(|(i, _)| i).find(opens_args) else {
        return Err(bad(text, "expected '(' after the function name"));
    };
    let name = r[..open].trim();
    if name.is_empty() {
        return Err(bad(text, "the function name is empty"));
    }
    let Some(close) = matching_paren(r, open) else {
        return Err(bad(text, "the argument list is not closed; expected ')'"));
    };
    let args = parse_list(text, &r[open + 1..close], false)?;
    let tail = r[close + 1..].trim();
    let results = if tail.is_empty() {
        Vec::new()
    } else {
        let Some(res) = tail.strip_prefix("->") else {
            return Err(bad(
                text,
                &format!("unexpected '{tail}' after the arguments; expected '->'"),
            ));
        };
        let res = res.trim();
        match res.starts_with('(').then(|| matching_paren(res, 0)).flatten() {
            Some(end) if end == res.len() - 1 => parse_list(text, &res[1..end], true)?,
            _ => {
                if res.is_empty() {
                    return Err(bad(text, "no result after '->'"));
                }
                let one = parse_named(text, res, true)?;
                alloc::vec![one]
            }
        }
    };
    Ok(FunctionDecl { is_async, name: name.to_string(), args, results })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn tensor(dims: &[Option<u64>], element: &str) -> DeclType {
        DeclType::Tensor { dims: dims.to_vec(), element: element.to_string() }
    }

    fn nt(name: &str, ty: DeclType) -> NamedType {
        NamedType { name: name.to_string(), ty }
    }

    #[test]
    fn names_with_parentheses() {
        let d = FunctionDecl::parse("sync func @f(x)(%input0: tensor<2xf32>) -> (%output0: tensor<2xf32>)").unwrap();
        assert_eq!(d.name, "f(x)");
        assert_eq!(d.to_string(), "f(x)(input0: tensor<2xf32>) -> tensor<2xf32>");
    }

    #[test]
    fn sync_tensor() {
        let d = FunctionDecl::parse(
            "sync func @add(%input0: tensor<4xf32>, %input1: tensor<4xf32>) -> (%output0: tensor<4xf32>)",
        )
        .unwrap();
        assert!(!d.is_async);
        assert_eq!(d.name, "add");
        assert_eq!(
            d.args,
            vec![nt("input0", tensor(&[Some(4)], "f32")), nt("input1", tensor(&[Some(4)], "f32"))]
        );
        assert_eq!(d.results, vec![nt("output0", tensor(&[Some(4)], "f32"))]);
        assert_eq!(
            d.to_string(),
            "add(input0: tensor<4xf32>, input1: tensor<4xf32>) -> tensor<4xf32>"
        );
    }

    #[test]
    fn shapes_and_scalars() {
        let d = FunctionDecl::parse(
            "async func @f(%a: tensor<?x4xf32>, %b: tensor<f32>, %c: i32, %d: !hal.buffer_view, \
             %e: !hal.fence, %l: !util.list<?>, %z: tensor<2x?x1xbf16, #enc<a, b>>) -> \
             (%o: tensor<*xf32>, %p: i64)",
        )
        .unwrap();
        assert!(d.is_async);
        assert_eq!(d.args[0].ty, tensor(&[None, Some(4)], "f32"));
        assert_eq!(d.args[1].ty, tensor(&[], "f32"));
        assert_eq!(d.args[2].ty, DeclType::Scalar("i32".into()));
        assert_eq!(d.args[3].ty, DeclType::Other("!hal.buffer_view".into()));
        assert_eq!(d.args[4].ty, DeclType::Other("!hal.fence".into()));
        assert_eq!(d.args[5].ty, DeclType::Other("!util.list<?>".into()));
        assert_eq!(d.args[6].ty, tensor(&[Some(2), None, Some(1)], "bf16"));
        assert_eq!(d.results[0].ty, DeclType::Other("tensor<*xf32>".into()));
        assert_eq!(
            d.to_string(),
            "async f(a: tensor<?x4xf32>, b: tensor<f32>, c: i32, d: !hal.buffer_view, \
             e: !hal.fence, l: !util.list<?>, z: tensor<2x?x1xbf16>) -> (tensor<*xf32>, i64)"
        );
    }

    #[test]
    fn element_types() {
        for e in ["i1", "i8", "i16", "i32", "i64", "f16", "bf16", "f32", "f64", "f8E4M3FN"] {
            assert_eq!(DeclType::parse(e), DeclType::Scalar(e.into()));
            assert_eq!(DeclType::parse(&format!("tensor<3x{e}>")), tensor(&[Some(3)], e));
        }
        assert_eq!(DeclType::parse("tensor<3xcomplex<f32>>"), tensor(&[Some(3)], "complex<f32>"));
        assert_eq!(DeclType::parse("index"), DeclType::Scalar("index".into()));
        assert_eq!(DeclType::parse("foo"), DeclType::Other("foo".into()));
        assert_eq!(DeclType::parse("tensor<>"), DeclType::Other("tensor<>".into()));
    }

    #[test]
    fn result_forms() {
        let none = FunctionDecl::parse("sync func @n(%input0: i32) -> ()").unwrap();
        assert!(none.results.is_empty());
        assert_eq!(none.to_string(), "n(input0: i32)");
        let bare = FunctionDecl::parse("sync func @c() -> ()").unwrap();
        assert_eq!(bare.to_string(), "c()");
        let single = FunctionDecl::parse("sync func @custom(%a: i32) -> i32").unwrap();
        assert_eq!(single.results, vec![nt("", DeclType::Scalar("i32".into()))]);
        assert_eq!(single.to_string(), "custom(a: i32) -> i32");
        let unnamed = FunctionDecl::parse("func @u(%a: i32) -> (i32, tensor<f32>)").unwrap();
        assert_eq!(unnamed.results.len(), 2);
        let no_arrow = FunctionDecl::parse("func @u(%a: i32)").unwrap();
        assert!(no_arrow.results.is_empty());
        let paren_type = FunctionDecl::parse("func @u() -> (i32) -> i32").unwrap();
        assert_eq!(paren_type.results[0].ty, DeclType::Other("(i32) -> i32".into()));
    }

    #[test]
    fn attributes_after_types() {
        let d = FunctionDecl::parse(
            "sync func @named(%x: tensor<4xf32>, %count: i32 {test.note = \"a, }b\"}) -> (%y: tensor<4xf32>)",
        )
        .unwrap();
        assert_eq!(d.args[1], nt("count", DeclType::Scalar("i32".into())));
        assert_eq!(d.to_string(), "named(x: tensor<4xf32>, count: i32) -> tensor<4xf32>");
    }

    #[test]
    fn errors() {
        for s in [
            "",
            "sync",
            "sync func add()",
            "sync func @(%a: i32)",
            "sync func @f",
            "sync func @f(%a: i32",
            "sync func @f(a: i32)",
            "sync func @f(%a i32)",
            "sync func @f(%a: )",
            "sync func @f() ->",
            "sync func @f() => i32",
            "sync func @f(%a: tensor<4xf32) -> ()",
        ] {
            assert!(FunctionDecl::parse(s).is_err(), "{s:?} should fail");
        }
    }

    #[test]
    fn describe_falls_back_to_cconv() {
        let sig = FunctionSignature { calling_convention: "0iICrD_i", attrs: vec![] };
        assert_eq!(describe("await", &sig), "await(i32, i64, tuple<ref>...) -> i32");
        let sig = FunctionSignature { calling_convention: "0rr_rri", attrs: vec![] };
        assert_eq!(describe("f", &sig), "f(ref, ref) -> (ref, ref, i32)");
        let sig = FunctionSignature { calling_convention: "bogus", attrs: vec![] };
        assert_eq!(describe("f", &sig), "f [bogus]");
    }
}
