//! How to reach a server project: the URL the user typed, the password
//! from the URL, `PGPASSWORD` or the password file (`~/.pgpass`, read here
//! by libpq's rules: the postgres crate reads neither), and TLS as
//! `sslmode` asks (libpq's meanings: `require` encrypts without checking
//! the certificate, `verify-ca` checks it, `verify-full` checks the host
//! name too).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};

/// What `sslmode` asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A server project's connection settings, made once from its URL.
#[derive(Clone)]
pub struct Connector {
    config: postgres::Config,
    tls_mode: TlsMode,
    root_certificate: Option<PathBuf>,
    /// The URL without its password: what may be shown and remembered.
    shown: String,
}

/// Why a URL cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct BadUrl {
    pub reason: String,
}

impl std::fmt::Debug for Connector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("Connector")
            .field("url", &self.shown)
            .finish()
    }
}

/// Whether `text` names a server project rather than a file.
pub fn is_server_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

impl Connector {
    /// Parses a `postgres://` or `postgresql://` URL; the password comes
    /// from it, else from `PGPASSWORD`, else from the password file.
    pub fn from_url(url: &str) -> Result<Self, BadUrl> {
        Self::from_url_with(url, &PasswordSources::from_environment())
    }

    pub(crate) fn from_url_with(url: &str, sources: &PasswordSources) -> Result<Self, BadUrl> {
        if !is_server_url(url) {
            return Err(BadUrl {
                reason: format!("{url:?} does not start with postgres:// or postgresql://"),
            });
        }
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut tls_mode = TlsMode::Prefer;
        let mut root_certificate = None;
        let mut passed_on = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => {
                    tls_mode = match value {
                        "disable" => TlsMode::Disable,
                        "allow" | "prefer" => TlsMode::Prefer,
                        "require" => TlsMode::Require,
                        "verify-ca" => TlsMode::VerifyCa,
                        "verify-full" => TlsMode::VerifyFull,
                        other => {
                            return Err(BadUrl {
                                reason: format!(
                                    "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                                ),
                            })
                        }
                    }
                }
                "sslrootcert" => root_certificate = Some(PathBuf::from(value)),
                _ => passed_on.push(pair),
            }
        }
        let rebuilt = if passed_on.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", passed_on.join("&"))
        };
        let mut config = postgres::Config::from_str(&rebuilt).map_err(|err| BadUrl {
            reason: format!("{}: {err}", redact(url)),
        })?;
        config.ssl_mode(match tls_mode {
            TlsMode::Disable => SslMode::Disable,
            TlsMode::Prefer => SslMode::Prefer,
            TlsMode::Require | TlsMode::VerifyCa | TlsMode::VerifyFull => SslMode::Require,
        });
        if config.get_dbname().is_none() {
            return Err(BadUrl {
                reason: format!(
                    "{} names no database: add it after the host, as in postgres://ana@db.example/newsproject",
                    redact(url)
                ),
            });
        }
        if config.get_user().is_none() {
            config.user(sources.user.as_deref().unwrap_or("postgres"));
        }
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let shown = redact(url);
        match config.get_password() {
            Some(password) => remember_password(&shown, password),
            None => {
                if let Some(password) = remembered_password(&shown)
                    .or_else(|| sources.password_for(&config).map(String::into_bytes))
                {
                    config.password(password);
                }
            }
        }
        config.application_name("glossator");
        Ok(Self {
            config,
            tls_mode,
            root_certificate,
            shown,
        })
    }

    /// The password typed in a window (File › Open server project…): used
    /// and kept in memory for this URL, for the jobs that connect again.
    pub fn with_password(mut self, password: &str) -> Self {
        self.config.password(password);
        remember_password(&self.shown, password.as_bytes());
        self
    }

    /// The URL as typed, without its password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The role the connection logs in as (the annotator on a team server).
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn tls_mode(&self) -> TlsMode {
        self.tls_mode
    }

    pub fn connect(&self) -> Result<postgres::Client, super::Error> {
        Ok(match self.tls_mode {
            TlsMode::Disable => self.config.connect(postgres::NoTls)?,
            _ => self
                .config
                .connect(self.tls().map_err(super::Error::TlsSetup)?)?,
        })
    }

    fn tls(&self) -> Result<postgres_native_tls::MakeTlsConnector, String> {
        let mut builder = native_tls::TlsConnector::builder();
        match self.tls_mode {
            TlsMode::Disable | TlsMode::Prefer | TlsMode::Require => {
                builder
                    .danger_accept_invalid_certs(true)
                    .danger_accept_invalid_hostnames(true);
            }
            TlsMode::VerifyCa => {
                builder.danger_accept_invalid_hostnames(true);
            }
            TlsMode::VerifyFull => {}
        }
        if let Some(path) = &self.root_certificate {
            let pem = std::fs::read(path).map_err(|err| format!("{}: {err}", path.display()))?;
            let certificate = native_tls::Certificate::from_pem(&pem)
                .map_err(|err| format!("{}: {err}", path.display()))?;
            builder.add_root_certificate(certificate);
        }
        let connector = builder.build().map_err(|err| err.to_string())?;
        Ok(postgres_native_tls::MakeTlsConnector::new(connector))
    }
}

/// Passwords given in a URL, by the URL without them, for this process
/// only (never written anywhere): the app shows and remembers a server
/// project without its password, and its background work opens that
/// URL again.
static PASSWORDS: std::sync::Mutex<Vec<(String, Vec<u8>)>> = std::sync::Mutex::new(Vec::new());

fn remember_password(shown: &str, password: &[u8]) {
    if let Ok(mut passwords) = PASSWORDS.lock() {
        passwords.retain(|(url, _)| url != shown);
        passwords.push((shown.to_string(), password.to_vec()));
    }
}

fn remembered_password(shown: &str) -> Option<Vec<u8>> {
    let passwords = PASSWORDS.lock().ok()?;
    passwords
        .iter()
        .find(|(url, _)| url == shown)
        .map(|(_, password)| password.clone())
}

/// `url` without the password part of its user information.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return url.to_string();
    };
    let user = user_info
        .split_once(':')
        .map_or(user_info, |(user, _)| user);
    format!("{scheme}://{user}@{host}{tail}")
}

/// Where a password may come from when the URL has none.
#[derive(Clone, Debug, Default)]
pub(crate) struct PasswordSources {
    pub pgpassword: Option<String>,
    pub password_file: Option<PathBuf>,
    /// The login name when the URL gives none (PGUSER, else the OS user).
    pub user: Option<String>,
}

impl PasswordSources {
    pub fn from_environment() -> Self {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        Self {
            pgpassword: std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()),
            password_file: std::env::var_os("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| home.map(|home| home.join(".pgpass"))),
            user: std::env::var("PGUSER")
                .ok()
                .or_else(|| std::env::var("USER").ok()),
        }
    }

    fn password_for(&self, config: &postgres::Config) -> Option<String> {
        if let Some(password) = &self.pgpassword {
            return Some(password.clone());
        }
        let file = self.password_file.as_deref()?;
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(name)) => name.clone(),
            // libpq matches a socket connection as "localhost".
            _ => "localhost".to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        read_password_file(
            file,
            &host,
            port,
            config.get_dbname().unwrap_or_default(),
            config.get_user().unwrap_or_default(),
        )
    }
}

/// The password of the first line of the password file that matches, by
/// libpq's rules: `host:port:database:user:password`, `*` matching
/// anything, `\:` and `\\` escapes, `#` comments; a file that others can
/// read is ignored (libpq says so too), as a missing one is.
pub(crate) fn read_password_file(
    file: &Path,
    host: &str,
    port: u16,
    database: &str,
    user: &str,
) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    let port = port.to_string();
    let wanted = [host, port.as_str(), database, user];
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(split_password_line)
        .find(|fields| {
            fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut fields| fields.remove(4))
}

/// The five fields of a password file line, unescaped; None when it has
/// fewer.
fn split_password_line(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            other => {
                if let Some(field) = fields.last_mut() {
                    field.push(other);
                }
            }
        }
    }
    (fields.len() == 5).then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_sources() -> PasswordSources {
        PasswordSources::default()
    }

    #[test]
    fn the_shown_url_has_no_password() {
        assert_eq!(
            redact("postgres://ana:s3cret@db.example:5433/news?sslmode=require"),
            "postgres://ana@db.example:5433/news?sslmode=require"
        );
        assert_eq!(
            redact("postgres://db.example/news"),
            "postgres://db.example/news"
        );
        let connector =
            Connector::from_url_with("postgresql://ana:pw@db.example/news", &no_sources()).unwrap();
        assert_eq!(connector.shown(), "postgresql://ana@db.example/news");
        assert!(!format!("{connector:?}").contains("pw"));
    }

    #[test]
    fn sslmode_is_read_from_the_url() {
        let mode = |url: &str| Connector::from_url_with(url, &no_sources()).map(|c| c.tls_mode());
        assert_eq!(
            mode("postgres://a@h/d?sslmode=disable"),
            Ok(TlsMode::Disable)
        );
        assert_eq!(mode("postgres://a@h/d"), Ok(TlsMode::Prefer));
        assert_eq!(
            mode("postgres://a@h/d?sslmode=verify-full"),
            Ok(TlsMode::VerifyFull)
        );
        let bad = mode("postgres://a@h/d?sslmode=sometimes").unwrap_err();
        assert!(bad.reason.contains("sslmode=sometimes"), "{bad}");
    }

    #[test]
    fn a_url_without_a_database_is_refused() {
        let err = Connector::from_url_with("postgres://ana@db.example", &no_sources()).unwrap_err();
        assert!(err.reason.contains("names no database"), "{err}");
    }

    #[test]
    fn the_password_comes_from_the_url_then_pgpassword_then_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:*:*:*:wrong\ndb.example:5432:news:ana:from\\:file\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let password = |url: &str, pgpassword: Option<&str>| {
            let sources = PasswordSources {
                pgpassword: pgpassword.map(str::to_string),
                password_file: Some(file.clone()),
                user: None,
            };
            let connector = Connector::from_url_with(url, &sources).unwrap();
            connector
                .config
                .get_password()
                .map(|p| String::from_utf8_lossy(p).into_owned())
        };
        assert_eq!(
            password("postgres://ana:url@db.example/other", Some("env")),
            Some("url".into())
        );
        // ... and remembered, in memory only, for the URL without it.
        assert_eq!(
            password("postgres://ana@db.example/other", Some("env")),
            Some("url".into())
        );
        assert_eq!(
            password("postgres://ana@db.example/news", Some("env")),
            Some("env".into())
        );
        assert_eq!(
            password("postgres://ana@db.example/news", None),
            Some("from:file".into())
        );
        assert_eq!(password("postgres://ben@db.example/news", None), None);
        // A file others may read is ignored, as libpq ignores it.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(password("postgres://ana@db.example/news", None), None);
    }
}
