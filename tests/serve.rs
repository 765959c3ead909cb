//! `newsdex serve` end to end: the API contract over a real Reuters index, hostile requests,
//! searches while an index run commits, time limits, and clean shutdown.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::http::{Server, raw_request};
use common::{index, search, shared, tempdir};
use serde_json::Value;

/// An index of the Reuters sample (gold people and places, no tagger: fast in debug builds).
fn reuters_index(dir: &Path) -> Option<std::path::PathBuf> {
    let corpus = shared("corpora/reuters21578")?;
    let idx = dir.join("idx");
    let s = index(&idx, &[&corpus], &["--no-extract"]);
    assert_eq!(s["written"], 11_000, "{s}");
    Some(idx)
}

fn total(v: &Value) -> u64 {
    v["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total: {v}"))
}

fn ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("no hits: {v}"))
        .iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The response without its timing, for comparing two answers to the same request.
fn untimed(mut v: Value) -> Value {
    v["took_ms"] = Value::Null;
    v
}

fn assert_error(s: &Server, target: &str, status: u16) {
    let r = s.get(target);
    assert_eq!(
        r.status,
        status,
        "{target}: {}",
        String::from_utf8_lossy(&r.body)
    );
    assert!(
        r.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{target}: {}",
        String::from_utf8_lossy(&r.body)
    );
}

#[test]
fn api_contract_on_reuters() {
    let dir = tempdir();
    let Some(idx) = reuters_index(dir.path()) else {
        return;
    };
    let s = Server::start(&idx, &[]);

    // The API answers exactly what `search --json` prints.
    let r = s.get("/api/search?q=coffee&place=Brazil&limit=5&facets=5");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let api = r.json();
    let cli = search(
        &idx,
        "coffee",
        &["--place", "Brazil", "--limit", "5", "--facets", "5"],
    );
    assert_eq!(untimed(api.clone()), untimed(cli));
    assert!(total(&api) > 10);
    assert_eq!(ids(&api).len(), 5);
    for h in api["hits"].as_array().unwrap() {
        assert!(
            h["places"].as_array().unwrap().contains(&"Brazil".into()),
            "{h}"
        );
        assert!(h["snippet"].as_str().unwrap().contains("<b>"), "{h}");
    }

    // Paging: offset 5 continues where the first page ended.
    let p1 = s.get("/api/search?q=coffee&limit=10").json();
    let p2 = s.get("/api/search?q=coffee&limit=5&offset=5").json();
    assert_eq!(ids(&p1)[5..], ids(&p2)[..]);

    // Repeated people: all by default (as the CLI), any with logic=any.
    let baker = total(&s.get("/api/search?person=James+Baker&limit=0").json());
    let reagan = total(&s.get("/api/search?person=Reagan&limit=0").json());
    assert!(baker > 5 && reagan > 5, "{baker} {reagan}");
    let both = total(
        &s.get("/api/search?person=James+Baker&person=Reagan&limit=0")
            .json(),
    );
    let either = total(
        &s.get("/api/search?person=James+Baker&person=Reagan&logic=any&limit=0")
            .json(),
    );
    assert!(both <= baker.min(reagan), "{both}");
    assert!(
        either >= baker.max(reagan) && either <= baker + reagan,
        "{either}"
    );
    assert_eq!(either, baker + reagan - both);
    // Disjunctive facets: with logic=any the people counts ignore the people selection.
    let any = s
        .get("/api/search?person=James+Baker&logic=any&limit=0&facets=1000")
        .json();
    let unfiltered = s.get("/api/search?limit=0&facets=1000").json();
    assert_eq!(any["facets"]["people"], unfiltered["facets"]["people"]);

    // Dates and order.
    let march = s
        .get("/api/search?q=oil&from=1987-03&to=1987-03&sort=newest&limit=50")
        .json();
    let dates: Vec<&str> = march["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap_or(""))
        .collect();
    assert!(!dates.is_empty());
    assert!(dates.iter().all(|d| d.starts_with("1987-03")), "{dates:?}");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    // The whole article, by an id that needs percent-encoding in a path.
    let first = &api["hits"][0];
    let id = first["id"].as_str().unwrap();
    let enc: String = id
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let a = s.get(&format!("/api/articles/{enc}")).json();
    assert_eq!(a["id"], first["id"]);
    assert_eq!(a["title"], first["title"]);
    assert!(
        a["body"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("coffee")
    );
    for key in [
        "date",
        "authors",
        "source",
        "url",
        "people",
        "places",
        "place_paths",
    ] {
        assert!(a.get(key).is_some(), "{key} missing from {a}");
    }
    assert!(
        a["place_paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().is_some_and(|p| p.ends_with("/Brazil"))),
        "{a}"
    );
    assert_error(&s, "/api/articles/no-such-article", 404);

    // Facet values for autocomplete: over everything, and within a query's results.
    let all_brazil = total(&s.get("/api/search?place=Brazil&limit=0").json());
    let v = s.get("/api/facets/places?prefix=bra&limit=5").json();
    let values = v["values"].as_array().unwrap();
    let brazil = values.iter().find(|x| x["value"] == "Brazil").cloned();
    assert_eq!(
        brazil.map(|b| b["count"].clone()),
        Some(all_brazil.into()),
        "{v}"
    );
    assert!(values.len() <= 5);
    let coffee_brazil = total(&api);
    let v = s.get("/api/facets/places?prefix=brazil&q=coffee").json();
    assert_eq!(v["values"][0]["value"], "Brazil");
    assert_eq!(v["values"][0]["count"], coffee_brazil);
    let v = s.get("/api/facets/people?prefix=bak").json();
    assert!(
        v["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["value"] == "James Baker"),
        "{v}"
    );
    assert_error(&s, "/api/facets/authors", 404);

    // Stats and health.
    let st = s.get("/api/stats").json();
    assert_eq!(st["articles"], 11_000);
    assert_eq!(s.get("/healthz").json()["status"], "ok");

    // Errors: 400 with a JSON message; unknown paths 404 in the same shape.
    for bad in [
        "/api/search?q=(coffee",
        "/api/search?q=coffee&from=1987-13",
        "/api/search?q=coffee&to=yesterday",
        "/api/search?limit=1001",
        "/api/search?limit=-3",
        "/api/search?sort=random",
        "/api/search?q=%FF%FE",
        "/api/search?q=*",
        "/api/search?offset=1000000000",
        "/api/facets/people?limit=100000",
    ] {
        assert_error(&s, bad, 400);
    }
    assert_error(&s, "/api/nothing", 404);
    assert_error(&s, "/api/search/extra", 404);
    let post = raw_request(&s.addr, "POST", b"/api/search", Some(b"{}")).unwrap();
    assert_eq!(post.status, 405);

    // The page.
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(String::from_utf8_lossy(&page.body).contains("/api/search?"));

    // Ctrl-C/SIGTERM: a clean exit.
    assert!(s.stop().success());
}

#[test]
fn hostile_requests_get_quick_4xx_and_the_server_stays_up() {
    let dir = tempdir();
    let Some(idx) = reuters_index(dir.path()) else {
        return;
    };
    let s = Server::start(&idx, &[]);
    let words = |n: usize, sep: &str| {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let hostile: Vec<(String, Vec<u8>, &[u16])> = vec![
        (
            "5,000-term OR".into(),
            format!("/api/search?q={}", words(5000, "+OR+")).into_bytes(),
            &[400, 414],
        ),
        (
            "10,000-term OR".into(),
            format!("/api/search?q={}", words(10_000, "+OR+")).into_bytes(),
            &[414],
        ),
        (
            "10,000 nested parentheses around an OR".into(),
            format!(
                "/api/search?q={}a+OR+b{}",
                "(".repeat(10_000),
                ")".repeat(10_000)
            )
            .into_bytes(),
            &[414],
        ),
        (
            "3,000 nested parentheses under the URL limit".into(),
            format!(
                "/api/search?q={}a+OR+b{}",
                "(".repeat(3000),
                ")".repeat(3000)
            )
            .into_bytes(),
            &[400],
        ),
        (
            "huge offset".into(),
            b"/api/search?q=oil&offset=18446744073709551615".to_vec(),
            &[400],
        ),
        (
            "huge offset and limit within u32".into(),
            b"/api/search?q=oil&offset=4000000000&limit=4000000000".to_vec(),
            &[400],
        ),
        (
            "negative offset".into(),
            b"/api/search?q=oil&offset=-1".to_vec(),
            &[400],
        ),
        (
            "leading wildcard in a field".into(),
            b"/api/search?q=title:*oil".to_vec(),
            &[400],
        ),
        (
            "invalid UTF-8 in a percent-encoded query".into(),
            b"/api/search?q=%FF%FE%80".to_vec(),
            &[400],
        ),
        (
            "300-term OR under the URL limit".into(),
            format!("/api/search?q={}", words(300, "+OR+")).into_bytes(),
            &[400],
        ),
        (
            "deep parentheses".into(),
            format!("/api/search?q={}x{}", "(".repeat(2000), ")".repeat(2000)).into_bytes(),
            &[400],
        ),
        (
            "100 KB URL".into(),
            format!("/api/search?q={}", "a".repeat(100_000)).into_bytes(),
            &[414, 431],
        ),
        (
            "1 MB URL".into(),
            format!("/api/search?q={}", "a".repeat(1_000_000)).into_bytes(),
            &[414, 431],
        ),
        (
            "invalid UTF-8, percent-encoded".into(),
            b"/api/search?person=%C3%28&q=x".to_vec(),
            &[400],
        ),
        (
            "invalid UTF-8, raw bytes".into(),
            b"/api/search?q=\xff\xfe".to_vec(),
            &[400],
        ),
        (
            "invalid UTF-8 in an article id".into(),
            b"/api/articles/%FF".to_vec(),
            &[400],
        ),
        (
            "dot-dot path".into(),
            b"/../../etc/passwd".to_vec(),
            &[400, 404],
        ),
        (
            "dot-dot inside the API".into(),
            b"/api/articles/../../../etc/passwd".to_vec(),
            &[404],
        ),
        (
            "huge limit".into(),
            b"/api/search?limit=99999999999999999999".to_vec(),
            &[400],
        ),
        (
            "leading wildcard".into(),
            b"/api/search?q=*oil".to_vec(),
            &[400],
        ),
        (
            "expansion blow-up".into(),
            b"/api/search?q=a*".to_vec(),
            &[400],
        ),
    ];
    for (what, target, ok) in &hostile {
        let t = Instant::now();
        let r = raw_request(&s.addr, "GET", target, None)
            .unwrap_or_else(|e| panic!("{what}: no answer: {e}"));
        let took = t.elapsed();
        assert!(
            ok.contains(&r.status),
            "{what}: status {} ({})",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        assert!(took < Duration::from_secs(1), "{what}: {took:?}");
        // Every error answer, hyper's own included, is `{"error": ...}`.
        assert!(
            r.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{what}: {}",
            String::from_utf8_lossy(&r.body)
        );
        // The server is still healthy after each one.
        assert_eq!(s.get("/healthz").status, 200, "after {what}");
    }
    let r = s.get("/api/search?q=coffee&limit=1");
    assert_eq!(r.status, 200);
    assert!(total(&r.json()) > 0);
    // Memory stays bounded after all of them.
    let rss = rss_mb(s.child.id());
    assert!(rss < 1024, "server RSS {rss} MB");
}

/// Resident memory of a process, in MB (0 where /proc is missing).
fn rss_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// Slowloris: hundreds of connections send their headers a byte at a time, others connect and
/// send nothing. Each is cut off after the header timeout, memory stays flat, and other
/// clients are answered promptly throughout. Past the connection cap, newcomers wait at most
/// about one header timeout.
#[test]
fn slow_clients_are_cut_off_and_others_still_answered() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let dir = tempdir();
    let idx = dir.path().join("idx");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    assert_eq!(index(&idx, &[&samples], &["--no-extract"])["written"], 352);
    let timeout = 2.0;
    let s = Server::start(
        &idx,
        &[
            "--quiet",
            "--header-timeout",
            "2",
            "--max-connections",
            "300",
        ],
    );
    let pid = s.child.id();
    let rss_before = rss_mb(pid);

    // 200 trickling clients and 50 silent ones: within the cap of 300.
    let mut slow: Vec<(TcpStream, bool)> = Vec::new();
    for i in 0..250 {
        let c = TcpStream::connect(&s.addr).unwrap();
        c.set_nonblocking(true).unwrap();
        slow.push((c, i < 200));
    }
    let request = b"GET /api/search?q=health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let start = Instant::now();
    let mut worst = Duration::ZERO;
    let mut answered = 0;
    let mut step = 0usize;
    let mut cut_at: Vec<Option<Duration>> = vec![None; slow.len()];
    while start.elapsed() < Duration::from_secs_f64(timeout * 2.5) {
        // One more byte on every trickling connection; notice the ones the server closed.
        for (k, (c, trickle)) in slow.iter_mut().enumerate() {
            if cut_at[k].is_some() {
                continue;
            }
            let mut buf = [0u8; 512];
            let closed = match c.read(&mut buf) {
                Ok(0) => true,
                Ok(_) => true, // an error answer (408), then close
                Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
            };
            let write_failed = *trickle && {
                let b = request.get(step).copied().unwrap_or(b'a');
                matches!(c.write(&[b]), Err(e) if e.kind() != std::io::ErrorKind::WouldBlock)
            };
            if closed || write_failed {
                cut_at[k] = Some(start.elapsed());
            }
        }
        step += 1;
        // Another client, meanwhile, is served at once.
        let t = Instant::now();
        let r = s.get("/api/search?q=health&limit=1");
        assert_eq!(r.status, 200);
        assert!(total(&r.json()) > 0);
        worst = worst.max(t.elapsed());
        answered += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    let cut = cut_at.iter().flatten().count();
    let latest = cut_at.iter().flatten().max().copied().unwrap_or_default();
    eprintln!(
        "{answered} requests answered during the attack, slowest {worst:?}; {cut} of {} slow \
         connections cut, the last after {latest:?}; RSS {rss_before} -> {} MB",
        slow.len(),
        rss_mb(pid)
    );
    assert!(worst < Duration::from_millis(500), "{worst:?}");
    assert_eq!(cut, slow.len(), "every slow connection is cut off");
    assert!(
        latest < Duration::from_secs_f64(timeout + 2.0),
        "{latest:?}"
    );
    assert!(rss_mb(pid) < rss_before + 100, "{} MB", rss_mb(pid));
    drop(slow);

    // Past the cap: 300 silent connections take every slot; a newcomer waits for the
    // header timeout to free one, and no longer.
    let hogs: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&s.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    let r = s.get("/api/search?q=health&limit=1");
    assert_eq!(r.status, 200);
    let waited = t.elapsed();
    eprintln!("with every connection slot held, a newcomer was answered after {waited:?}");
    assert!(
        waited < Duration::from_secs_f64(timeout + 2.0),
        "{waited:?}"
    );
    drop(hogs);
    assert_eq!(s.get("/healthz").status, 200);
}

#[test]
fn searches_see_commits_of_a_concurrent_index_run() {
    let Some(corpus) = shared("corpora/reuters21578") else {
        return;
    };
    let dir = tempdir();
    let idx = dir.path().join("idx");
    // Start from one file, then index the rest while the server answers.
    let first = corpus.join("reut2-000.sgm");
    let s1 = index(&idx, &[&first], &["--no-extract"]);
    let start_total = s1["written"].as_u64().unwrap();
    let s = Server::start(&idx, &[]);
    let q = "/api/search?q=&limit=0&facets=3";
    assert_eq!(total(&s.get(q).json()), start_total);

    let mut run = common::bin()
        .args(["index", "--no-extract", "--commit-secs", "1", "--index"])
        .arg(&idx)
        .arg(&corpus)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = vec![start_total];
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let done = run.try_wait().unwrap().is_some();
        let r = s.get(q);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let t = total(&r.json());
        assert!(
            t >= *seen.last().unwrap(),
            "total went down: {seen:?} then {t}"
        );
        seen.push(t);
        if done && t == 11_000 {
            break;
        }
        assert!(Instant::now() < deadline, "never reached 11,000: {seen:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(run.wait().unwrap().success());
    assert_eq!(total(&s.get(q).json()), 11_000);
}

#[test]
fn a_query_over_its_time_limit_answers_503() {
    let dir = tempdir();
    let Some(idx) = reuters_index(dir.path()) else {
        return;
    };
    // A deadline of a microsecond: every search is over it before it starts a segment.
    let s = Server::start(&idx, &["--timeout", "0.000001"]);
    let r = s.get("/api/search?q=oil&facets=10");
    assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.json()["error"].as_str().unwrap().contains("too long"));
    assert_eq!(s.get("/healthz").status, 200);
}

/// Sends raw bytes on a fresh connection and reads the answer.
fn raw_bytes(addr: &str, bytes: &[u8]) -> common::http::Response {
    use std::io::Write;
    let mut c = std::net::TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = c.write_all(bytes);
    common::http::read_response(c)
        .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(bytes)))
}

/// Requests hyper rejects itself (bad request line, bad header, raw bytes not allowed in the
/// target, oversized headers) were answered with an empty body; `/healthz` said ok with the
/// old count after the index folder was deleted.
#[test]
fn protocol_errors_answer_json_and_healthz_notices_a_deleted_index() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("a.txt"), "Harbour\n\nThe pelican story.\n").unwrap();
    let idx = dir.path().join("idx");
    index(&idx, &[&tree], &["--no-extract"]);
    let s = Server::start(&idx, &["--quiet"]);
    let big_header = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1_000_000)
    );
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "bad request line",
            b"NOT AN HTTP REQUEST\r\n\r\n".to_vec(),
            400,
        ),
        (
            "bad method",
            b"G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "header without a colon",
            b"GET / HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n".to_vec(),
            400,
        ),
        (
            "raw invalid UTF-8 in the target",
            b"GET /api/search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "a space in the target",
            b"GET /api/search?q=a b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "bad version",
            b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        ("1 MB header", big_header.into_bytes(), 431),
    ];
    for (what, bytes, status) in cases {
        let r = raw_bytes(&s.addr, &bytes);
        assert_eq!(
            r.status,
            status,
            "{what}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(r.header("content-type"), Some("application/json"), "{what}");
        assert!(
            r.json()["error"].as_str().is_some_and(|e| e.len() > 10),
            "{what}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    // Well-formed requests on a kept-alive connection are untouched by the rewriting.
    let h = s.get("/healthz").json();
    assert_eq!(
        (h["status"].as_str(), h["articles"].as_u64()),
        (Some("ok"), Some(1))
    );
    assert_eq!(s.get("/nope").status, 404);
    // The index folder deleted under the running server: not healthy any more.
    std::fs::remove_dir_all(&idx).unwrap();
    let r = s.get("/healthz");
    assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
    let e = r.json()["error"].as_str().unwrap().to_string();
    assert!(e.contains("is gone"), "{e}");
}

/// `/api/stats` was computed on every call: 40 at once queued behind each other on the search
/// slots and most answered 503 "busy". The figures are now made once per index generation (one
/// caller computes, the others wait for it without holding a slot), so 40 concurrent calls all
/// answer the same figures under a 50 ms time limit, which the queue of computations overran
/// (the baseline answers 503 "the server is busy"); and a commit makes them new.
#[test]
fn concurrent_stats_are_computed_once_per_generation() {
    let Some(corpus) = shared("corpora/reuters21578") else {
        return;
    };
    let dir = tempdir();
    let Some(idx) = reuters_index(dir.path()) else {
        return;
    };
    let s = Server::start(&idx, &["--timeout", "0.05"]);
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let calls: Vec<_> = (0..40)
            .map(|_| {
                scope.spawn(|| {
                    let r = s.get("/api/stats");
                    (r.status, r.json())
                })
            })
            .collect();
        calls.into_iter().map(|c| c.join().unwrap()).collect()
    });
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(body, &answers[0].1);
    }
    assert_eq!(answers[0].1["articles"], 11_000);
    // A commit is a new generation: the figures follow it.
    let extra = dir.path().join("extra");
    std::fs::create_dir_all(&extra).unwrap();
    std::fs::write(
        extra.join("one.json"),
        r#"{"title": "One more", "body": "An article added after the server started."}"#,
    )
    .unwrap();
    let s2 = index(&idx, &[&corpus, &extra], &["--no-extract"]);
    assert_eq!(s2["articles"], 11_001, "{s2}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = s.get("/api/stats");
        assert_eq!(r.status, 200);
        if r.json()["articles"] == 11_001 {
            break;
        }
        assert!(Instant::now() < deadline, "stats never followed the commit");
        std::thread::sleep(Duration::from_millis(100));
    }
}
