//! Mappings, security, elasticdump artefacts and specifications from any bytes never panic.
#![no_main]
use kuzzle_dump_core::{elasticdump, json::Json, jsnum, mapping, security, specs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = mapping::parse_mappings_file(data, Some(("i", "c"))) {
        for c in &file.collections {
            let _ = mapping::check_mapping(&c.mappings);
            let _ = c.create_body();
            let checker = mapping::DocChecker::new(&c.mappings);
            let mut out = Vec::new();
            checker.check(br#"{"a":1,"b":"x","c":{"d":[1,2]},"e":"2024-01-01T00:00:00Z"}"#, &mut out);
        }
    }
    let _ = security::parse_security_file(data);
    let _ = elasticdump::decode_double(data);
    let _ = elasticdump::parse_mapping_file(data);
    let _ = elasticdump::migrate::parse_specs(data);
    let _ = elasticdump::parse_hit(data);
    let mut out = Vec::new();
    jsnum::check_js_numbers(data, &mut out);
    if let Ok(tree) = Json::parse(data) {
        let _ = specs::check_specification(&tree);
        if let Ok(checker) = specs::SpecChecker::new(&tree) {
            checker.check(br#"{"a":1,"b":"x"}"#, &mut out);
        }
        let m = mapping::DocChecker::new(&tree);
        m.check(data, &mut out);
    }
});
