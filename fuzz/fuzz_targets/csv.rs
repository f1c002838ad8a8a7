//! CSV rows from any body and any column list never panic.
#![no_main]
use kuzzle_dump_core::kourou::csv::{columns_from_fields, CsvWriter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, Vec<u8>)| {
    let (fields, body) = input;
    let w = CsvWriter::new(columns_from_fields(&fields));
    let mut out = Vec::new();
    w.header(&mut out);
    let _ = w.write_row(b"id", &body, &mut out);
});
