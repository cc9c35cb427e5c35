//! Faults the user does not choose: a full disk, a read-only file, a second
//! Glossator on the same project, a damaged file. Each gets a clear message
//! and leaves what was saved as it was.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use glossator::cli::dev::digest;
use glossator::store::{OpenMode, Store};

fn digest_of(project: &Path) -> String {
    let store = Store::open_read_only(project, "test").expect("opens");
    let problems = store.check_integrity().expect("check");
    assert!(problems.is_empty(), "{problems:?}");
    digest(&store).expect("digest")
}

/// A JSONL of `documents` documents with long texts: megabytes to write.
fn big_input(dir: &Path, documents: usize) -> PathBuf {
    let text = "Kabul — the talks resumed “today” 😀. ".repeat(200);
    let lines: String = (0..documents)
        .map(|i| format!("{{\"id\": \"big-{i}\", \"text\": \"{i} {text}\"}}\n"))
        .collect();
    write(dir, "big.jsonl", lines)
}

/// Runs the binary under a shell with a file-size limit (in 512-byte blocks)
/// and SIGXFSZ ignored, so writes past the limit fail with EFBIG as they would
/// on a full disk. Works without root.
fn glossator_with_file_limit(
    blocks: u64,
    args: &[&dyn AsRef<std::ffi::OsStr>],
) -> std::process::Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "ulimit -f {blocks} && trap '' XFSZ && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_glossator"));
    for arg in args {
        command.arg(arg);
    }
    command
        .env_remove("GLOSSATOR_DB")
        .output()
        .expect("sh runs")
}

#[test]
fn an_import_that_hits_the_file_size_limit_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let before = digest_of(&project);
    let input = big_input(dir.path(), 400);
    let size = std::fs::metadata(&project).unwrap().len();
    let output = glossator_with_file_limit(size / 512 + 200, &[&"import", &project, &input]);
    fails_with(
        output,
        "could not be written (the disk is full, or an I/O error)",
    );
    assert_eq!(digest_of(&project), before, "nothing saved before was lost");
    // With room again, the same import goes through.
    ok(glossator(&[&"import", &project, &input]));
}

/// A tiny tmpfs, when the test may mount one (root); skipped otherwise.
struct TinyDisk {
    mount_point: tempfile::TempDir,
}

impl TinyDisk {
    fn mount(kilobytes: u64) -> Option<Self> {
        let mount_point = tempfile::tempdir().ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kilobytes}k"), "tmpfs"])
            .arg(mount_point.path())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Self { mount_point })
    }

    fn path(&self) -> &Path {
        self.mount_point.path()
    }

    fn remount_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}

#[test]
fn a_full_disk_keeps_every_saved_edit() {
    let Some(disk) = TinyDisk::mount(1024) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let project = disk.path().join("p.sqlite");
    std::fs::copy(gold_project_file(dir.path(), "p.sqlite"), &project).unwrap();
    let before = digest_of(&project);

    // An import larger than the disk: refused whole.
    let input = big_input(dir.path(), 600);
    fails_with(
        glossator(&[&"import", &project, &input]),
        "could not be written (the disk is full, or an I/O error)",
    );
    assert_eq!(digest_of(&project), before);

    // Fill the disk to the last few kilobytes, then edit until a write fails:
    // every edit reported saved must be on disk afterwards.
    let filler = disk.path().join("filler");
    let free = || {
        let output = Command::new("df")
            .args(["-k", "--output=avail"])
            .arg(disk.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse::<u64>()
            .unwrap()
    };
    let keep_kb = 48;
    std::fs::write(
        &filler,
        vec![0u8; (free().saturating_sub(keep_kb) * 1024) as usize],
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_glossator"))
        .args(["dev-edit-burst", "--seed", "5", "--edits", "100000"])
        .arg(&project)
        .output()
        .unwrap();
    assert!(!output.status.success(), "the disk never filled");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("could not be written"), "{message}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last_saved = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .next_back()
        .unwrap();
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(
        digest_of(&project),
        last_saved,
        "the disk holds the last edit reported saved"
    );
}

#[test]
fn a_read_only_project_says_so_and_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let source = gold_project_file(dir.path(), "p.sqlite");
    let disk = TinyDisk::mount(2048);
    let project = match &disk {
        // As root, permissions do not stop writes: use a read-only filesystem.
        Some(disk) => {
            let project = disk.path().join("p.sqlite");
            std::fs::copy(&source, &project).unwrap();
            assert!(disk.remount_read_only());
            project
        }
        None => {
            let mut permissions = std::fs::metadata(&source).unwrap().permissions();
            permissions.set_readonly(true);
            std::fs::set_permissions(&source, permissions).unwrap();
            source
        }
    };
    let before = std::fs::read(&project).unwrap();
    let input = write(dir.path(), "more.txt", "More text.");
    fails_with(glossator(&[&"import", &project, &input]), "open read-only");
    let stats = ok(glossator(&[&"stats", &project]));
    assert!(stats.contains("Documents  2"), "{stats}");
    exported_documents(&project);
    let (store, reason) = Store::open_or_read_only(&project).unwrap();
    assert!(reason.is_some());
    assert!(store.read_only_reason().is_some());
    drop(store);
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

#[test]
fn a_second_process_is_told_the_project_is_open_and_may_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let mut writer = busy_writer(&project);

    let input = write(dir.path(), "more.txt", "More text.");
    let message = fails_with(
        glossator(&[&"import", &project, &input]),
        "is open in another Glossator",
    );
    assert!(
        message.contains(&format!("process {}", writer.id())),
        "{message}"
    );
    let schema = write(
        dir.path(),
        "schema.json",
        ok(glossator(&[&"schema", &project])),
    );
    fails_with(
        glossator(&[&"schema", &project, &"--import", &schema]),
        "is open in another Glossator",
    );
    // Reading beside the writer works: stats, export, check, a backup.
    ok(glossator(&[&"stats", &project]));
    exported_documents(&project);
    ok(glossator(&[&"check", &project]));
    let copy = dir.path().join("copy.sqlite");
    ok(glossator(&[&"backup", &project, &"--to", &copy]));
    ok(glossator(&[&"check", &copy]));
    // In this process: the writer's lock refuses a second writer, and the
    // fallback opens read-only.
    assert!(matches!(
        Store::open(&project, OpenMode::Existing),
        Err(glossator::store::StoreError::Locked { .. })
    ));
    let (store, reason) = Store::open_or_read_only(&project).unwrap();
    assert!(reason.unwrap().contains("another Glossator"));
    let refused = store_write_attempt(store);
    assert!(refused.contains("read-only"), "{refused}");

    writer.kill().unwrap();
    writer.wait().unwrap();
    // The lock dies with its process: the project opens for editing again.
    ok(glossator(&[&"import", &project, &input]));
    ok(glossator(&[&"check", &project]));
}

fn store_write_attempt(mut store: Store) -> String {
    store
        .write(|tx| tx.set_project_meta("test", "x"))
        .expect_err("a read-only store refuses writes")
        .to_string()
}

#[test]
fn backups_while_editing_are_each_whole() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let mut writer = Command::new(env!("CARGO_BIN_EXE_glossator"))
        .args(["dev-edit-burst", "--edits", "400"])
        .arg(&project)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut written = Vec::new();
    while writer.try_wait().unwrap().is_none() && written.len() < 30 {
        written.push(glossator::store::write_periodic_backup(&project, 3).unwrap());
    }
    assert!(writer.wait().unwrap().success());
    let kept = glossator::store::list_backups(&project);
    assert!(kept.len() <= 3, "{kept:?}");
    for backup in kept {
        let store = Store::open_read_only(&backup, "test").unwrap();
        assert!(store.check_integrity().unwrap().is_empty());
    }
    assert!(!written.is_empty());
}

#[test]
fn damaged_project_files_get_a_message_and_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let bytes = std::fs::read(&project).unwrap();
    assert!(bytes.len() > 8192);
    let mut garbled = bytes.clone();
    for (i, byte) in garbled[4096..].iter_mut().enumerate() {
        *byte = (i * 31 % 251) as u8;
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut.sqlite",
            bytes[..bytes.len() / 2].to_vec(),
            "is damaged (it is cut short",
        ),
        (
            "header-only.sqlite",
            bytes[..60].to_vec(),
            "is damaged (it is cut short: 60 bytes)",
        ),
        ("garbled.sqlite", garbled, "damaged"),
    ];
    let input = write(dir.path(), "more.txt", "More text.");
    for (name, contents, expected) in cases {
        let path = write(dir.path(), name, &contents);
        for args in [vec!["stats"], vec!["check"], vec!["import"]] {
            let mut full: Vec<&dyn AsRef<std::ffi::OsStr>> = args
                .iter()
                .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
                .collect();
            full.push(&path);
            if args[0] == "import" {
                full.push(&input);
            }
            let output = glossator(&full);
            let message = stderr(&output);
            assert!(!output.status.success(), "{name} {args:?} succeeded");
            assert!(message.contains(expected), "{name} {args:?}: {message}");
            assert!(!message.contains("panicked"), "{message}");
            assert_eq!(std::fs::read(&path).unwrap(), contents, "{name} changed");
        }
    }
}

/// Issue 13, item 13: a sound project on a full disk, or in a folder this user
/// may not write, is not called damaged (restoring a backup would lose every
/// edit since it): the message says what is wrong, and readers still read.
#[test]
fn a_full_disk_or_a_locked_folder_is_named_not_called_damage() {
    let dir = tempfile::tempdir().unwrap();
    let source = gold_project_file(dir.path(), "p.sqlite");
    let input = write(dir.path(), "more.txt", "More text.");

    if let Some(disk) = TinyDisk::mount(1024) {
        let project = disk.path().join("p.sqlite");
        std::fs::copy(&source, &project).unwrap();
        let before = std::fs::read(&project).unwrap();
        // Fill the disk to its last byte.
        let mut filler = std::fs::File::create(disk.path().join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut filler, &block).is_ok() {}
        let _ = std::io::Write::write_all(&mut filler, &[0]);
        drop(filler);
        let message = stderr(&glossator(&[&"import", &project, &input]));
        assert!(
            message.contains("disk") && message.contains("full"),
            "{message}"
        );
        assert!(!message.contains("damaged"), "{message}");
        for reader in ["stats", "check"] {
            let output = glossator(&[&reader, &project]);
            assert!(!stderr(&output).contains("damaged"), "{}", stderr(&output));
            assert!(output.status.success(), "{reader}: {}", stderr(&output));
        }
        assert_eq!(std::fs::read(&project).unwrap(), before);
    }

    // A folder the user may not write: as root, run the binary as nobody.
    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    let project = folder.join("p.sqlite");
    std::fs::copy(&source, &project).unwrap();
    let as_nobody = std::fs::metadata("/").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    }) && Command::new("chown")
        .arg("nobody")
        .arg(&project)
        .status()
        .is_ok_and(|s| s.success());
    set_mode(dir.path(), 0o755);
    set_mode(&folder, 0o555);
    let run = |args: &[&dyn AsRef<std::ffi::OsStr>]| {
        if as_nobody && is_root() {
            let mut command = Command::new("setpriv");
            command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
            command.arg(env!("CARGO_BIN_EXE_glossator"));
            for arg in args {
                command.arg(arg);
            }
            command.env_remove("GLOSSATOR_DB").output().unwrap()
        } else {
            glossator(args)
        }
    };
    let message = stderr(&run(&[&"import", &project, &input]));
    set_mode(&folder, 0o755);
    assert!(message.contains("not writable"), "{message}");
    assert!(!message.contains("damaged"), "{message}");
    set_mode(&folder, 0o555);
    let stats = run(&[&"stats", &project]);
    set_mode(&folder, 0o755);
    assert!(stats.status.success(), "{}", stderr(&stats));
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
