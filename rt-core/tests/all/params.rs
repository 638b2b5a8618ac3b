//! External parameters (`io_parameters`): the programs of `tests/programs/params` read their
//! globals from `.irpa`, safetensors and GGUF files made at fixture time by IREE's own tools,
//! numpy and the `gguf` package, and give the reference runtime's results (`iree-run-module
//! --parameters=scope=file` on the same files); the files the reference refuses are refused
//! with messages naming the scope, key and file, and the session stays usable; a parameter
//! written with `io_parameters.scatter` lands in the file as the reference runtime writes it.

use crate::common::programs::{self, all_calls_match};
use crate::common::replay;
use crate::Test;
use libtest_mimic::Trial;
use rt_core::params::FileSource;
use rt_core::session::{format_results, Session};
use rt_core::ErrorKind;
use serde_json::Value;
use std::process::Command;
use weft_test_support::oracle::{self, Fields};
use weft_test_support::{self as support, repo_root};

fn oracle_of(program: &str) -> Value {
    oracle::programs("params").into_iter().find(|p| p.name == program).unwrap_or_else(|| panic!("no params/{program}")).oracle
}

fn module(program: &str) -> Vec<u8> {
    support::fixture("params", &format!("{program}.vmvx")).bytes()
}

/// One trial per parameter program: its calls, with the parameter files the oracle recorded,
/// give the reference runtime's results.
pub fn trials() -> Vec<Trial> {
    let list = || oracle::programs("params").into_iter().map(|p| (format!("params/{}.vmvx", p.name), p)).collect();
    programs::trials("params", "params", 8, list, |p| all_calls_match(replay::run(&p)))
}

/// Every run of `errors.mlir`: the reference refuses the files, Weft too, with these messages
/// (the status code, where Weft has one, is the reference's); then the same session loads and
/// runs the MLP with its archive added to scope `model`.
fn refused_files_name_scope_key_and_file_and_leave_the_session_usable() {
    let dir = "tests/build/params";
    let expected = [
        format!(
            "parameter file '{dir}/errors.vector.truncated.irpa': the storage segment (bytes 192..208) runs past the end of \
             the file (204 bytes): the file is truncated or corrupt"
        ),
        format!(
            "parameter file '{dir}/errors.vector.truncated.safetensors': tensor `v`: its data (bytes 0..16 after the header) \
             lies outside the file's 12 bytes of data: the file is truncated or corrupt"
        ),
        format!(
            "parameter file '{dir}/errors.vector.truncated.gguf': tensor `v`: its data (16 bytes at offset 0 of the tensor \
             data) lies outside the file's 12 bytes of tensor data: the file is truncated or corrupt"
        ),
        format!(
            "parameter file '{dir}/errors.vector.bad-magic.irpa': not an IREE parameter archive: the magic at offset 0 is \
             58585858, expected 41505249 (\"IRPA\")"
        ),
        format!(
            "parameter file '{dir}/errors.vector.short-header.irpa': not an IREE parameter archive: 16 bytes at offset 0 are \
             too few for an IRPA header (at least 32); the file may be empty or truncated"
        ),
        format!(
            "parameter file '{dir}/errors.vector.short-header.safetensors': the safetensors header (bytes 8..72) runs past \
             the end of the file (16 bytes): the file is truncated or corrupt"
        ),
        format!(
            "parameter file '{dir}/errors.vector.short-header.gguf': the metadata count (bytes 16..24) runs past the end of \
             the file (16 bytes): the file is truncated or corrupt"
        ),
        format!(
            "OUT_OF_RANGE; io_parameters.load: parameter `v` of '{dir}/errors.short_vector.safetensors' holds 8 bytes, but \
             the program reads 16 bytes at offset 0"
        ),
        format!("NOT_FOUND; io_parameters.load: no parameter `v` in scope 'model' (files: {dir}/errors.layer.irpa)"),
        String::from(
            "NOT_FOUND; io_parameters.load: the program reads `v` from scope 'model', but no parameter file is registered \
             for it (registered scopes: 'other')",
        ),
        format!("parameter file '{dir}/errors.counts.gguf': tensor `steps`: ggml type 26 is not supported"),
    ];
    let oracle = oracle_of("errors");
    let runs = oracle.arr("runs");
    assert_eq!(runs.len(), expected.len());
    let mlp = oracle_of("mlp");
    let mlp_call = &mlp.arr("runs")[0].arr("calls")[0];
    let mlp_inputs: Vec<&str> = mlp_call.strs("inputs");
    let mlp_stdout = mlp_call.get("iree_run_module").unwrap().str("stdout").unwrap();
    for (run, want) in runs.iter().zip(&expected) {
        let reference = run.arr("calls")[0].str("error").unwrap();
        // Indexing errors surface when the file is added, the others when the program loads.
        let mut session = Session::new().unwrap();
        let mut error = None;
        for p in run.arr("parameters") {
            let (scope, file) = (p.str("scope").unwrap(), p.str("file").unwrap());
            let source = FileSource::open(repo_root().join(file)).unwrap();
            if let Err(e) = session.add_parameters(scope, file, Box::new(source)) {
                error = Some(e);
            }
        }
        let error = error.unwrap_or_else(|| {
            session.load_program(module("errors")).err().unwrap_or_else(|| panic!("Weft loaded errors.mlir with {run:?}"))
        });
        let message = error.to_string();
        assert!(message.starts_with(want.as_str()), "reference: {reference}\nWeft:      {message}\nwanted:    {want}");
        match error.kind() {
            ErrorKind::Trap { message, .. } => {
                let code = message.split_once("; ").unwrap().0;
                assert!(reference.starts_with(code), "Weft says {code}, the reference {reference}");
            }
            ErrorKind::ParameterFile { .. } => {}
            other => panic!("unexpected error kind {other:?}"),
        }
        let mlp_file = repo_root().join("tests/build/params/mlp.mlp.irpa");
        session.add_parameters("model", "mlp.mlp.irpa", Box::new(FileSource::open(mlp_file).unwrap())).unwrap();
        session.load_program(module("mlp")).unwrap();
        let results = session.call_text("mlp", &mlp_inputs).unwrap();
        assert_eq!(format_results("mlp", &results).unwrap(), mlp_stdout);
    }
}

/// `scatter.mlir` writes its input into parameter `v` at byte offset 4. Into a writable copy of
/// its archive, Weft writes the same bytes as the reference runtime does into another copy
/// (through a writable memory file handle: iree-run-module opens parameter files read-only).
fn scatter_writes_into_a_writable_file_as_the_reference_does() {
    let root = repo_root();
    let archive = root.join("tests/build/params/scatter.vector.irpa");
    let original = std::fs::read(&archive).unwrap();
    let dir = std::env::temp_dir().join(format!("weft-params-scatter-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (reference, ours) = (dir.join("reference.irpa"), dir.join("weft.irpa"));
    std::fs::write(&ours, &original).unwrap();
    let script = format!(
        r#"
import numpy as np, iree.runtime as rt
data = bytearray(open({archive:?}, "rb").read())
index = rt.ParameterIndex()
index.load_from_file_handle(rt.FileHandle.wrap_memory(data, readable=True, writable=True), "irpa")
instance, device = rt.VmInstance(), rt.get_device("local-sync")
module = rt.VmModule.mmap(instance, {module:?})
io = rt.create_io_parameters_module(instance, index.create_provider(scope="model"))
context = rt.VmContext(instance, [rt.create_hal_module(instance, device), io, module])
args = rt.VmVariantList(1)
args.push_ref(rt.asdevicearray(device, np.array([7, 8, 9], dtype=np.float32))._buffer_view)
context.invoke(module.lookup_function("write"), args, rt.VmVariantList(1))
open({reference:?}, "wb").write(data)
"#,
        module = support::fixture("params", "scatter.vmvx").path,
    );
    let status = Command::new(root.join(".venv/bin/python")).args(["-c", &script]).status().unwrap();
    assert!(status.success(), "the reference runtime failed to run scatter.mlir");

    let mut session = Session::new().unwrap();
    session.add_parameters("model", "weft.irpa", Box::new(FileSource::open_writable(&ours).unwrap())).unwrap();
    session.load_program(module("scatter")).unwrap();
    let results = session.call_text("write", &["3xf32=7 8 9"]).unwrap();
    assert_eq!(results[0].format(16).unwrap(), "3xf32=7 8 9");
    drop(session);

    let (want, got) = (std::fs::read(&reference).unwrap(), std::fs::read(&ours).unwrap());
    assert_ne!(want, original, "the reference wrote nothing");
    let changed: Vec<usize> = (0..original.len()).filter(|&i| got[i] != original[i]).collect();
    println!("Weft changed {} bytes of the archive (offsets {:?}..)", changed.len(), changed.first());
    assert_eq!(got, want, "Weft's written archive differs from the reference runtime's");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The first run of some programs with their parameter files in memory (`Vec<u8>` sources)
/// instead of read in place: the same results.
fn parameters_from_memory_give_the_same_results() {
    for program in ["mlp", "scopes", "shared", "splat"] {
        let oracle = oracle_of(program);
        let run = &oracle.arr("runs")[0];
        let call = &run.arr("calls")[0];
        let mut session = Session::new().unwrap();
        for p in run.arr("parameters") {
            let file = p.str("file").unwrap();
            let bytes = std::fs::read(repo_root().join(file)).unwrap();
            session.add_parameters(p.str("scope").unwrap(), file, Box::new(bytes)).unwrap();
        }
        session.load_program(module(program)).unwrap();
        let inputs: Vec<&str> = call.strs("inputs");
        let function = call.str("function").unwrap();
        let results = session.call_text(function, &inputs).unwrap();
        assert_eq!(format_results(function, &results).unwrap(), call.get("iree_run_module").unwrap().str("stdout").unwrap(), "{program}");
    }
}

/// Every build of the suite, the web (wasm32) builds included, imports `io_parameters`
/// functions this module exports with the same calling conventions, at a version it has.
fn every_build_links_against_the_module() {
    use rt_core::modules::io_parameters::{IoParametersModule, NAME, VERSION};
    use rt_core::vm::{BytecodeModule, NativeModule};
    let module = IoParametersModule::new(Default::default());
    let mut imports = std::collections::BTreeSet::new();
    let fixtures = support::fixtures("params");
    for fixture in &fixtures {
        let program = BytecodeModule::load(fixture.bytes()).unwrap();
        let dependency = program.dependencies.iter().find(|d| d.name == NAME).unwrap_or_else(|| panic!("{} does not import {NAME}", fixture.stem));
        // Version 0 is the only one there is (upstream's latest too): programs must ask for it.
        assert_eq!(dependency.minimum_version, VERSION, "{} wants {NAME} version {}", fixture.stem, dependency.minimum_version);
        for import in program.imports.iter().filter(|i| i.full_name.starts_with("io_parameters.")) {
            let name = &import.full_name["io_parameters.".len()..];
            let export = module.functions().iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{}: no export {name}", fixture.stem));
            assert_eq!(export.cconv, import.cconv_text, "{}: {name}", fixture.stem);
            imports.insert(format!("{name} ({})", fixture.target));
        }
    }
    println!("{} builds; imports seen: {}", fixtures.len(), imports.into_iter().collect::<Vec<_>>().join(", "));
}

/// Files indexed before the session exists (`ParameterScopes`, as the glue does while a
/// program's executables are prepared) and handed over with `Session::set_parameters`: the
/// same results as files added to the session.
fn parameters_indexed_before_the_session_give_the_same_results() {
    use rt_core::params::ParameterScopes;
    let oracle = oracle_of("scopes");
    let run = &oracle.arr("runs")[0];
    let call = &run.arr("calls")[0];
    let mut scopes = ParameterScopes::default();
    for p in run.arr("parameters") {
        let file = p.str("file").unwrap();
        scopes.add_file(p.str("scope").unwrap(), file, Box::new(FileSource::open(repo_root().join(file)).unwrap())).unwrap();
    }
    let mut session = Session::new().unwrap();
    session.set_parameters(scopes);
    session.load_program(module("scopes")).unwrap();
    let inputs: Vec<&str> = call.strs("inputs");
    let results = session.call_text("f", &inputs).unwrap();
    assert_eq!(format_results("f", &results).unwrap(), call.get("iree_run_module").unwrap().str("stdout").unwrap());
}

/// The parameter globals of a program's MLIR source, as the reads their initializer makes:
/// (scope, key, offset, bytes), each once.
fn declared_parameters(source: &str) -> std::collections::BTreeSet<(String, String, u64, u64)> {
    let mut out = std::collections::BTreeSet::new();
    for line in source.lines().filter(|l| l.contains("#flow.parameter.named<")) {
        let named = &line[line.find("#flow.parameter.named<").unwrap() + "#flow.parameter.named<".len()..];
        let quoted: Vec<&str> = named.split('"').collect();
        let (scope, key) = if named.starts_with("\"") && quoted[2].starts_with("::") { (quoted[1], quoted[3]) } else { ("", quoted[1]) };
        let offset = named.split("offset = ").nth(1).map_or(0, |o| o.split(' ').next().unwrap().parse().unwrap());
        let tensor = line.rsplit("tensor<").next().unwrap().trim_end_matches('>');
        let mut dims: Vec<&str> = tensor.split('x').collect();
        let element: u64 = match dims.pop().unwrap() {
            "f32" | "i32" => 4,
            "f16" | "i16" => 2,
            "i8" => 1,
            "f64" | "i64" => 8,
            other => panic!("element type {other}"),
        };
        let bytes = dims.iter().map(|d| d.parse::<u64>().unwrap()).product::<u64>() * element;
        out.insert((scope.to_string(), key.to_string(), offset, bytes));
    }
    out
}

/// What `parameters_read` finds in every build of the suite, without running it, is what the
/// program's source declares: each parameter global's scope, key, offset and size.
fn the_parameters_a_program_reads_are_found_in_its_bytecode() {
    use rt_core::params::{parameters_read, ParameterCall};
    use rt_core::vm::BytecodeModule;
    let fixtures = support::fixtures("params");
    for fixture in &fixtures {
        let name = fixture.stem.split('.').next().unwrap();
        let source = std::fs::read_to_string(repo_root().join(format!("tests/programs/params/{name}.mlir"))).unwrap();
        let want = declared_parameters(&source);
        let program = BytecodeModule::load(fixture.bytes()).unwrap();
        let mut got = std::collections::BTreeSet::new();
        for found in parameters_read(&program) {
            match found {
                ParameterCall::Reads(reads) => got.extend(reads.into_iter().map(|r| (r.scope, r.key, r.offset, r.length))),
                ParameterCall::Unresolved { function, export } => panic!("{}: a call of io_parameters.{export} in {function} was not resolved", fixture.stem),
            }
        }
        assert_eq!(got, want, "{}", fixture.stem);
    }
    println!("{} builds: every parameter global found", fixtures.len());
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("refused_files_name_scope_key_and_file_and_leave_the_session_usable", refused_files_name_scope_key_and_file_and_leave_the_session_usable),
    ("scatter_writes_into_a_writable_file_as_the_reference_does", scatter_writes_into_a_writable_file_as_the_reference_does),
    ("parameters_from_memory_give_the_same_results", parameters_from_memory_give_the_same_results),
    ("every_build_links_against_the_module", every_build_links_against_the_module),
    ("parameters_indexed_before_the_session_give_the_same_results", parameters_indexed_before_the_session_give_the_same_results),
    ("the_parameters_a_program_reads_are_found_in_its_bytecode", the_parameters_a_program_reads_are_found_in_its_bytecode),
];
