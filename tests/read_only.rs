//! Readers need neither the lock nor write access: an index on read-only media, or owned by
//! another user, can be searched, counted, exported and served.

mod common;

use common::http::Server;
use common::*;
use std::path::Path;
use std::process::Command;

/// Builds an index of 3 articles at `dir/idx` (as the user running the tests).
fn small_index(dir: &Path) -> std::path::PathBuf {
    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for (i, w) in ["pelican", "heron", "pelican heron"].iter().enumerate() {
        std::fs::write(
            tree.join(format!("{i}.txt")),
            format!("Story {i}\n\nThe {w} story.\n"),
        )
        .unwrap();
    }
    let idx = dir.join("idx");
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(s["articles"], 3, "{s}");
    idx
}

/// `search`, `stats`, `export` and `serve` on `idx`, through `run` (as some user); each must
/// succeed with the right counts and print no error.
fn every_reader_works(idx: &Path, out_dir: &Path, run: &dyn Fn(&[&str]) -> std::process::Output) {
    let i = idx.to_str().unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {err}"))
    };
    let r = json(&["search", "pelican", "--json", "--index", i]);
    assert_eq!(r["total"], 2, "{r}");
    let s = json(&["stats", "--json", "--index", i]);
    assert_eq!(s["articles"], 3, "{s}");
    let out = out_dir.join("export");
    let o = out.to_str().unwrap();
    let e = json(&[
        "export", "--format", "ndjson", "--json", "--out", o, "--index", i,
    ]);
    assert_eq!(e["docs"], 3, "{e}");
}

/// An index written by one user and read by another: tantivy wrote `meta.json` and
/// `.managed.json` with mode 0600, so nobody else could search it.
#[test]
fn another_users_index_can_be_searched() {
    let dir = tempdir();
    chmod(dir.path(), 0o755);
    let idx = small_index(dir.path());
    // Files are as readable as a file created the ordinary way (the umask decides).
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    let mode = |p: &Path| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    };
    for f in ["meta.json", ".managed.json", "newsdex.json"] {
        assert_eq!(mode(&idx.join(f)), mode(&probe), "{f}");
    }
    if !is_root() {
        eprintln!("skipped the other-user half: it needs root to run as nobody");
        return;
    }
    // Another user, who may not write in the index directory nor open its lock files.
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    chown_nobody(&out);
    every_reader_works(&idx, &out, &|a| unprivileged(a));
    // `serve` as that user.
    let mut nobody = Command::new("setpriv");
    nobody
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(exe());
    let server = Server::start_with(nobody, &idx, &["--quiet"]);
    let r = server.get("/api/search?q=heron");
    assert_eq!((r.status, r.json()["total"].as_u64()), (200, Some(2)));
    server.stop();
    let i = idx.to_str().unwrap();
    // An index whose meta.json is still 0600 (written before this fix): one clear line.
    chmod(&idx.join("meta.json"), 0o600);
    let o = unprivileged(&["search", "heron", "--index", i]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot read the index") && err.contains("meta.json"),
        "{err}"
    );
    assert!(err.len() < 400, "{err}");
}

/// Mounts a tmpfs at `at` (root only); false when this machine does not allow it.
fn mount_tmpfs(at: &Path, opts: &str) -> bool {
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", opts, "tmpfs"])
        .arg(at)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// An index on a read-only mount: every reader failed on the lock file it could not create.
#[test]
fn an_index_on_read_only_media_can_be_searched() {
    let dir = tempdir();
    let idx = small_index(dir.path());
    let mnt = dir.path().join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    if !is_root() || !mount_tmpfs(&mnt, "size=16m") {
        eprintln!("skipped: mounting a read-only file system needs root (and CAP_SYS_ADMIN)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&mnt);
    // Two copies: one with the meta lock file, one without (never searched before).
    for (name, keep_lock) in [("with-lock", true), ("without-lock", false)] {
        let copy = mnt.join(name);
        let ok = Command::new("cp")
            .arg("-a")
            .arg(&idx)
            .arg(&copy)
            .status()
            .unwrap();
        assert!(ok.success());
        if !keep_lock {
            let _ = std::fs::remove_file(copy.join(".tantivy-meta.lock"));
        }
    }
    assert!(
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&mnt)
            .status()
            .unwrap()
            .success()
    );
    let out = dir.path().join("out");
    for name in ["with-lock", "without-lock"] {
        let copy = mnt.join(name);
        let o = out.join(name);
        every_reader_works(&copy, &o, &|a| run(a));
        let server = Server::start(&copy, &["--quiet"]);
        let r = server.get("/api/search?q=heron");
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["total"], 2);
        assert_eq!(server.get("/api/stats").json()["articles"], 3);
        server.stop();
    }
    // Writing is still refused with one line.
    let copy = mnt.join("with-lock");
    let o = run(&[
        "index",
        "--no-extract",
        "--index",
        copy.to_str().unwrap(),
        dir.path().join("tree").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("read-only file system"), "{err}");
}
