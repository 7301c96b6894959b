//! The server binary as an operator runs it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Long enough that only a hang fails, however loaded the machine is.
const HANG: Duration = Duration::from_secs(60);

#[test]
fn the_server_binary_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database_url = format!("sqlite://{}", dir.path().join("kopdes.db").display());
    let mut server = Command::new(env!("CARGO_BIN_EXE_kopdes-server"))
        .args(["--port", "0", "--database-url", &database_url])
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");

    // Read the log continuously: a full pipe would block the server, not the test.
    let stdout = server.stdout.take().expect("stdout");
    let (lines, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let listening = log
        .iter()
        .find(|line| line.contains("listening"))
        .expect("the server reports its address");
    assert!(listening.contains("addr=127.0.0.1:"), "{listening}");

    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());

    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = server.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            started.elapsed() < HANG,
            "the server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exit status {exit}");
    // Ends when the pipe closes with the process.
    let rest: Vec<String> = log.iter().collect();
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
}
