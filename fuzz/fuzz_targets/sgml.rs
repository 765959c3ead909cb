//! Reuters-21578 SGML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::ingest::FileContext;

fn ctx() -> FileContext {
    FileContext::new(std::path::Path::new("/fuzz/2024/02/05/input"))
}

fuzz_target!(|data: &[u8]| {
    let _ = newsdex::ingest::sgml::parse(&ctx(), data);
});
