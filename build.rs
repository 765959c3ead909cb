//! Build script: a hash of the sources and data that decide the archive-level resolution of
//! people and places, so that an entity table written beside an index by a build with other
//! rules is known to be stale (`src/entities/table_file.rs`).

use std::path::Path;

/// Files and folders whose content decides a resolution.
const RULE_SOURCES: &[&str] = &[
    "src/entities",
    "src/query/archive.rs",
    "src/extract/people.rs",
    "src/ingest/dates.rs",
    "data/names.tsv.zst",
];

fn fnv(h: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(0x0100_0000_01b3);
    }
}

fn add(h: &mut u64, path: &Path) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            add(h, &e);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        fnv(h, path.to_string_lossy().as_bytes());
        fnv(h, &bytes);
    }
}

fn main() {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for s in RULE_SOURCES {
        println!("cargo:rerun-if-changed={s}");
        add(&mut h, Path::new(s));
    }
    println!("cargo:rustc-env=NEWSDEX_ENTITY_RULES={h:016x}");
}
