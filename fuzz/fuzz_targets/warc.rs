//! WARC records (streamed), with HTML payloads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::ingest::FileContext;

fn ctx() -> FileContext {
    FileContext::new(std::path::Path::new("/fuzz/2024/02/05/input"))
}

fuzz_target!(|data: &[u8]| {
    let mut reader = data;
    let _ = newsdex::ingest::warc::read(&ctx(), &mut reader, &newsdex::ingest::ReadOptions::default(), &mut |_| {});
});
