//! The scanner and the tree agree on what is valid JSON, and the tree writes back what it read.
#![no_main]
use kuzzle_dump_core::json::{self, Json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let scanned = std::str::from_utf8(data).is_ok() && json::scan::validate(data).is_ok();
    let tree = Json::parse(data);
    if let Ok(t) = &tree {
        assert!(scanned, "the tree accepted what the scanner refused");
        // Compact output re-parses to the same tree, and compacting raw input gives the same bytes.
        let compact = t.to_compact();
        assert_eq!(Json::parse(compact.as_bytes()).as_ref(), Ok(t));
        assert_eq!(&*json::compact(data.trim_ascii()), compact.as_bytes());
        let pretty = t.to_pretty();
        assert_eq!(Json::parse(pretty.as_bytes()).as_ref(), Ok(t));
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = json::escape::unescape(s.as_bytes());
        let quoted = json::escape::quote(s);
        assert!(json::scan::validate(quoted.as_bytes()).is_ok());
    }
});
