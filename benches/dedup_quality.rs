//! The exact near-duplicate reference of issue 17, and how newsdex's clusters compare with it.
//!
//! ```sh
//! newsdex export --format ndjson --out /tmp/x --index IDX
//! cargo bench --bench dedup_quality -- /tmp/x/*.ndjson [--threshold 0.8] [--list 20]
//! ```
//!
//! Reads articles as NDJSON (what `newsdex export --format ndjson` or `newsdex extract --json`
//! writes), and finds **every** pair of articles whose 5-word-shingle containment
//! |A ∩ B| / min(|A|, |B|) is at least the threshold, by brute force: every pair's intersection
//! is counted exactly, shingle by shingle (pairs that share no shingle have containment 0). It
//! uses nothing of newsdex's own near-duplicate code: words are maximal runs of letters and
//! digits, lower-cased; a shingle is five consecutive words (an article of fewer words has
//! one shingle, all of them); the text is the lede and the body (headlines are not the story).
//!
//! When the articles carry newsdex's `cluster` field, the pairs of articles in one cluster are
//! compared with the reference: pair precision (how many clustered pairs are near-duplicates)
//! and pair recall (how many near-duplicate pairs are clustered). `--list N` prints N missed
//! and N wrongly clustered pairs with their containment, for reading the errors.

use std::collections::HashMap;
use std::io::BufRead;

/// One article: its id, path, the cluster newsdex gave it, and its sorted shingle hashes.
struct Doc {
    id: String,
    text: String,
    path: String,
    cluster: Option<String>,
    shingles: Vec<u64>,
}

/// FNV-1a over bytes: deterministic and independent of newsdex's hashing.
fn fnv(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn shingles(text: &str) -> Vec<u64> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    let n = words.len().min(5);
    for win in words.windows(n) {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for w in win {
            h = fnv(w.as_bytes(), h);
            h = fnv(b" ", h);
        }
        out.push(h);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn read(paths: &[String]) -> Vec<Doc> {
    let mut docs = Vec::new();
    for p in paths {
        let f = std::fs::File::open(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.unwrap_or_else(|e| panic!("{p}: {e}"));
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("{p}:{}: {e}", n + 1));
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            let cluster = match v.get("cluster") {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(c)) => Some(c.clone()),
                Some(other) => Some(other.to_string()),
            };
            let text = format!("{}\n\n{}", s("lede"), s("body"));
            docs.push(Doc {
                id: s("id"),
                shingles: shingles(&text),
                text,
                path: s("path"),
                cluster,
            });
        }
    }
    docs
}

/// Every pair (i < j) with containment ≥ `t`, with its containment.
fn reference(docs: &[Doc], t: f64) -> Vec<(u32, u32, f64)> {
    // Shingles shared by two articles or more, found bucket by bucket to bound memory.
    let mut shared: Vec<u64> = Vec::new();
    for bucket in 0..16u64 {
        let mut all: Vec<u64> = docs
            .iter()
            .flat_map(|d| d.shingles.iter().copied())
            .filter(|h| h >> 60 == bucket)
            .collect();
        all.sort_unstable();
        let mut i = 0;
        while i < all.len() {
            let mut j = i + 1;
            while j < all.len() && all[j] == all[i] {
                j += 1;
            }
            if j - i > 1 {
                shared.push(all[i]);
            }
            i = j;
        }
    }
    shared.sort_unstable();
    // Postings of the shared shingles (compressed rows), and each article's shared shingles.
    let ids: Vec<Vec<u32>> = docs
        .iter()
        .map(|d| {
            d.shingles
                .iter()
                .filter_map(|h| shared.binary_search(h).ok().map(|i| i as u32))
                .collect()
        })
        .collect();
    let mut df = vec![0u32; shared.len() + 1];
    for l in &ids {
        for &s in l {
            df[s as usize + 1] += 1;
        }
    }
    for i in 1..df.len() {
        df[i] += df[i - 1];
    }
    let mut fill = df.clone();
    let mut post = vec![0u32; df[shared.len()] as usize];
    for (d, l) in ids.iter().enumerate() {
        for &s in l {
            post[fill[s as usize] as usize] = d as u32;
            fill[s as usize] += 1;
        }
    }
    // Article by article, the exact intersection with every later article.
    let mut count = vec![0u32; docs.len()];
    let mut touched = Vec::new();
    let mut out = Vec::new();
    for (i, l) in ids.iter().enumerate() {
        for &s in l {
            for &j in &post[df[s as usize] as usize..df[s as usize + 1] as usize] {
                if j as usize > i {
                    if count[j as usize] == 0 {
                        touched.push(j);
                    }
                    count[j as usize] += 1;
                }
            }
        }
        for &j in &touched {
            let c = std::mem::take(&mut count[j as usize]) as f64;
            let m = docs[i].shingles.len().min(docs[j as usize].shingles.len()) as f64;
            if m > 0.0 && c / m >= t {
                out.push((i as u32, j, c / m));
            }
        }
        touched.clear();
    }
    out
}

fn containment(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut c) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                c += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let m = a.len().min(b.len());
    if m == 0 { 0.0 } else { c as f64 / m as f64 }
}

fn main() {
    let mut paths = Vec::new();
    let mut t = 0.8;
    let mut list = 0usize;
    let mut simulate: Option<newsdex::dedup::Lsh> = None;
    let mut shuffle: Option<u64> = None;
    let mut bounds = false;
    let mut merge_ratio = newsdex::dedup::cluster::DEFAULT_MERGE_RATIO;
    let mut no_reference = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threshold" => {
                t = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--threshold X")
            }
            "--list" => list = args.next().and_then(|v| v.parse().ok()).expect("--list N"),
            "--simulate" => {
                let v: Vec<usize> = args
                    .next()
                    .expect("--simulate BANDSxROWS")
                    .split('x')
                    .map(|x| x.parse().expect("--simulate BANDSxROWS"))
                    .collect();
                simulate = Some(newsdex::dedup::Lsh {
                    bands: v[0],
                    rows: v[1],
                });
            }
            "--bounds" => bounds = true,
            // The simulation's merge ratio ("inf": no merges, the rule before session 6).
            "--merge-ratio" => {
                merge_ratio = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--merge-ratio X")
            }
            // Only the simulation (its cost on an archive too large for the exact reference).
            "--no-reference" => no_reference = true,
            "--shuffle" => shuffle = args.next().and_then(|v| v.parse().ok()),
            // cargo bench passes --bench to every bench target.
            "--bench" => {}
            _ => paths.push(a),
        }
    }
    if paths.is_empty() {
        eprintln!("usage: dedup_quality ARTICLES.ndjson... [--threshold 0.8] [--list N]");
        std::process::exit(2);
    }
    let start = std::time::Instant::now();
    let mut docs = read(&paths);
    if let Some(seed) = shuffle {
        // A deterministic shuffle (index order in a parallel run is not file order).
        let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        for i in (1..docs.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            docs.swap(i, (x % (i as u64 + 1)) as usize);
        }
    }
    let pairs = if no_reference {
        Vec::new()
    } else {
        reference(&docs, t)
    };
    println!(
        "{} articles; {} pairs with 5-word-shingle containment >= {t} (exact, {:.1} s)",
        docs.len(),
        pairs.len(),
        start.elapsed().as_secs_f64()
    );
    if bounds {
        print_bounds(docs.len(), &pairs);
    }
    if let Some(lsh) = simulate {
        simulate_clusters(&mut docs, &pairs, lsh, t, merge_ratio);
    }
    if docs.iter().all(|d| d.cluster.is_none()) {
        return;
    }
    let mut clusters: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(c) = &d.cluster {
            clusters.entry(c).or_default().push(i as u32);
        }
    }
    let predicted: u64 = clusters
        .values()
        .map(|m| (m.len() as u64) * (m.len() as u64 - 1) / 2)
        .sum();
    let same = |i: u32, j: u32| {
        docs[i as usize].cluster.is_some() && docs[i as usize].cluster == docs[j as usize].cluster
    };
    let hits = pairs.iter().filter(|&&(i, j, _)| same(i, j)).count() as u64;
    let precision = if predicted == 0 {
        1.0
    } else {
        hits as f64 / predicted as f64
    };
    let recall = if pairs.is_empty() {
        1.0
    } else {
        hits as f64 / pairs.len() as f64
    };
    let multi = clusters.values().filter(|m| m.len() > 1).count();
    println!(
        "{} clusters ({} with copies); {} clustered pairs, {} of them near-duplicates",
        clusters.len(),
        multi,
        predicted,
        hits
    );
    println!("pair precision {precision:.4}, pair recall {recall:.4}");
    if list > 0 {
        let show = |i: u32, j: u32, c: f64| {
            let (a, b) = (&docs[i as usize], &docs[j as usize]);
            println!(
                "  {c:.3}  {} ({} shingles, {}, cluster {})  ~  {} ({} shingles, {}, cluster {})",
                a.id,
                a.shingles.len(),
                a.path,
                a.cluster.as_deref().unwrap_or("-"),
                b.id,
                b.shingles.len(),
                b.path,
                b.cluster.as_deref().unwrap_or("-"),
            );
        };
        println!("missed pairs:");
        for &(i, j, c) in pairs.iter().filter(|&&(i, j, _)| !same(i, j)).take(list) {
            show(i, j, c);
        }
        println!("clustered pairs that are not near-duplicates:");
        let mut n = 0;
        'outer: for m in clusters.values().filter(|m| m.len() > 1) {
            for (x, &i) in m.iter().enumerate() {
                for &j in &m[x + 1..] {
                    let c = containment(&docs[i as usize].shingles, &docs[j as usize].shingles);
                    if c < t {
                        show(i, j, c);
                        n += 1;
                        if n >= list {
                            break 'outer;
                        }
                    }
                }
            }
        }
    }
}

/// Clusters the articles in order with newsdex's clusterer (as `newsdex index` would, one
/// article after the other) and writes the cluster ids into `docs`; reports how many reference
/// pairs share a band key and what the clustering cost.
fn simulate_clusters(
    docs: &mut [Doc],
    pairs: &[(u32, u32, f64)],
    lsh: newsdex::dedup::Lsh,
    t: f64,
    merge_ratio: f64,
) {
    use newsdex::dedup::{Clusterer, shingles};
    let start = std::time::Instant::now();
    let keys: Vec<Vec<u64>> = docs
        .iter()
        .map(|d| lsh.band_keys(&lsh.text_signature(&d.text)))
        .collect();
    let prep = start.elapsed().as_secs_f64();
    let prep_mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let banded = pairs
        .iter()
        .filter(|&&(i, j, _)| {
            keys[i as usize]
                .iter()
                .zip(&keys[j as usize])
                .any(|(a, b)| a == b)
        })
        .count();
    let mut c = Clusterer::new(lsh, t).with_merge_ratio(merge_ratio);
    let mut verified = 0usize;
    let mut candidates = 0usize;
    let mut merges = 0usize;
    let start = std::time::Instant::now();
    for i in 0..docs.len() {
        let texts = &*docs;
        let mut fetch = |k: u64| Some(shingles::shingles(&texts[k as usize].text));
        let a = c.assign(i as u64, &texts[i].text, &keys[i], &mut fetch);
        verified += a.verified;
        candidates += a.candidates;
        if let Ok(t) = std::env::var("DEDUP_TRACE")
            && texts[i].path.contains(&t)
        {
            println!(
                "trace {i}: {} -> cluster {} copies {:?} candidates {} verified {}",
                texts[i].path, a.cluster, a.copies, a.candidates, a.verified
            );
        }
        merges += a.merges;
    }
    // The clusters at the end (an article's cluster may have merged into another since).
    for (d, m) in docs.iter_mut().zip(c.members()) {
        d.cluster = Some(m.cluster.to_string());
    }
    println!(
        "simulated {}x{}: {} of {} reference pairs share a band key ({:.4}); {merges} merges; {:.2} candidates and {:.2} verifications an article; signatures {:.2} s ({:.0} MB/s), clustering {:.2} s; table {} MB",
        lsh.bands,
        lsh.rows,
        banded,
        pairs.len(),
        banded as f64 / pairs.len().max(1) as f64,
        candidates as f64 / docs.len().max(1) as f64,
        verified as f64 / docs.len().max(1) as f64,
        prep,
        prep_mb / prep.max(1e-9),
        start.elapsed().as_secs_f64(),
        c.memory_bytes() / 1_000_000
    );
}

/// What a partition into clusters can reach on this reference at best, since containment is
/// not transitive: the connected components of the near-duplicate graph (every pair found,
/// and every chained pair wrongly joined), and a greedy cover by cliques (no wrong pair).
fn print_bounds(n: usize, pairs: &[(u32, u32, f64)]) {
    use std::collections::HashSet;
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    let edges: HashSet<(u32, u32)> = pairs.iter().map(|&(i, j, _)| (i, j)).collect();
    for &(i, j, _) in pairs {
        adj[i as usize].push(j);
        adj[j as usize].push(i);
    }
    let linked = |a: u32, b: u32| edges.contains(&(a.min(b), a.max(b)));
    let mut seen = vec![false; n];
    let (mut comp_pairs, mut comp_true, mut clique_true) = (0u64, 0u64, 0u64);
    for start in 0..n {
        if seen[start] || adj[start].is_empty() {
            continue;
        }
        let mut comp = vec![start as u32];
        seen[start] = true;
        let mut k = 0;
        while k < comp.len() {
            for &y in &adj[comp[k] as usize] {
                if !seen[y as usize] {
                    seen[y as usize] = true;
                    comp.push(y);
                }
            }
            k += 1;
        }
        let m = comp.len() as u64;
        comp_pairs += m * (m - 1) / 2;
        comp_true += comp
            .iter()
            .enumerate()
            .map(|(x, &a)| comp[x + 1..].iter().filter(|&&b| linked(a, b)).count() as u64)
            .sum::<u64>();
        // Greedy cliques: the best-connected article first, then whoever is linked to all.
        let mut left: Vec<u32> = comp.clone();
        while !left.is_empty() {
            let degree = |a: u32| left.iter().filter(|&&b| b != a && linked(a, b)).count();
            let mut ranked: Vec<(usize, u32)> = left.iter().map(|&a| (degree(a), a)).collect();
            ranked.sort_by_key(|&(d, a)| (std::cmp::Reverse(d), a));
            left = ranked.into_iter().map(|(_, a)| a).collect();
            let mut clique = vec![left[0]];
            for &c in &left[1..] {
                if clique.iter().all(|&q| linked(q, c)) {
                    clique.push(c);
                }
            }
            let s = clique.len() as u64;
            clique_true += s * (s - 1) / 2;
            left.retain(|a| !clique.contains(a));
        }
    }
    let r = pairs.len().max(1) as f64;
    println!(
        "bounds: connected components give precision {:.4}, recall 1; greedy cliques give precision 1, recall {:.4}",
        comp_true as f64 / comp_pairs.max(1) as f64,
        clique_true as f64 / r
    );
}
