//! Date parsing from text, URLs, paths and JSON values (shared by every format).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = newsdex::ingest::dates::parse_date(s);
        let _ = newsdex::ingest::dates::date_from_url(s);
        let _ = newsdex::ingest::pathinfo::date_from_path(std::path::Path::new(s));
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(s) {
            let _ = newsdex::ingest::dates::parse_date_value(&v);
        }
    }
});
