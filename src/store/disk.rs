//! What the filesystem says about a folder: room left, and whether this
//! process may create files in it. Used to name the cause when SQLite cannot
//! open a project, instead of calling a sound file damaged.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Bytes this process may still write on the filesystem holding `folder`.
pub fn free_bytes(folder: &Path) -> Option<u64> {
    let name = CString::new(folder.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `name` is a NUL-terminated path; statvfs fills `stats` on success.
    if unsafe { libc::statvfs(name.as_ptr(), stats.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it initialised `stats`.
    let stats = unsafe { stats.assume_init() };
    // Root may use the reserved blocks too.
    // SAFETY: geteuid has no preconditions.
    let blocks = if unsafe { libc::geteuid() } == 0 {
        stats.f_bfree
    } else {
        stats.f_bavail
    };
    // The field types are u32 on some 32-bit targets.
    #[allow(clippy::useless_conversion)]
    Some(u64::from(blocks).saturating_mul(u64::from(stats.f_frsize)))
}

/// Whether this process may create files in `folder` (permissions and a
/// read-only filesystem both count).
pub fn writable(folder: &Path) -> bool {
    let Ok(name) = CString::new(folder.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `name` is a NUL-terminated path.
    unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
}
