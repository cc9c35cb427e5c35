//! Opening a server project from what the user typed: every command takes a
//! `postgres://` URL where it takes a project file, the password never shows,
//! TLS is what `sslmode` asks, and a database that is not a project (or a
//! server that cannot be reached) says so.

mod common;

use common::engines::{fresh_server_project, install_project};
use common::pg_server::{server, SUPERUSER_PASSWORD};
use common::{fails_with, glossator, gold_jsonl_line, ok, write};
use glossator::store::{Store, StoreError};

#[test]
fn import_export_and_stats_take_a_server_url_and_never_show_its_password() {
    let project = fresh_server_project("cli_url");
    let url = &project.location;
    assert!(url.contains(SUPERUSER_PASSWORD));
    let folder = tempfile::tempdir().unwrap();
    let gold = write(folder.path(), "gold.jsonl", gold_jsonl_line() + "\n");
    let imported = ok(glossator(&[&"import", url, &gold]));
    let exported = ok(glossator(&[&"export", url, &"--format", &"jsonl"]));
    assert!(exported.contains("ceasefire"), "{exported}");
    let stats = ok(glossator(&[&"stats", url]));
    assert!(stats.contains("Documents"), "{stats}");
    for output in [&imported, &exported, &stats] {
        assert!(
            !output.contains(SUPERUSER_PASSWORD),
            "password shown: {output}"
        );
    }
    assert!(stats.contains("postgres://postgres@127.0.0.1"), "{stats}");
    // The same export as from a file holding the same import.
    let file = folder.path().join("p.sqlite");
    ok(glossator(&[&"import", &file, &gold]));
    let from_file = ok(glossator(&[&"export", &file, &"--format", &"jsonl"]));
    assert_eq!(exported, from_file);
}

#[test]
fn a_database_without_a_project_is_refused_with_the_way_to_make_one() {
    let server = server();
    let database = server.create_database("empty");
    let url = format!("{}?sslmode=disable", server.superuser_url(&database));
    let message = fails_with(glossator(&[&"stats", &url]), "holds no Glossator project");
    assert!(message.contains("init-server"), "{message}");
    assert!(!message.contains(SUPERUSER_PASSWORD), "{message}");
}

#[test]
fn a_wrong_password_and_an_unreachable_server_say_so() {
    let server = server();
    let database = server.create_database("password");
    install_project(&server.superuser_url(&database));
    let url = server.url("postgres", "not-the-password", &database) + "?sslmode=disable";
    let Err(err) = Store::open_server(&url) else {
        panic!("a wrong password opened the project");
    };
    assert!(matches!(err, StoreError::CannotConnect { .. }), "{err:?}");
    assert!(
        err.to_string().contains("password authentication failed"),
        "{err}"
    );
    assert!(!err.to_string().contains("not-the-password"), "{err}");
    // Nothing listens on port 1.
    let message = fails_with(
        glossator(&[&"stats", &"postgres://ana@127.0.0.1:1/news?sslmode=disable"]),
        "cannot connect to postgres://ana@127.0.0.1:1/news",
    );
    assert!(!message.contains("panicked"), "{message}");
}

/// The test server speaks no TLS: `sslmode=disable` connects, `require`
/// fails with a message naming TLS, and `prefer` falls back to plain.
#[test]
fn tls_is_what_sslmode_asks_for() {
    let server = server();
    let database = server.create_database("tls");
    install_project(&server.superuser_url(&database));
    let base = server.superuser_url(&database);
    Store::open_server(&format!("{base}?sslmode=disable")).unwrap();
    Store::open_server(&format!("{base}?sslmode=prefer")).unwrap();
    let Err(err) = Store::open_server(&format!("{base}?sslmode=require")) else {
        panic!("sslmode=require connected to a server without TLS");
    };
    let message = err.to_string();
    assert!(matches!(err, StoreError::CannotConnect { .. }), "{err:?}");
    assert!(
        message.contains("TLS") || message.contains("SSL"),
        "the message should say TLS is the problem: {message}"
    );
    let bad = Store::open_server(&format!("{base}?sslmode=always"))
        .err()
        .unwrap();
    assert!(bad.to_string().contains("sslmode=always"), "{bad}");
}

/// The password from `PGPASSWORD` and from the password file, as libpq
/// reads them (the postgres crate reads neither).
#[test]
fn the_password_comes_from_pgpassword_or_the_password_file() {
    let server = server();
    let database = server.create_database("pgpass");
    install_project(&server.superuser_url(&database));
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/{database}?sslmode=disable",
        server.port
    );
    let folder = tempfile::tempdir().unwrap();
    let pgpass = folder.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!(
            "127.0.0.1:{}:*:postgres:{SUPERUSER_PASSWORD}\n",
            server.port
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = |env: &[(&str, &std::ffi::OsStr)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_glossator"));
        command
            .args(["stats", &url])
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE");
        command.env("HOME", folder.path());
        for (key, value) in env {
            command.env(key, value);
        }
        command.output().unwrap()
    };
    assert!(!run(&[]).status.success(), "connected without a password");
    ok(run(&[("PGPASSWORD", SUPERUSER_PASSWORD.as_ref())]));
    ok(run(&[("PGPASSFILE", pgpass.as_os_str())]));
}
