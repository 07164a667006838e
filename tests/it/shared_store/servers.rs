//! Real Redis and PostgreSQL servers for the shared stores' tests, each on a
//! free loopback port in its own temporary directory, stopped and restarted
//! on the same port at will.
//!
//! A missing server binary fails the test when `CI` is set, and skips it
//! with a loud message otherwise.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// One server; stopped and its directory removed when dropped.
pub struct Server {
    kind: Kind,
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

enum Kind {
    Redis(PathBuf),
    /// The directory of PostgreSQL's binaries.
    Postgres(PathBuf),
}

/// `None` after saying loudly why, when the binary is missing outside CI.
fn found(name: &str, binary: Option<PathBuf>) -> Option<PathBuf> {
    if binary.is_some() {
        return binary;
    }
    let message = format!(
        "{name} is not installed: install it (Debian: apt-get install redis-server postgresql) \
         to run this test"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}");
    }
    eprintln!("\n!!! SKIPPED: {message}\n");
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn temp_dir(kind: &str) -> PathBuf {
    static MADE: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "postmark-webhooks-{kind}-{}-{}",
        std::process::id(),
        MADE.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// Runs a PostgreSQL tool, as the `postgres` user when we are root (it
/// refuses to run as root).
fn postgres_tool(bin: &Path, tool: &str) -> Command {
    let tool = bin.join(tool);
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(tool);
        command
    } else {
        Command::new(tool)
    }
}

fn run(mut command: Command) {
    let out = command.stdin(Stdio::null()).output().unwrap();
    assert!(out.status.success(), "{command:?}: {out:?}");
}

impl Server {
    /// A running Redis, or `None` when it is not installed (outside CI).
    pub fn redis() -> Option<Self> {
        let binary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
            .map(PathBuf::from)
            .into_iter()
            .find(|path| path.exists());
        let binary = found("redis-server", binary)?;
        let mut server = Self {
            kind: Kind::Redis(binary),
            port: free_port(),
            dir: temp_dir("redis"),
            child: None,
        };
        server.start();
        Some(server)
    }

    /// A running PostgreSQL, or `None` when it is not installed (outside CI).
    pub fn postgres() -> Option<Self> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|version| version.path().join("bin"))
            .find(|bin| bin.join("postgres").exists());
        let bin = found("postgresql", bin)?;
        let dir = temp_dir("postgres");
        if is_root() {
            run({
                let mut chown = Command::new("chown");
                chown.arg("postgres").arg(&dir);
                chown
            });
        }
        run({
            let mut initdb = postgres_tool(&bin, "initdb");
            initdb
                .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
                .arg(dir.join("data"));
            initdb
        });
        let mut server = Self {
            kind: Kind::Postgres(bin),
            port: free_port(),
            dir,
            child: None,
        };
        server.start();
        Some(server)
    }

    /// Where to connect: a Redis URL, or PostgreSQL's `key=value` string.
    pub fn connection_string(&self) -> String {
        match self.kind {
            Kind::Redis(_) => format!("redis://127.0.0.1:{}/", self.port),
            Kind::Postgres(_) => format!(
                "host=127.0.0.1 port={} user=postgres dbname=postgres",
                self.port
            ),
        }
    }

    /// Starts it (again, on the same port) and waits until it answers.
    pub fn start(&mut self) {
        match &self.kind {
            Kind::Redis(binary) => {
                let child = Command::new(binary)
                    .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
                    .args(["--save", "", "--appendonly", "no", "--dir"])
                    .arg(&self.dir)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .spawn()
                    .unwrap();
                self.child = Some(child);
            }
            Kind::Postgres(bin) => {
                let options = format!(
                    "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
                    self.port,
                    self.dir.display()
                );
                let mut pg_ctl = postgres_tool(bin, "pg_ctl");
                pg_ctl
                    .args(["start", "-w", "-o", &options, "-l"])
                    .arg(self.dir.join("log"))
                    .arg("-D")
                    .arg(self.dir.join("data"));
                run(pg_ctl);
            }
        }
        self.wait_until_listening();
    }

    /// Stops it at once, as a crash or an outage would.
    pub fn stop(&mut self) {
        match &self.kind {
            Kind::Redis(_) => {
                if let Some(mut child) = self.child.take() {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
            Kind::Postgres(bin) => {
                let mut pg_ctl = postgres_tool(bin, "pg_ctl");
                pg_ctl
                    .args(["stop", "-w", "-m", "immediate", "-D"])
                    .arg(self.dir.join("data"));
                let _ = pg_ctl.stdin(Stdio::null()).output();
            }
        }
    }

    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
