//! The project-file and output holes of issue 13, each attacked as it was
//! found: links around the project and its lock, outputs aimed at the
//! project or at special files, read-only commands that wrote, a
//! write-protected project with unsaved log pages, odd schema versions,
//! debris of killed runs. Each test failed before its fix.

mod common;

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use glossator::store::{OpenMode, Opening, Store};

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A copy of `project` at `dest` with `-wal` pages the file itself lacks:
/// every span and relation deleted, committed to the log only (as after a
/// writer was killed before its checkpoint).
fn copy_with_pending_log(project: &Path, dest: &Path) {
    let conn = rusqlite::Connection::open(project).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("DELETE FROM relations; DELETE FROM span_attributes; DELETE FROM spans;")
        .unwrap();
    std::fs::copy(project, dest).unwrap();
    let mut wal = dest.as_os_str().to_os_string();
    wal.push("-wal");
    let mut source_wal = project.as_os_str().to_os_string();
    source_wal.push("-wal");
    std::fs::copy(&source_wal, &wal).unwrap();
    drop(conn);
}

fn wal_of(path: &Path) -> PathBuf {
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    PathBuf::from(wal)
}

// 1. The lock file through a symbolic link.

#[test]
fn a_symlinked_or_foreign_lock_file_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let lock = dir.path().join("p.sqlite.lock");
    let input = write(dir.path(), "more.txt", "More text.");
    let victim = write(dir.path(), "victim.txt", "precious");

    std::fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    fails_with(
        glossator(&[&"import", &project, &input]),
        "p.sqlite.lock is not a Glossator lock file (it is a symbolic link)",
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");

    // A dangling link creates nothing at its target.
    let elsewhere = dir.path().join("created-elsewhere");
    std::fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &lock).unwrap();
    fails_with(
        glossator(&[&"import", &project, &input]),
        "is not a Glossator lock file",
    );
    assert!(!elsewhere.exists());

    // A hard link to another file, or a file with other content, is not ours.
    std::fs::remove_file(&lock).unwrap();
    std::fs::hard_link(&victim, &lock).unwrap();
    fails_with(
        glossator(&[&"import", &project, &input]),
        "(it is a hard link to another file)",
    );
    std::fs::remove_file(&lock).unwrap();
    std::fs::write(&lock, "notes").unwrap();
    fails_with(
        glossator(&[&"import", &project, &input]),
        "(it holds something other than a process id)",
    );
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), "notes");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");

    // Our own lock file, left by a finished run, is reused.
    std::fs::write(&lock, "4242").unwrap();
    ok(glossator(&[&"import", &project, &input]));
}

// 2. One writer per file, not per name.

#[test]
fn a_project_with_two_names_is_refused_and_a_symlink_meets_the_same_lock() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let input = write(dir.path(), "more.txt", "More text.");

    let hard = dir.path().join("hard.sqlite");
    std::fs::hard_link(&project, &hard).unwrap();
    for name in [&project, &hard] {
        fails_with(
            glossator(&[&"import", name, &input]),
            "has 2 names (hard links)",
        );
        fails_with(glossator(&[&"stats", name]), "has 2 names (hard links)");
    }
    std::fs::remove_file(&hard).unwrap();

    let link = dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(&project, &link).unwrap();
    let mut writer = busy_writer(&project);
    fails_with(
        glossator(&[&"import", &link, &input]),
        "is open in another Glossator",
    );
    writer.kill().unwrap();
    writer.wait().unwrap();
    ok(glossator(&[&"import", &link, &input]));
    assert!(!dir.path().join("link.sqlite-wal").exists());
    ok(glossator(&[&"check", &project]));
}

// 3 and 19. A project made by an import appears whole, or not at all, and a
// failing import deletes only its own file.

#[test]
fn a_new_project_is_invisible_until_its_import_commits_and_locked_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("new.sqlite");
    let input = write(dir.path(), "more.txt", "More text.");

    let mut opening = Store::open_or_stage(&project).unwrap();
    assert!(matches!(opening, Opening::New(_)));
    assert!(!project.exists(), "nothing at the name before the commit");
    // A second Glossator is refused, not handed a project to be deleted.
    fails_with(
        glossator(&[&"import", &project, &input]),
        "is open in another Glossator",
    );
    opening
        .store_mut()
        .write(|tx| tx.set_project_meta("test", "x"))
        .unwrap();
    drop(opening);
    assert_eq!(names_in(dir.path()), ["more.txt", "new.sqlite.lock"]);

    // A file that appears at the name meanwhile is never replaced or removed.
    let opening = Store::open_or_stage(&project).unwrap();
    std::fs::write(&project, "someone else's").unwrap();
    let err = opening.finish().err().expect("refused");
    assert!(
        err.to_string().contains("a file appeared at that name"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&project).unwrap(), "someone else's");
    assert!(!names_in(dir.path()).iter().any(|n| n.contains(".new-")));

    // The app's "create if missing" makes it whole too.
    std::fs::remove_file(&project).unwrap();
    let (store, created) = Store::open(&project, OpenMode::CreateIfMissing).unwrap();
    assert!(created && store.check_integrity().unwrap().is_empty());
}

#[test]
fn a_failing_import_never_deletes_a_project_another_import_made() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    // Many good lines, then a bad one: the failing import runs for a while.
    let line = gold_jsonl_line();
    let mut lines: String = (0..300)
        .map(|i| line.replacen("\"id\"", &format!("\"n\":{i},\"id\""), 1) + "\n")
        .collect();
    lines += "{oops\n";
    let failing = write(dir.path(), "failing.jsonl", lines);
    let good = write(dir.path(), "good.txt", "The good document.");
    for _ in 0..5 {
        let mut first = Command::new(env!("CARGO_BIN_EXE_glossator"))
            .arg("import")
            .arg(&project)
            .arg(&failing)
            .env_remove("GLOSSATOR_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut told_imported = false;
        while first.try_wait().unwrap().is_none() {
            told_imported |= glossator(&[&"import", &project, &good]).status.success();
        }
        if told_imported {
            ok(glossator(&[&"check", &project]));
            assert!(
                ok(glossator(&[&"stats", &project])).contains("Documents  1"),
                "the project a second import made is there"
            );
        } else {
            assert!(!project.exists());
        }
        let _ = std::fs::remove_file(&project);
    }
}

// 4. Outputs onto the project.

#[test]
fn outputs_onto_the_project_its_log_lock_or_backups_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let before = std::fs::read(&project).unwrap();
    let backups = dir.path().join("p.sqlite.backups");
    std::fs::create_dir(&backups).unwrap();
    let link = dir.path().join("link-to-project");
    std::os::unix::fs::symlink(&project, &link).unwrap();
    let outputs: Vec<(PathBuf, &str)> = vec![
        (project.clone(), "is the file of the project"),
        (dir.path().join("./p.sqlite"), "is the file of the project"),
        (link.clone(), "is the file of the project"),
        (dir.path().join("p.sqlite-wal"), "is the write-ahead log"),
        (dir.path().join("p.sqlite-shm"), "is the shared-memory file"),
        (dir.path().join("p.sqlite.lock"), "is the lock file"),
        (backups.join("x.jsonl"), "is in the backups folder"),
        (backups.clone(), "is in the backups folder"),
    ];
    for (output, expected) in &outputs {
        fails_with(glossator(&[&"export", &project, &"-o", output]), expected);
        fails_with(
            glossator(&[&"schema", &project, &"--export", output]),
            expected,
        );
        fails_with(glossator(&[&"backup", &project, &"--to", output]), expected);
    }
    fails_with(
        glossator(&[&"export", &project, &"--format", &"brat", &"-o", &backups]),
        "is in the backups folder",
    );
    assert_eq!(std::fs::read(&project).unwrap(), before);
    assert!(!wal_of(&project).exists() || std::fs::metadata(wal_of(&project)).unwrap().len() == 0);
    ok(glossator(&[&"check", &project]));
}

// 5. Outputs onto special files and symbolic links.

#[test]
fn outputs_onto_a_fifo_a_device_or_a_symlink_keep_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let expected = ok(glossator(&[&"export", &project]));

    // A symbolic link: the target gets the export, the link stays a link.
    let target = dir.path().join("real.jsonl");
    let link = dir.path().join("out.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    ok(glossator(&[&"export", &project, &"-o", &link]));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);

    // A FIFO: written through, still a FIFO.
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    ok(glossator(&[&"export", &project, &"-o", &fifo]));
    assert_eq!(reader.join().unwrap(), expected);
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    // A character device (our own /dev/null, made where we may: root only).
    let null = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        ok(glossator(&[&"export", &project, &"-o", &null]));
        ok(glossator(&[&"schema", &project, &"--export", &null]));
        assert!(std::fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device());
    } else {
        eprintln!("skipped the character device: mknod needs root");
    }
    // A socket is no output: refused, left as it is.
    let socket = dir.path().join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    fails_with(
        glossator(&[&"export", &project, &"-o", &socket]),
        "socket is a socket; choose a file to write",
    );
    assert!(std::fs::symlink_metadata(&socket)
        .unwrap()
        .file_type()
        .is_socket());
    assert!(!names_in(dir.path()).iter().any(|n| n.contains(".tmp")));
}

// 6. Commands that only read never write.

#[test]
fn reading_commands_leave_a_foreign_database_and_its_log_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite");
    let conn = rusqlite::Connection::open(&source).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
        .unwrap();
    let foreign = dir.path().join("foreign.sqlite");
    std::fs::copy(&source, &foreign).unwrap();
    std::fs::copy(wal_of(&source), wal_of(&foreign)).unwrap();
    drop(conn);
    let (file, log) = (
        std::fs::read(&foreign).unwrap(),
        std::fs::read(wal_of(&foreign)).unwrap(),
    );
    let input = write(dir.path(), "more.txt", "More text.");
    let copy = dir.path().join("copy.sqlite");
    let commands: Vec<Vec<&dyn AsRef<std::ffi::OsStr>>> = vec![
        vec![&"stats", &foreign],
        vec![&"check", &foreign],
        vec![&"export", &foreign],
        vec![&"backup", &foreign, &"--to", &copy],
        vec![&"import", &foreign, &input],
    ];
    for args in commands {
        fails_with(
            glossator(&args),
            "is not a Glossator project: it is an SQLite database of another program",
        );
        assert_eq!(std::fs::read(&foreign).unwrap(), file);
        assert_eq!(
            std::fs::read(wal_of(&foreign)).unwrap(),
            log,
            "the log was folded in"
        );
    }
}

#[test]
fn reading_commands_read_the_log_without_folding_it_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let pending = dir.path().join("pending.sqlite");
    copy_with_pending_log(&project, &pending);
    let file = std::fs::read(&pending).unwrap();
    let stats = ok(glossator(&[&"stats", &pending]));
    assert!(stats.contains("Spans      0"), "{stats}");
    ok(glossator(&[&"check", &pending]));
    ok(glossator(&[&"export", &pending]));
    assert_eq!(std::fs::read(&pending).unwrap(), file, "a reader wrote");
}

// 7. A write-protected project with a pending log shows its current state.

#[test]
fn a_write_protected_project_with_a_pending_log_shows_its_last_edits() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let protected_dir = dir.path().join("protected");
    std::fs::create_dir(&protected_dir).unwrap();
    let pending = protected_dir.join("pending.sqlite");
    copy_with_pending_log(&project, &pending);
    // As root permissions do not stop SQLite: a read-only bind mount does.
    let mounted = is_root()
        && Command::new("mount")
            .args(["--bind", "-o", "ro"])
            .arg(&protected_dir)
            .arg(&protected_dir)
            .status()
            .is_ok_and(|s| s.success())
        && Command::new("mount")
            .args(["-o", "remount,bind,ro"])
            .arg(&protected_dir)
            .status()
            .is_ok_and(|s| s.success());
    if !mounted {
        set_mode(&pending, 0o444);
        set_mode(&protected_dir, 0o555);
    }
    let stats = ok(glossator(&[&"stats", &pending]));
    let export = ok(glossator(&[&"export", &pending]));
    let (store, reason) = Store::open_or_read_only(&pending).unwrap();
    let spans: usize = glossator::store::Reader::stats(&store).unwrap().spans;
    drop(store);
    if mounted {
        let _ = Command::new("umount").arg(&protected_dir).status();
    } else {
        set_mode(&protected_dir, 0o755);
    }
    assert!(stats.contains("Spans      0"), "old data shown: {stats}");
    assert!(!export.contains("\"label\""), "old spans exported");
    assert_eq!(spans, 0);
    assert!(reason.is_some());
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

// 11. Schema versions no Glossator writes.

#[test]
fn odd_schema_versions_are_refused_in_one_short_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "more.txt", "More text.");
    for (version, expected) in [
        (-1, "its schema version is -1, which no Glossator writes"),
        (0, "it has no schema version but holds"),
    ] {
        let project = gold_project_file(dir.path(), &format!("v{version}.sqlite"));
        glossator::store::testing::set_schema_version(&project, version).unwrap();
        let before = std::fs::read(&project).unwrap();
        for args in [
            vec![&"stats" as &dyn AsRef<std::ffi::OsStr>, &project],
            vec![&"check", &project],
            vec![&"import", &project, &input],
        ] {
            let message = fails_with(glossator(&args), expected);
            assert!(message.len() < 200, "{message}");
        }
        assert_eq!(std::fs::read(&project).unwrap(), before);
    }
}

// 17. Debris of killed runs.

#[test]
fn leftovers_of_killed_runs_are_removed_and_never_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    // Process ids above the kernel's limit (4,194,304) belong to no process.
    let dead = "999999999-1-0";

    let stale_export = write(dir.path(), &format!(".out.jsonl.tmp-{dead}"), "half");
    ok(glossator(&[
        &"export",
        &project,
        &"-o",
        &dir.path().join("out.jsonl"),
    ]));
    assert!(!stale_export.exists());

    let stale_brat = dir.path().join(format!(".brat.tmp-{dead}"));
    std::fs::create_dir(&stale_brat).unwrap();
    write(&stale_brat, "not-in-the-project.txt", "stale");
    let brat = dir.path().join("brat");
    ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &"brat",
        &"-o",
        &brat,
    ]));
    assert!(!stale_brat.exists());
    assert!(!brat.join("not-in-the-project.txt").exists());

    let backups = dir.path().join("p.sqlite.backups");
    std::fs::create_dir(&backups).unwrap();
    let old_style = write(&backups, "p-20260101-000000.sqlite.partial-999999999", "x");
    let new_style = write(
        &backups,
        &format!("p-20260101-000001.sqlite.partial-{dead}"),
        "x",
    );
    ok(glossator(&[&"backup", &project]));
    assert!(!old_style.exists() && !new_style.exists());

    let staged = write(dir.path(), &format!(".p.sqlite.new-{dead}"), "x");
    let staged_log = write(dir.path(), &format!(".p.sqlite.new-{dead}-wal"), "x");
    let input = write(dir.path(), "more.txt", "More text.");
    ok(glossator(&[&"import", &project, &input]));
    assert!(!staged.exists() && !staged_log.exists());
}

#[test]
fn an_interrupted_migration_keeps_one_backup_not_one_per_try() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project-v1.sqlite");
    let path = dir.path().join("old.sqlite");
    std::fs::copy(&fixture, &path).unwrap();
    drop(Store::open(&path, OpenMode::Existing).unwrap());
    // The file as it was when a migration was killed before its commit: the
    // backup is written, the file is still version 1.
    std::fs::copy(&fixture, &path).unwrap();
    drop(Store::open(&path, OpenMode::Existing).unwrap());
    assert!(dir.path().join("old.v1-backup.sqlite").exists());
    assert!(!dir.path().join("old.v1-backup-2.sqlite").exists());
    // A different version-1 file still gets a backup of its own.
    std::fs::copy(&fixture, &path).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE documents SET title = title || ' (changed)'", [])
        .unwrap();
    drop(Store::open(&path, OpenMode::Existing).unwrap());
    assert!(dir.path().join("old.v1-backup-2.sqlite").exists());
}

// A writer killed mid-change in rollback-journal mode (a project put in place
// by an older build, or another tool) leaves a hot journal: readers say so,
// a writer rolls it back.

#[test]
fn a_hot_rollback_journal_is_rolled_back_by_a_writer_and_named_to_readers() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let before = ok(glossator(&[&"export", &project]));
    let conn = rusqlite::Connection::open(&project).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    // A tiny cache spills changed pages into the file before the commit.
    conn.execute_batch(
        "PRAGMA cache_size = 1; BEGIN; UPDATE documents SET text = text || text; DELETE FROM relations;",
    )
    .unwrap();
    let killed = dir.path().join("killed.sqlite");
    let journal = |path: &Path| {
        let mut name = path.as_os_str().to_os_string();
        name.push("-journal");
        PathBuf::from(name)
    };
    std::fs::copy(&project, &killed).unwrap();
    std::fs::copy(journal(&project), journal(&killed)).unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    fails_with(glossator(&[&"stats", &killed]), "left a rollback journal");
    let input = write(dir.path(), "more.txt", "More text.");
    ok(glossator(&[&"import", &killed, &input]));
    ok(glossator(&[&"check", &killed]));
    let after = ok(glossator(&[&"export", &killed]));
    assert!(
        after.starts_with(before.trim_end()),
        "the unfinished change was rolled back"
    );
}

/// Issue 13, item 6: a project garbled in pages that opening does not read
/// is still damaged. Whatever page is garbled, when `check` finds the damage
/// an import refuses to write into the file and leaves it byte for byte.
#[test]
fn an_import_never_writes_into_a_project_damaged_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let bytes = std::fs::read(&project).unwrap();
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        size => usize::from(size),
    };
    let pages = bytes.len() / page_size;
    assert!(pages >= 4, "{pages} pages");
    let input = write(dir.path(), "more.txt", "More text.");
    let mut damaged_pages = 0;
    // Page 1 holds the header and the schema, which opening already checks.
    for page in 2..=pages {
        let mut garbled = bytes.clone();
        for (i, byte) in garbled[(page - 1) * page_size..page * page_size]
            .iter_mut()
            .enumerate()
        {
            *byte = (i * 31 % 251) as u8;
        }
        let path = write(dir.path(), &format!("garbled-{page}.sqlite"), &garbled);
        let check = glossator(&[&"check", &path]);
        if check.status.success() {
            continue; // a page no table uses (free): nothing is damaged
        }
        damaged_pages += 1;
        let output = glossator(&[&"import", &path, &input]);
        let message = stderr(&output);
        assert!(
            !output.status.success(),
            "page {page}: the import went into a damaged project"
        );
        assert!(message.contains("damaged"), "page {page}: {message}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            garbled,
            "page {page}: the file changed"
        );
    }
    assert!(
        damaged_pages >= 2,
        "only {damaged_pages} garbled pages were found damaged"
    );
}
