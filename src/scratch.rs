//! Names for the temporary files and folders that make writes whole (an
//! export's `.out.jsonl.tmp-…`, a backup's `….partial-…`, a new project's
//! `.p.sqlite.new-…`), and the cleaning of those a killed run left behind.
//!
//! A name carries the writing process's id and a part no other write of the
//! same process shares, so a run never adopts a folder or file that a killed
//! run with the same process id left (process ids are reused). Leftovers are
//! removed by the next run only when their process is gone.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

static NEXT: AtomicU64 = AtomicU64::new(0);

/// `{base}.{tag}-{pid}-{nanoseconds}-{n}`, unique on this machine.
pub fn unique_name(base: &OsStr, tag: &str) -> OsString {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = base.to_os_string();
    name.push(format!(".{tag}-{}-{nanos}-{n}", std::process::id()));
    name
}

/// Removes from `dir` the files and folders that [`unique_name`] named for
/// `base` and `tag` (and SQLite's `-wal`, `-shm` and `-journal` beside them)
/// whose process no longer runs. Returns what it removed, sorted. Errors are
/// ignored: cleaning is a courtesy, never a reason to fail the real work.
pub fn remove_stale(dir: &Path, base: &OsStr, tag: &str) -> Vec<PathBuf> {
    let mut prefix = base.as_encoded_bytes().to_vec();
    prefix.extend_from_slice(format!(".{tag}-").as_bytes());
    let mut removed: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let Some(rest) = name.as_encoded_bytes().strip_prefix(prefix.as_slice()) else {
                return false;
            };
            writer_pid(rest).is_some_and(|pid| !process_runs(pid))
        })
        .filter_map(|entry| {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let gone = if is_dir {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            gone.ok().map(|()| path)
        })
        .collect();
    removed.sort();
    removed
}

/// The process id at the start of `{pid}-{nanoseconds}-{n}…`.
fn writer_pid(rest: &[u8]) -> Option<u32> {
    let digits = rest.split(|b| *b == b'-').next()?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Whether a process with this id exists (this one always does).
pub fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 checks only that the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differ_within_one_process() {
        let a = unique_name(OsStr::new(".out.jsonl"), "tmp");
        let b = unique_name(OsStr::new(".out.jsonl"), "tmp");
        assert_ne!(a, b);
        let text = a.to_string_lossy();
        assert!(text.starts_with(&format!(".out.jsonl.tmp-{}-", std::process::id())));
    }

    #[test]
    fn only_leftovers_of_gone_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // Process ids above the kernel's maximum (4,194,304) never run.
        let dead = dir.path().join(".out.jsonl.tmp-999999999-1-0");
        let dead_wal = dir.path().join(".out.jsonl.tmp-999999999-1-0-wal");
        let dead_folder = dir.path().join(".out.jsonl.tmp-999999998-1-0");
        let alive = dir
            .path()
            .join(unique_name(OsStr::new(".out.jsonl"), "tmp"));
        let other = dir.path().join(".other.jsonl.tmp-999999999-1-0");
        for file in [&dead, &dead_wal, &alive, &other] {
            std::fs::write(file, "x").unwrap();
        }
        std::fs::create_dir(&dead_folder).unwrap();
        std::fs::write(dead_folder.join("a.txt"), "x").unwrap();
        let removed = remove_stale(dir.path(), OsStr::new(".out.jsonl"), "tmp");
        assert_eq!(
            removed,
            vec![dead_folder.clone(), dead.clone(), dead_wal.clone()]
        );
        assert!(!dead.exists() && !dead_wal.exists() && !dead_folder.exists());
        assert!(alive.exists() && other.exists());
    }
}
