//! `weft-run` (native, std): runs one function of a `.vmfb` through Weft and prints what `iree-run-module`
//! prints for the same flags.
//!
//! Usage: weft-run --module=prog.vmfb --function=name [--input=4xf32=1 2 3 4 | --input=@x.npy]...
//! Exit status 0 on success; otherwise 1 with the error on stderr.

use std::io::Write as _;
use std::rc::Rc;
use std::process::ExitCode;

use rt_core::hal::buffer_view::{format_trace, BufferView};
use rt_core::hal::npy;
use rt_core::session::{format_results, Input, Session, SessionOptions};

struct Flags {
    module: String,
    function: String,
    inputs: Vec<String>,
}

fn parse_flags(args: impl Iterator<Item = String>) -> Result<Flags, String> {
    let (mut module, mut function, mut inputs) = (None, None, Vec::new());
    for arg in args {
        if let Some(v) = arg.strip_prefix("--module=") {
            module = Some(v.to_string());
        } else if let Some(v) = arg.strip_prefix("--function=") {
            function = Some(v.to_string());
        } else if let Some(v) = arg.strip_prefix("--input=") {
            inputs.push(v.to_string());
        } else if arg == "--device=local-sync" || arg == "--device=local-task" {
            // The only device Weft has; accepted so iree-run-module command lines work as is.
        } else {
            return Err(format!(
                "unknown argument '{arg}'; weft-run takes --module=FILE --function=NAME and any number of --input=VALUE"
            ));
        }
    }
    Ok(Flags {
        module: module.ok_or("missing --module=FILE (the .vmfb to run)")?,
        function: function.ok_or("missing --function=NAME (the exported function to call)")?,
        inputs,
    })
}

fn input(text: &str) -> Result<Input, String> {
    let Some(path) = text.strip_prefix('@') else {
        return Ok(Input::Text(text.to_string()));
    };
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read input file '{path}': {e}"))?;
    let (shape, element_type, data) =
        npy::read_npy(&mut bytes.as_slice()).map_err(|e| format!("input file '{path}': {e}"))?;
    Ok(Input::Tensor { shape, element_type, data })
}

/// Prints `hal.buffer_view.trace` output on stdout, as iree-run-module's sink does.
fn trace_to_stdout(key: &str, views: &[Rc<BufferView>]) {
    let text = format_trace(key, views).unwrap_or_else(|e| format!("=== {key} ===\n(cannot format: {e})\n\n"));
    let _ = std::io::stdout().write_all(text.as_bytes());
}

fn run() -> Result<(), String> {
    let flags = parse_flags(std::env::args().skip(1))?;
    let bytes = std::fs::read(&flags.module).map_err(|e| format!("cannot read module '{}': {e}", flags.module))?;
    let options = SessionOptions { trace: Some(Rc::new(trace_to_stdout)), ..SessionOptions::default() };
    let mut session = Session::with_options(options).map_err(|e| e.to_string())?;
    session.load_program(bytes).map_err(|e| format!("loading '{}': {e}", flags.module))?;
    let inputs = flags.inputs.iter().map(|t| input(t)).collect::<Result<Vec<_>, _>>()?;
    let mut stdout = std::io::stdout();
    // Like iree-run-module: EXEC is printed before the call, results after it.
    let _ = writeln!(stdout, "EXEC @{}", flags.function);
    let results = session.call(&flags.function, inputs).map_err(|e| e.to_string())?;
    let printed = format_results(&flags.function, &results).map_err(|e| e.to_string())?;
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
