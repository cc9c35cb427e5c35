//! Where a project is: a file, or a database on a PostgreSQL server, as the
//! user typed it (a command-line argument, File › Open, the recent list).

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

use super::engine::{is_server_url, redact};

/// A project file or a server project.
#[derive(Clone, PartialEq, Eq)]
pub enum ProjectLocation {
    File(PathBuf),
    /// The URL as given (it may hold a password: show [`ProjectLocation::shown`]).
    Server(String),
}

impl ProjectLocation {
    /// A `postgres://` or `postgresql://` URL is a server project; anything
    /// else a file path.
    pub fn parse(text: &OsStr) -> Self {
        match text.to_str() {
            Some(url) if is_server_url(url) => Self::Server(url.to_string()),
            _ => Self::File(PathBuf::from(text)),
        }
    }

    /// What may be shown and remembered: the path, or the URL without its
    /// password.
    pub fn shown(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Server(url) => redact(url),
        }
    }

    /// The file, for what only a project file has.
    pub fn as_file(&self) -> Option<&Path> {
        match self {
            Self::File(path) => Some(path),
            Self::Server(_) => None,
        }
    }

    pub fn is_server(&self) -> bool {
        matches!(self, Self::Server(_))
    }
}

impl From<&Path> for ProjectLocation {
    fn from(path: &Path) -> Self {
        Self::parse(path.as_os_str())
    }
}

impl From<PathBuf> for ProjectLocation {
    fn from(path: PathBuf) -> Self {
        Self::parse(path.as_os_str())
    }
}

impl From<&str> for ProjectLocation {
    fn from(text: &str) -> Self {
        Self::parse(OsStr::new(text))
    }
}

/// Never the password, not even in a debug print.
impl fmt::Debug for ProjectLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => f.debug_tuple("File").field(path).finish(),
            Self::Server(_) => f.debug_tuple("Server").field(&self.shown()).finish(),
        }
    }
}

impl fmt::Display for ProjectLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_servers_and_the_rest_files() {
        let server = ProjectLocation::from("postgres://ana:pw@db.example/news");
        assert!(server.is_server());
        assert_eq!(server.shown(), "postgres://ana@db.example/news");
        assert!(!format!("{server:?}{server}").contains("pw"));
        assert!(ProjectLocation::from("postgresql://db/news").is_server());
        let file = ProjectLocation::from("postgres.sqlite");
        assert_eq!(file.as_file(), Some(Path::new("postgres.sqlite")));
        assert_eq!(
            ProjectLocation::from("./postgres://x").as_file(),
            Some(Path::new("./postgres://x"))
        );
    }
}
