use clap::Parser;
use glossator::cli::Cli;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => glossator::cli::run(command),
        None => glossator::ui::run(cli.project),
    };
    // For the benchmarks (benches/perf.rs): the process's peak memory.
    if std::env::var_os("GLOSSATOR_REPORT_PEAK_RSS").is_some() {
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
                eprintln!("peak-rss {}", line.trim_start_matches("VmHWM:").trim());
            }
        }
    }
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("glossator: {}", one_line(&err));
            std::process::ExitCode::FAILURE
        }
    }
}

/// `glossator export p | head` closes our stdout early; that is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line, each cause once: our messages often
/// already quote their cause (an io::Error's text), which `{:#}` would repeat.
fn one_line(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message += ": ";
        }
        message += &text;
    }
    message.replace('\n', " ")
}
