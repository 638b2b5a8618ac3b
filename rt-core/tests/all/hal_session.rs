//! The embedder API (`rt_core::session`): argument errors name the argument, what was given
//! and what the signature wants, and leave the session usable; typed-data inputs; programs
//! built for other devices or needing host modules Weft lacks fail with a clear error; the
//! memory limit. Expected values come from the reference runtime's recorded output.

use crate::Test;
use crate::common::calls::error_of;
use weft_test_support::fixture;
use weft_test_support::oracle::recorded;
use rt_core::hal::ElementType;
use rt_core::DEFAULT_MAX_ELEMENT_COUNT;
use rt_core::session::{format_results, Input, Output, Session, SessionOptions};
use rt_core::ErrorKind;
use std::rc::Rc;

fn session_with(stem: &str) -> Session {
    let mut s = Session::new().unwrap();
    s.load_program(fixture("hal", stem).bytes()).unwrap();
    s
}

fn assert_contains(message: &str, parts: &[&str]) {
    for p in parts {
        assert!(message.contains(p), "error message lacks `{p}`:\n{message}");
    }
}

fn argument_errors_name_the_argument_and_leave_the_session_usable() {
    let (function, inputs, stdout) = recorded("hal", "simple_abs", 0);
    let mut s = session_with("simple_abs.vmvx");

    let e = error_of(s.call_text(&function, &[]));
    assert_contains(&e, &["'abs' takes 1 argument(s) but 0 were given", "abs(input0: tensor<4xf32>) -> tensor<4xf32>"]);
    let e = error_of(s.call_text(&function, &[&inputs[0], &inputs[0]]));
    assert_contains(&e, &["takes 1 argument(s) but 2 were given"]);
    let e = error_of(s.call_text(&function, &["4xi32=1 2 3 4"]));
    assert_contains(&e, &["argument 0 (input0) of 'abs'", "given a 4xi32 tensor", "wants tensor<4xf32>"]);
    let e = error_of(s.call_text(&function, &["3xf32=1 2 3"]));
    assert_contains(&e, &["argument 0 (input0) of 'abs'", "given a 3xf32 tensor", "dimension 0 must be 4, not 3"]);
    let e = error_of(s.call_text(&function, &["2x2xf32=1 2 3 4"]));
    assert_contains(&e, &["given a 2x2xf32 tensor (rank 2)", "(rank 1)"]);
    let e = error_of(s.call_text(&function, &["7"]));
    assert_contains(&e, &["argument 0 (input0)", "`7` is not a buffer view", "the signature wants tensor<"]);
    let e = error_of(s.call(&function, vec![Input::Scalar(rt_core::vm::Value::F32(1.0))]));
    assert_contains(&e, &["given the scalar", "wants tensor<4xf32>"]);
    let e = error_of(s.call_text("absolute", &[&inputs[0]]));
    assert_contains(&e, &["function 'absolute' not found", "it exports: abs"]);

    // The same session still runs the good call and prints what iree-run-module printed.
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let results = s.call_text(&function, &args).unwrap();
    assert_eq!(format_results(&function, &results).unwrap(), stdout);
}

fn scalar_argument_errors() {
    let (function, inputs, stdout) = recorded("hal", "scalar_tensor_mix", 0);
    let mut s = session_with("scalar_tensor_mix.vmvx");
    let e = error_of(s.call_text(&function, &[&inputs[0], &inputs[0], &inputs[2]]));
    assert_contains(&e, &["argument 1 (input1) of 'affine'", "given the tensor `4xf32=", "wants the scalar f32"]);
    let e = error_of(s.call_text(&function, &[&inputs[0], &inputs[1], "1.5"]));
    assert_contains(&e, &["argument 2 (input2) of 'affine'", "1.5", "i32"]);
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let results = s.call_text(&function, &args).unwrap();
    assert_eq!(format_results(&function, &results).unwrap(), stdout);
}

fn typed_data_inputs_and_results() {
    let (function, inputs, stdout) = recorded("hal", "matmul_dynamic", 0);
    let mut s = session_with("matmul_dynamic.vmvx");
    // The same inputs as raw little-endian bytes with a shape and element type.
    let typed: Vec<Input> = inputs
        .iter()
        .map(|t| {
            let (shape, element_type, data) = rt_core::hal::text_format::parse_buffer_view(t).unwrap();
            Input::Tensor { shape, element_type, data }
        })
        .collect();
    let results = s.call(&function, typed).unwrap();
    assert_eq!(format_results(&function, &results).unwrap(), stdout);
    // Buffer views from one call feed the next without copies.
    let Output::BufferView(product) = &results[0] else { panic!("not a buffer view") };
    assert_eq!(product.element_type, ElementType::F32);
    let e = error_of(s.call(&function, vec![Input::BufferView(product.clone())]));
    assert_contains(&e, &["takes 2 argument(s) but 1 were given"]);
    let wrong = Input::Tensor { shape: vec![2, 2], element_type: ElementType::F32, data: vec![0; 12] };
    let e = error_of(s.call(&function, vec![wrong, Input::BufferView(product.clone())]));
    assert_contains(&e, &["argument 0 (input0)", "2x2xf32 tensor holds 16 bytes, but 12 bytes of data were given"]);
    let _ = DEFAULT_MAX_ELEMENT_COUNT;
}

fn a_host_build_is_refused_with_the_unsupported_format_error() {
    let mut s = Session::new().unwrap();
    let e = s.load_program(fixture("hal", "simple_abs.host").bytes()).err().expect("host build must not load");
    let m = e.to_string();
    assert!(matches!(e.kind(), ErrorKind::Unsupported(_)), "{m}");
    assert_contains(&m, &["executable format 'embedded-elf-x86_64' is not supported", "this runtime loads: vmvx-bytecode-fb"]);
    // The session is still usable for a program it can run.
    s.load_program(fixture("hal", "simple_abs.vmvx").bytes()).unwrap();
    let (function, inputs, stdout) = recorded("hal", "simple_abs", 0);
    let results = s.call_text(&function, &[&inputs[0]]).unwrap();
    assert_eq!(format_results(&function, &results).unwrap(), stdout);
}

fn the_memory_limit_fails_an_allocation_naming_its_size() {
    let (function, inputs, stdout) = recorded("hal", "matmul_static", 0);
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let options = SessionOptions { memory_limit: Some(700), ..SessionOptions::default() };
    let mut s = Session::with_options(options).unwrap();
    s.load_program(fixture("hal", "matmul_static.vmvx").bytes()).unwrap();
    let e = s.call_text(&function, &args).err().expect("8x16 + 16x4 f32 inputs exceed 700 bytes");
    assert!(matches!(e.kind(), ErrorKind::OutOfMemory(_)) || e.to_string().contains("out of memory"), "{e}");
    assert_contains(&e.to_string(), &["bytes", "limit is 700 bytes"]);
    assert_eq!(s.device().allocator().bytes_in_use(), 0, "a failed call must release what it allocated");
    // Enough memory: the same call works and everything is released afterwards.
    let options = SessionOptions { memory_limit: Some(4096), ..SessionOptions::default() };
    let mut s = Session::with_options(options).unwrap();
    s.load_program(fixture("hal", "matmul_static.vmvx").bytes()).unwrap();
    let results = s.call_text(&function, &args).unwrap();
    assert_eq!(format_results(&function, &results).unwrap(), stdout);
    assert!(s.device().allocator().bytes_in_use() > 0);
    drop(results);
    assert_eq!(s.device().allocator().bytes_in_use(), 0);
}

/// Many calls, good and failing, leave the heap as the program's initializer left it: every
/// buffer a call allocates is released when its results are dropped.
fn repeated_calls_leave_bytes_in_use_flat() {
    for (program, run) in [("fully_connected", 0), ("matmul_dynamic", 1), ("counter", 1), ("constants", 0)] {
        let (function, inputs, stdout) = recorded("hal", program, run);
        let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let mut s = session_with(&format!("{program}.vmvx"));
        let baseline = s.device().allocator().bytes_in_use();
        for i in 0..300 {
            if i % 3 == 2 {
                assert!(s.call_text(&function, &args[..args.len().saturating_sub(1)]).is_err() || args.is_empty());
            } else {
                let results = s.call_text(&function, &args).unwrap();
                if program != "counter" {
                    assert_eq!(format_results(&function, &results).unwrap(), stdout);
                }
            }
            assert_eq!(s.device().allocator().bytes_in_use(), baseline, "{program} call {i}");
        }
    }
}

/// An embedder's own loader (the browser glue adds the wasm one) takes the formats VMVX does
/// not: the smoke program's wasm32 build creates its executable through it, looks its export
/// up by name and dispatches with the HAL buffers' bytes. The stand-in kernel computes `abs`
/// in Rust; the printed result must be what the reference printed for the same call.
fn embedder_loaders_receive_other_formats() {
    use rt_core::hal::executable::{Dispatch, Executable, ExecutableLoader};
    struct AbsKernel(Vec<String>);
    impl Executable for AbsKernel {
        fn format(&self) -> &str {
            "system-wasm-wasm_32"
        }
        fn export_names(&self) -> &[String] {
            &self.0
        }
        fn dispatch(&self, export: usize, d: &Dispatch<'_>) -> rt_core::Result<()> {
            assert_eq!((export, d.workgroup_count, d.bindings.len()), (0, [1, 1, 1], 2));
            let (i, o) = (&d.bindings[0], &d.bindings[1]);
            let input: Vec<u8> = i.block.borrow()[i.offset..i.offset + i.length].to_vec();
            let mut out = o.block.borrow_mut();
            for (k, w) in input.chunks_exact(4).enumerate() {
                let v = f32::from_le_bytes(w.try_into().unwrap()).abs();
                out[o.offset + 4 * k..o.offset + 4 * k + 4].copy_from_slice(&v.to_le_bytes());
            }
            Ok(())
        }
    }
    struct Loader;
    impl ExecutableLoader for Loader {
        fn formats(&self) -> &[&str] {
            &["system-wasm-wasm_32"]
        }
        fn load(&self, _: &str, data: &[u8], _: &[u32]) -> rt_core::Result<Rc<dyn Executable>> {
            assert!(data.starts_with(b"\0asm"), "a wasm side module");
            Ok(Rc::new(AbsKernel(vec!["abs_dispatch_0_elementwise_4_f32".into()])))
        }
    }
    let (function, inputs, stdout) = recorded("hal", "simple_abs", 0);
    let mut s = Session::with_loaders(SessionOptions::default(), vec![Box::new(Loader)]).unwrap();
    s.load_program(fixture("smoke", "tensor_abs.wasm32").bytes()).unwrap();
    let results = s.call_text(&function, &[&inputs[0]]).unwrap();
    assert_eq!(format_results(&function, &results).unwrap(), stdout);
    // Without it, the same build names the format it lacks.
    let e = Session::new().unwrap().load_program(fixture("smoke", "tensor_abs.wasm32").bytes()).err().unwrap();
    assert_contains(&e.to_string(), &["'system-wasm-wasm_32' is not supported"]);
}

fn a_prepared_call_runs_again_and_again_on_inputs_parsed_once() {
    let (function, inputs, stdout) = recorded("hal", "simple_abs", 0);
    let mut s = Session::new().unwrap();
    let module = s.load_program(fixture("hal", "simple_abs.vmvx").bytes()).unwrap();
    let call = s.prepare(&function, inputs.iter().map(|t| Input::Text(t.clone())).collect()).unwrap();
    for _ in 0..3 {
        assert_eq!(format_results(&function, &s.invoke(&call).unwrap()).unwrap(), stdout);
    }
    // Bad inputs fail when the call is prepared, as `call` fails.
    assert_contains(&error_of(s.prepare(&function, vec![]).map(|_| Vec::new())), &["takes 1 argument(s) but 0 were given"]);
    s.unload_program(&module.name).unwrap();
    assert_contains(&error_of(s.invoke(&call)), &["no program is registered"]);
}

fn unloading_frees_the_program_and_the_session_loads_the_next() {
    let (function, inputs, stdout) = recorded("hal", "constants", 0);
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let mut s = Session::new().unwrap();
    let bytes: Rc<[u8]> = fixture("hal", "constants.vmvx").bytes().into();
    let empty = s.device().allocator().bytes_in_use();
    let module = s.load_program(bytes.clone()).unwrap();
    assert!(s.device().allocator().bytes_in_use() > empty, "the program's constants live in HAL buffers");
    // The same module name cannot be loaded twice; unloading makes room for it.
    let twice = s.load_program(bytes.clone()).err().expect("a second program called 'module'").to_string();
    assert_contains(&twice, &["a module named 'module' is already registered"]);
    s.unload_program(&module.name).unwrap();
    assert_eq!(s.device().allocator().bytes_in_use(), empty, "unloading frees the program's buffers");
    assert_contains(&error_of(s.call_text(&function, &args)), &["no program is registered"]);
    assert_contains(&s.unload_program("module").unwrap_err().to_string(), &["no program named 'module' is loaded"]);
    assert_contains(&s.unload_program("hal").unwrap_err().to_string(), &["'hal' is a host module"]);
    s.load_program(bytes).unwrap();
    let results = s.call_text(&function, &args).unwrap();
    assert_eq!(format_results(&function, &results).unwrap(), stdout);
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("argument_errors_name_the_argument_and_leave_the_session_usable", argument_errors_name_the_argument_and_leave_the_session_usable),
    ("scalar_argument_errors", scalar_argument_errors),
    ("typed_data_inputs_and_results", typed_data_inputs_and_results),
    ("a_host_build_is_refused_with_the_unsupported_format_error", a_host_build_is_refused_with_the_unsupported_format_error),
    ("the_memory_limit_fails_an_allocation_naming_its_size", the_memory_limit_fails_an_allocation_naming_its_size),
    ("repeated_calls_leave_bytes_in_use_flat", repeated_calls_leave_bytes_in_use_flat),
    ("embedder_loaders_receive_other_formats", embedder_loaders_receive_other_formats),
    ("a_prepared_call_runs_again_and_again_on_inputs_parsed_once", a_prepared_call_runs_again_and_again_on_inputs_parsed_once),
    ("unloading_frees_the_program_and_the_session_loads_the_next", unloading_frees_the_program_and_the_session_loads_the_next),
];
