//! Runs of a benchmark, each in a fresh process: the bench runs itself with
//! `--run PATH`, reads back the `name<TAB>value` lines the run prints, and
//! tabulates the median and worst of each (shared by agreement_report and
//! curate).

use std::path::Path;
use std::process::Command;

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
