//! Runs of a benchmark, each in a fresh process: the bench runs itself with
//! `--run PATH`, reads back the `name<TAB>value` lines the run prints, and
//! tabulates the median and worst of each (shared by agreement_report and
//! curate).

use std::path::Path;
use std::process::Command;

/// What the command line asks for: with `--run PATH`, that one run is done
/// here (the child process) and None returned; otherwise the documents and
/// the number of runs (`--small`: 1,000 documents, one run; else 100,000,
/// three runs).
pub fn size_or_run(run: impl FnOnce(&Path)) -> Option<(u32, usize)> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--run") {
        run(Path::new(&args[at + 1]));
        return None;
    }
    let small = args.iter().any(|a| a == "--small");
    Some(if small { (1_000, 1) } else { (100_000, 3) })
}

/// One run of this benchmark's own executable on `project`: its
/// `name<TAB>value` lines, in order. Its stderr is passed on.
pub fn run_self(project: &Path) -> Vec<(String, f64)> {
    let output = Command::new(std::env::current_exe().expect("own path"))
        .arg("--run")
        .arg(project)
        .output()
        .expect("the bench runs itself");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once('\t')?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}

/// The median and worst of each line over the runs (MB lines without a unit,
/// the others in seconds).
pub fn print_table(results: &[Vec<(String, f64)>]) {
    println!("{:<30} {:>10} {:>10}", "step", "median", "worst");
    let Some(first) = results.first() else {
        return;
    };
    for (row, (name, _)) in first.iter().enumerate() {
        let mut values: Vec<f64> = results.iter().map(|run| run[row].1).collect();
        values.sort_by(f64::total_cmp);
        let unit = if name.ends_with("MB") { "" } else { " s" };
        println!(
            "{name:<30} {:>8.3}{unit} {:>8.3}{unit}",
            values[values.len() / 2],
            values[values.len() - 1]
        );
    }
}
