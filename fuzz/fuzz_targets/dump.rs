//! Whole dumps of fuzzed files: the dump reader never panics, whatever the names and bytes,
//! and a file's chunking never changes the report.
#![no_main]
use kuzzle_dump_core::dump::{DumpOptions, DumpReader};
use kuzzle_dump_core::elasticdump::files::RootFormat;
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "i/c/documents.jsonl",
    "i/c/mappings.json",
    "roles/roles.json",
    "profiles/profiles.json",
    "users/users.json",
    "users/users-collection-mappings.json",
    "&i.c.json",
    "&i.c.mapping.json",
    "&i.c.settings.json.gz",
    "&i.c.alias.json",
    "&i.c.specs.json",
    "%kuzzle.users.json",
];

fn read(format: RootFormat, files: &[(usize, Vec<u8>)], chunk: usize) -> String {
    let mut r = DumpReader::new(DumpOptions { format, ..DumpOptions::default() });
    for (name, bytes) in files {
        let name = NAMES[name % NAMES.len()];
        if r.begin_file(name).is_err() {
            return "begin".into();
        }
        for c in bytes.chunks(chunk.max(1)) {
            if let Err(e) = r.push(c) {
                let _ = r.end_file();
                return format!("push {e:?}");
            }
        }
        if let Err(e) = r.end_file() {
            return format!("end {e:?}");
        }
    }
    format!("{:?}", r.finish())
}

fuzz_target!(|input: (u8, Vec<(usize, Vec<u8>)>, u8)| {
    let (fmt, files, chunk) = input;
    let format = match fmt % 3 {
        0 => RootFormat::Kourou,
        1 => RootFormat::Elasticdump,
        _ => RootFormat::EsMigrate,
    };
    let whole = read(format, &files, usize::MAX);
    let cut = read(format, &files, chunk as usize + 1);
    // Sniffing looks at the first 4 KiB either way, so chunking must not matter.
    assert_eq!(whole, cut);
});
