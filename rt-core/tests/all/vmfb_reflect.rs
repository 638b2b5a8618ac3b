//! Reflection on real 3.13.0 output: the `iree.abi.declaration` strings read from compiled
//! files parse, agree with the VM calling convention of the same export, and describe the
//! source signatures of tests/programs/reader/*.mlir.

use crate::Test;
use crate::common::all_fixtures;
use weft_test_support::fixture;
use rt_core::cconv::CallingConvention;
use rt_core::reflect::{describe, DeclType, FunctionDecl, DECLARATION_ATTR};
use rt_core::vmfb;

/// The calling convention the VM function must have for a declaration: tensors and other
/// objects are refs, scalars map by width; async functions take a wait and a signal fence.
fn expected_cconv(d: &FunctionDecl) -> String {
    let code = |t: &DeclType| match t {
        DeclType::Scalar(s) => match s.as_str() {
            "i64" => 'I',
            "f32" => 'f',
            "f64" => 'F',
            "i1" | "i8" | "i16" | "i32" | "index" => 'i',
            other => panic!("unexpected scalar {other}"),
        },
        DeclType::Tensor { .. } | DeclType::Other(_) => 'r',
    };
    let mut s = String::from("0");
    s.extend(d.args.iter().map(|a| code(&a.ty)));
    if d.is_async {
        s.push_str("rr");
    }
    if s.len() == 1 {
        s.push('v');
    }
    s.push('_');
    s.extend(d.results.iter().map(|r| code(&r.ty)));
    if d.results.is_empty() {
        s.push('v');
    }
    s
}

fn every_declaration_parses_and_matches_its_calling_convention() {
    let mut count = 0;
    for f in all_fixtures() {
        let bytes = f.bytes();
        let m = vmfb::parse(&bytes).unwrap();
        for (i, e) in m.exported_functions.iter().enumerate() {
            let sig = m.export_signature(i).unwrap();
            let decls: Vec<&str> =
                sig.attrs.iter().filter(|a| a.key == DECLARATION_ATTR).map(|a| a.value).collect();
            if e.local_name == "__init" {
                assert!(decls.is_empty(), "{}: __init has no declaration", f.stem);
                assert_eq!(describe(e.local_name, sig), "__init()");
                continue;
            }
            assert!(!decls.is_empty(), "{}: export {} has a declaration", f.stem, e.local_name);
            for text in decls {
                let d = FunctionDecl::parse(text).unwrap_or_else(|err| panic!("{}: {err}", f.stem));
                assert_eq!(d.name, e.local_name, "{}: {text}", f.stem);
                assert_eq!(expected_cconv(&d), sig.calling_convention, "{}: {text}", f.stem);
                CallingConvention::parse(sig.calling_convention).unwrap();
                count += 1;
            }
        }
    }
    assert!(count >= 15, "saw {count} declarations");
}

/// Export `name` of fixture `reader/<stem>`: its first declaration, parsed, and its display.
fn decl(suite: &str, stem: &str, name: &str) -> (FunctionDecl, String) {
    let bytes = fixture(suite, stem).bytes();
    let m = vmfb::parse(&bytes).unwrap();
    let i = m.export_index(name).unwrap_or_else(|| panic!("{stem}: no export {name}"));
    let sig = m.export_signature(i).unwrap();
    let d = FunctionDecl::from_signature(sig).expect("declaration present").unwrap();
    assert_eq!(describe(name, sig), d.to_string());
    let shown = d.to_string();
    (d, shown)
}

fn tensor(dims: &[Option<u64>], element: &str) -> DeclType {
    DeclType::Tensor { dims: dims.to_vec(), element: element.to_string() }
}

fn scalar(s: &str) -> DeclType {
    DeclType::Scalar(s.to_string())
}

fn smoke_programs() {
    let (d, shown) = decl("smoke", "tensor_abs.wasm32", "abs");
    assert_eq!(shown, "abs(input0: tensor<4xf32>) -> tensor<4xf32>");
    assert!(!d.is_async);
    let (_, shown) = decl("smoke", "scalar_add.vmvx", "addmul");
    assert_eq!(shown, "addmul(input0: i32, input1: i32) -> (i32, i32)");
}

fn scalar_signatures() {
    for target in ["vmvx", "wasm32"] {
        let stem = format!("scalars.{target}");
        let (_, s) = decl("reader", &stem, "add_i32");
        assert_eq!(s, "add_i32(input0: i32, input1: i32) -> i32");
        let (d, s) = decl("reader", &stem, "mixed");
        assert_eq!(
            d.results.iter().map(|r| r.ty.clone()).collect::<Vec<_>>(),
            [scalar("i64"), scalar("f32")]
        );
        assert_eq!(s, "mixed(input0: i64, input1: f32) -> (i64, f32)");
        let (d, s) = decl("reader", &stem, "nothing");
        assert!(d.results.is_empty());
        assert_eq!(s, "nothing(input0: i32)");
        let (d, s) = decl("reader", &stem, "constant");
        assert!(d.args.is_empty());
        assert_eq!(s, "constant() -> i32");
    }
}

fn tensor_signatures() {
    for target in ["vmvx", "wasm32"] {
        let stem = format!("tensors.{target}");
        let (d, s) = decl("reader", &stem, "scale");
        assert_eq!(d.args[0].ty, tensor(&[None, Some(4)], "f32"));
        assert_eq!(d.args[1].ty, scalar("f32"));
        assert_eq!(s, "scale(input0: tensor<?x4xf32>, input1: f32) -> tensor<?x4xf32>");
        let (d, s) = decl("reader", &stem, "neg0");
        assert_eq!(d.args[0].ty, tensor(&[], "f32"));
        assert_eq!(s, "neg0(input0: tensor<f32>) -> tensor<f32>");
        let (d, s) = decl("reader", &stem, "split");
        assert_eq!(d.results.len(), 3);
        assert_eq!(d.results[0].name, "output0");
        assert_eq!(
            s,
            "split(input0: tensor<2x3xi32>, input1: tensor<2x3xi32>) -> \
             (tensor<2x3xi32>, tensor<2x3xi32>, i32)"
        );
    }
}

fn element_types() {
    let (d, _) = decl("reader", "elements.vmvx", "pass");
    let elements: Vec<String> = d
        .args
        .iter()
        .map(|a| match &a.ty {
            DeclType::Tensor { dims, element } => {
                assert_eq!(dims, &[Some(2)]);
                element.clone()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(elements, ["i1", "i8", "i16", "i32", "i64", "f16", "bf16", "f32", "f64"]);
    for (i, (a, r)) in d.args.iter().zip(&d.results).enumerate() {
        assert_eq!((a.name.clone(), r.name.clone()), (format!("input{i}"), format!("output{i}")));
        assert_eq!(a.ty, r.ty);
    }
    let (_, s) = decl("reader", "elements.vmvx", "scalars");
    assert_eq!(s, "scalars(input0: i64, input1: f64) -> (i64, f64)");
}

fn reference_signatures() {
    let (d, s) = decl("reader", "refs.vmvx", "view");
    assert_eq!(d.args[0].ty, DeclType::Other("!hal.buffer_view".into()));
    assert_eq!(s, "view(input0: !hal.buffer_view) -> !hal.buffer_view");
    let (d, _) = decl("reader", "refs.vmvx", "fence");
    assert_eq!(d.args[0].ty, DeclType::Other("!hal.fence".into()));
    let (d, s) = decl("reader", "refs.vmvx", "list");
    assert_eq!(d.args[0].ty, DeclType::Other("!util.list<?>".into()));
    assert_eq!(s, "list(input0: !util.list<?>) -> !util.list<?>");
    let (d, _) = decl("reader", "refs.vmvx", "dims");
    assert_eq!(d.args[0].ty, tensor(&[None, None, Some(2)], "i8"));
}

fn async_signature() {
    let bytes = fixture("reader", "async.vmvx").bytes();
    let m = vmfb::parse(&bytes).unwrap();
    let sig = m.export_signature(m.export_index("mul").unwrap()).unwrap();
    assert_eq!(sig.attr("iree.abi.model"), Some("coarse-fences"));
    let (d, s) = decl("reader", "async.vmvx", "mul");
    assert!(d.is_async);
    assert_eq!(d.args.len(), 2, "the fences are not part of the declaration");
    assert_eq!(s, "async mul(input0: tensor<4xf32>, input1: tensor<4xf32>) -> tensor<4xf32>");
}

fn names_and_user_declarations() {
    let (d, s) = decl("reader", "names.vmvx", "named");
    assert_eq!(d.args[0].name, "x");
    assert_eq!(d.args[1].name, "count");
    assert_eq!(d.args[1].ty, scalar("i32"), "the attribute dictionary is not part of the type");
    assert_eq!(d.results[0].name, "y");
    assert_eq!(s, "named(x: tensor<4xf32>, count: i32) -> tensor<4xf32>");

    // A user-supplied declaration comes first; the generated one follows under the same key.
    let bytes = fixture("reader", "names.vmvx").bytes();
    let m = vmfb::parse(&bytes).unwrap();
    let sig = m.export_signature(m.export_index("custom").unwrap()).unwrap();
    let all: Vec<&str> =
        sig.attrs.iter().filter(|a| a.key == DECLARATION_ATTR).map(|a| a.value).collect();
    assert_eq!(all.len(), 2);
    assert_eq!(sig.attr("note"), Some("user"));
    let (d, s) = decl("reader", "names.vmvx", "custom");
    assert_eq!(d.results[0].name, "", "single unparenthesized, unnamed result");
    assert_eq!(s, "custom(a: i32) -> i32");

    let (d, _) = decl("reader", "names.vmvx", "shapes");
    assert_eq!(d.args[0].ty, tensor(&[Some(4), None], "i16"));
    assert_eq!(d.args[1].ty, tensor(&[Some(1); 4], "f32"));
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("every_declaration_parses_and_matches_its_calling_convention", every_declaration_parses_and_matches_its_calling_convention),
    ("smoke_programs", smoke_programs),
    ("scalar_signatures", scalar_signatures),
    ("tensor_signatures", tensor_signatures),
    ("element_types", element_types),
    ("reference_signatures", reference_signatures),
    ("async_signature", async_signature),
    ("names_and_user_declarations", names_and_user_declarations),
];
