//! The search query parser (words, OR, NOT, phrases, fields, parentheses, prefixes).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(q) = std::str::from_utf8(data) {
        let _ = newsdex::query::parse::parse(q);
    }
});
