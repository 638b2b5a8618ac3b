//! Bad inputs to the corpus's tensor programs (vmvx builds): wrong element type, rank, shape,
//! argument count, unparsable values, out-of-range integers, typed data of the wrong length.
//! Each fails with an error naming the problem, keeps no HAL buffers, and the next good call
//! still prints what the reference runtime printed (the corpus oracle).

use crate::Test;
use crate::common::calls::{error_of, printed};
use rt_core::session::{Input, Session};
use weft_test_support::oracle::{recorded, same_printed};
use weft_test_support as support;

fn session_with(program: &str) -> Session {
    let mut s = Session::new().unwrap();
    s.load_program(support::fixture("corpus", &format!("{program}.vmvx")).bytes()).unwrap();
    s
}

fn same_stdout(ours: &str, reference: &str) -> bool {
    same_printed(ours, reference)
}

/// Bad inputs to tensor programs fail with an error naming what is wrong, allocate nothing that
/// stays, and the next good call still gives the reference's answer.
fn bad_tensor_inputs_fail_cleanly() {
    let cases: &[(&str, &[&str], &str)] = &[
        // (program, bad inputs, a word the error must contain)
        ("mm_linalg", &["4x3xi32=1 2 3 4 5 6 7 8 9 10 11 12", "3x5xf32=0"], "i32"),
        ("mm_linalg", &["12xf32=1 2 3 4 5 6 7 8 9 10 11 12", "3x5xf32=0"], "12"),
        ("mm_linalg", &["4x3xf32=1 2 3"], "argument"),
        ("mm_linalg", &["4x3xf32=1 2 3", "3x5xf32=0", "1"], "argument"),
        ("mm_linalg", &["4x3xf32=1 2 x 4 5 6 7 8 9 10 11 12", "3x5xf32=0"], "x"),
        ("dyn_matmul", &["2x3xf32=1 2 3 4 5 6", "3x2xi8=1 2 3 4 5 6"], "i8"),
        ("dyn_elementwise", &["3xf32=1 2 3", "'not a float'"], "float"),
        ("cf_scf_if", &["1.5", "4xf32=1 2 3 4"], "1.5"),
        ("scalars_mixed", &["5xf32=1 2 3 4 5", "2.0", "3", "4"], "argument"),
        ("dtype_i8", &["6xi8=1 2 3 4 5 300", "6xi8=0"], "300"),
    ];
    for (program, bad, word) in cases {
        let (function, inputs, stdout) = recorded("corpus", program, 0);
        let good: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let mut s = session_with(program);
        let hal_before = s.device().allocator().bytes_in_use();
        let e = error_of(s.call_text(&function, bad));
        println!("{program} {bad:?}: {e}");
        assert!(e.contains(word), "{program} {bad:?}: error does not mention '{word}': {e}");
        assert_eq!(s.device().allocator().bytes_in_use(), hal_before, "{program}: a failed call kept buffers");
        let out = printed(&function, &mut s, &good);
        assert!(same_stdout(&out, &stdout), "{program}: after a bad call the good one differs:\n{out}\nvs\n{stdout}");
    }
    // Inputs as typed data with a byte length that does not fit the shape.
    let mut s = session_with("mm_linalg");
    let e = error_of(s.call("matmul", vec![
            Input::Tensor { shape: vec![4, 3], element_type: rt_core::hal::ElementType::FLOAT_32, data: vec![0; 40] },
            Input::Text("3x5xf32=0".into()),
        ]));
    println!("short typed data: {e}");
    assert!(e.contains("40") || e.contains("48"), "{e}");
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("bad_tensor_inputs_fail_cleanly", bad_tensor_inputs_fail_cleanly),
];
