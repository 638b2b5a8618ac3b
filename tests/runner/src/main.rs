//! `weft-run` (native, std): runs one function of a `.vmfb` through Weft and prints what `iree-run-module`
//! prints for the same flags.
//!
//! Usage: weft-run --module=prog.vmfb --function=name [--input=4xf32=1 2 3 4 | --input=@x.npy]...
//!                 [--parameters=[scope=]FILE]...
//! Exit status 0 on success; otherwise 1 with the error on stderr.
//!
//! `--parameters` makes a parameter file (`.irpa`, `.safetensors`, `.gguf`) available to the
//! program's `#flow.parameter.named` globals as `scope` (without `scope=`: the unnamed scope),
//! as iree-run-module does; repeat it for several files or scopes.
//!
//!        weft-run --test --module=prog.vmfb [--function=name]
//! Self-checking programs (IREE's `iree-check-module` style): runs every exported function that
//! takes and returns nothing (or only `name`), each in a fresh session with the `check` module
//! registered, printing `PASS name` or `FAIL name: why` per function and a summary line. Exit
//! status 1 if any function failed (or none was found).

use std::io::Write as _;
use std::rc::Rc;
use std::process::ExitCode;

use rt_core::{format_results, format_trace, read_npy, BufferView, BytecodeModule, CheckModule, FileSource, Input, Session, SessionOptions};

struct Flags {
    module: String,
    function: Option<String>,
    inputs: Vec<String>,
    /// `(scope, path)` per `--parameters`, in order.
    parameters: Vec<(String, String)>,
    test: bool,
}

fn parse_flags(args: impl Iterator<Item = String>) -> Result<Flags, String> {
    let (mut module, mut function, mut inputs, mut parameters, mut test) = (None, None, Vec::new(), Vec::new(), false);
    for arg in args {
        if arg == "--test" {
            test = true;
        } else if let Some(v) = arg.strip_prefix("--module=") {
            module = Some(v.to_string());
        } else if let Some(v) = arg.strip_prefix("--function=") {
            function = Some(v.to_string());
        } else if let Some(v) = arg.strip_prefix("--input=") {
            inputs.push(v.to_string());
        } else if let Some(v) = arg.strip_prefix("--parameters=") {
            // iree-run-module splits at the first `=`; without one the scope is empty.
            let (scope, path) = v.split_once('=').unwrap_or(("", v));
            parameters.push((scope.to_string(), path.to_string()));
        } else if arg == "--device=local-sync" || arg == "--device=local-task" {
            // The only device Weft has; accepted so iree-run-module command lines work as is.
        } else {
            return Err(format!(
                "unknown argument '{arg}'; weft-run takes --module=FILE --function=NAME and any number of --input=VALUE \
                 and --parameters=[SCOPE=]FILE, or --test --module=FILE [--function=NAME] [--parameters=[SCOPE=]FILE]..."
            ));
        }
    }
    if test && !inputs.is_empty() {
        return Err("--test runs functions without arguments; it takes no --input".to_string());
    }
    if !test && function.is_none() {
        return Err("missing --function=NAME (the exported function to call)".to_string());
    }
    Ok(Flags { module: module.ok_or("missing --module=FILE (the .vmfb to run)")?, function, inputs, parameters, test })
}

/// A session with the `--parameters` files registered, ready for the program.
fn session(options: SessionOptions, parameters: &[(String, String)]) -> Result<Session, String> {
    let mut session = Session::with_options(options).map_err(|e| e.to_string())?;
    for (scope, path) in parameters {
        let source = FileSource::open(path).map_err(|e| format!("cannot open parameter file '{path}': {e}"))?;
        session.add_parameters(scope, path, Box::new(source)).map_err(|e| e.to_string())?;
    }
    Ok(session)
}

fn input(text: &str) -> Result<Input, String> {
    let Some(path) = text.strip_prefix('@') else {
        return Ok(Input::Text(text.to_string()));
    };
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read input file '{path}': {e}"))?;
    let (shape, element_type, data) =
        read_npy(&mut bytes.as_slice()).map_err(|e| format!("input file '{path}': {e}"))?;
    Ok(Input::Tensor { shape, element_type, data })
}

/// Prints `hal.buffer_view.trace` output on stdout, as iree-run-module's sink does.
fn trace_to_stdout(key: &str, views: &[Rc<BufferView>]) {
    let text = format_trace(key, views).unwrap_or_else(|e| format!("=== {key} ===\n(cannot format: {e})\n\n"));
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// Whether a calling convention takes and returns nothing (`0v_v`, `0v`, `0_v`...).
/// `--test`: runs each self-checking function in its own session with the `check` module.
fn run_tests(flags: &Flags) -> Result<bool, String> {
    let bytes: Rc<[u8]> = std::fs::read(&flags.module).map_err(|e| format!("cannot read module '{}': {e}", flags.module))?.into();
    let module = BytecodeModule::load(bytes.clone()).map_err(|e| format!("loading '{}': {e}", flags.module))?;
    let mut functions: Vec<String> = module
        .exports
        .iter()
        .filter(|(_, ordinal)| module.functions[*ordinal].is_self_test())
        .map(|(name, _)| name.clone())
        .collect();
    if let Some(only) = &flags.function {
        if !functions.contains(only) {
            return Err(format!("'{only}' is not an exported function without arguments and results in '{}'", flags.module));
        }
        functions = vec![only.clone()];
    }
    if functions.is_empty() {
        return Err(format!("'{}' exports no function without arguments and results to test", flags.module));
    }
    let mut stdout = std::io::stdout();
    let mut failed = 0;
    for function in &functions {
        let outcome = (|| {
            let mut session = session(SessionOptions::default(), &flags.parameters)?;
            session.context().register_native(Box::new(CheckModule::new())).map_err(|e| e.to_string())?;
            session.load_program(bytes.clone()).map_err(|e| e.to_string())?;
            session.call(function, Vec::new()).map_err(|e| e.to_string())
        })();
        match outcome {
            Ok(_) => {
                let _ = writeln!(stdout, "PASS {function}");
            }
            Err(e) => {
                failed += 1;
                let _ = writeln!(stdout, "FAIL {function}: {e}");
            }
        }
    }
    let _ = writeln!(stdout, "{} passed, {failed} failed", functions.len() - failed);
    Ok(failed == 0)
}

fn run() -> Result<(), String> {
    let flags = parse_flags(std::env::args().skip(1))?;
    if flags.test {
        return if run_tests(&flags)? { Ok(()) } else { Err("some checks failed".to_string()) };
    }
    let function = flags.function.clone().expect("checked by parse_flags");
    let bytes = std::fs::read(&flags.module).map_err(|e| format!("cannot read module '{}': {e}", flags.module))?;
    let options = SessionOptions { trace: Some(Rc::new(trace_to_stdout)), ..SessionOptions::default() };
    let mut session = session(options, &flags.parameters)?;
    session.load_program(bytes).map_err(|e| format!("loading '{}': {e}", flags.module))?;
    let inputs = flags.inputs.iter().map(|t| input(t)).collect::<Result<Vec<_>, _>>()?;
    let mut stdout = std::io::stdout();
    // Like iree-run-module: EXEC is printed before the call, results after it.
    let _ = writeln!(stdout, "EXEC @{function}");
    let results = session.call(&function, inputs).map_err(|e| e.to_string())?;
    let printed = format_results(&function, &results).map_err(|e| e.to_string())?;
    let _ = stdout.write_all(printed.split_once('\n').map_or("", |(_, rest)| rest).as_bytes());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("weft-run: {e}");
            ExitCode::FAILURE
        }
    }
}
