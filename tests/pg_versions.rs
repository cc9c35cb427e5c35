//! The server tests run on the PostgreSQL that `GLOSSATOR_PG_BIN` names (13
//! and 14 in CI, from relocatable builds) or, unset, on the system's: the
//! server is the one asked for, a folder that cannot serve fails the tests
//! with the reason, and the log says which version ran.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::pg_server::{bin_folder, server, PG_BIN_VARIABLE};

/// The oldest PostgreSQL Glossator supports (issue 22: "13 and later").
const OLDEST_SUPPORTED_MAJOR: u32 = 13;

/// `postgres --version` of a server folder: "13.23" from
/// "postgres (PostgreSQL) 13.23", "15.18 (Debian 15.18-0+deb12u1)" from
/// Debian's (as `SHOW server_version` says them).
fn programs_version(bin: &Path) -> String {
    let output = Command::new(bin.join("postgres"))
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_once("(PostgreSQL) ")
        .map(|(_, version)| version.trim().to_string())
        .unwrap_or_else(|| panic!("no version in {text:?}"))
}

/// Runs one test of this binary in a child process with `GLOSSATOR_PG_BIN`
/// set to `bin` (None: as this process has it).
fn run_alone(test: &str, bin: Option<&Path>) -> Output {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command.args(["--exact", test, "--test-threads", "1"]);
    if let Some(bin) = bin {
        command.env(PG_BIN_VARIABLE, bin);
    }
    command.output().expect("the test binary runs")
}

fn all_output(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_server_runs_the_programs_of_the_chosen_folder() {
    let server = server();
    let expected_bin = match std::env::var_os(PG_BIN_VARIABLE) {
        Some(chosen) => Path::new(&chosen).to_path_buf(),
        None => server.bin().to_path_buf(),
    };
    assert_eq!(server.bin(), expected_bin);
    let version = server.server_version();
    let expected = programs_version(&expected_bin);
    assert_eq!(
        version,
        expected,
        "the server's version, and that of the programs in {}",
        expected_bin.display()
    );
    let major: u32 = server
        .major_version()
        .parse()
        .unwrap_or_else(|_| panic!("no major version in {version:?}"));
    assert!(major >= OLDEST_SUPPORTED_MAJOR, "{version}");
}

#[test]
fn the_first_server_of_a_test_binary_says_its_version_on_stderr() {
    let output = run_alone("the_server_runs_the_programs_of_the_chosen_folder", None);
    assert!(output.status.success(), "{}", all_output(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("test PostgreSQL: server_version "))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
}

#[test]
fn a_folder_without_initdb_fails_the_tests_with_that_reason() {
    let empty = tempfile::tempdir().unwrap();
    let output = run_alone(
        "the_server_runs_the_programs_of_the_chosen_folder",
        Some(empty.path()),
    );
    assert!(!output.status.success(), "{}", all_output(&output));
    let text = all_output(&output);
    assert!(
        text.contains(&format!(
            "{PG_BIN_VARIABLE}={} holds no initdb, no pg_ctl, no postgres",
            empty.path().display()
        )),
        "{text}"
    );
}

#[test]
fn an_empty_variable_is_refused_not_taken_for_unset() {
    let error = bin_folder(Some("".into())).unwrap_err();
    assert!(error.contains("is set but empty"), "{error}");
}

#[test]
fn programs_that_do_not_run_fail_the_tests_with_that_reason() {
    // A package unpacked without its library links: each program exits as
    // the dynamic loader makes it.
    let folder = tempfile::tempdir().unwrap();
    let bin = folder.path();
    for program in ["initdb", "pg_ctl", "postgres"] {
        let path = bin.join(program);
        std::fs::write(
            &path,
            "#!/bin/sh\necho 'error while loading shared libraries: libicuuc.so.60' >&2\nexit 127\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = run_alone(
        "the_server_runs_the_programs_of_the_chosen_folder",
        Some(bin),
    );
    assert!(!output.status.success(), "{}", all_output(&output));
    let text = all_output(&output);
    assert!(
        text.contains(&format!("{} does not run as", bin.join("initdb").display())),
        "{text}"
    );
    assert!(text.contains("libicuuc.so.60"), "{text}");
}
