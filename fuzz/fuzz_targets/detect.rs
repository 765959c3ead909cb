//! Format detection and dispatch, as the indexer reads a file: the first byte picks the extension.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::ingest::FileContext;

fn ctx() -> FileContext {
    FileContext::new(std::path::Path::new("/fuzz/2024/02/05/input"))
}

fuzz_target!(|data: &[u8]| {
    const EXTS: [&str; 10] = ["txt", "json", "jsonl", "sgm", "html", "warc", "xml", "nitf", "ninjs", ""];
    let Some((&first, rest)) = data.split_first() else { return };
    let ext = EXTS[usize::from(first) % EXTS.len()];
    let _ = newsdex::ingest::parse_bytes(&ctx(), ext, rest, &newsdex::ingest::ReadOptions::default());
});
