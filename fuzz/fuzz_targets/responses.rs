//! Server responses of any shape never panic the readers.
#![no_main]
use kuzzle_dump_core::batch::{BatchKind, Batcher};
use kuzzle_dump_core::response::{self, HitsFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let _ = response::kuzzle_error(data);
    let _ = response::kuzzle_page(data, &HitsFormat::Jsonl, &mut out);
    let _ = response::es_page(data, &HitsFormat::Hits { index: "&i.c".into() }, &mut out);
    let _ = response::has_big_integer(data);
    for kind in [BatchKind::MWrite, BatchKind::EsBulk] {
        let mut b = Batcher::new(kind, 1 << 16, 10, "&i.c");
        b.push(2, b"a", b"{}", None);
        b.push(3, b"b", b"{}", None);
        b.close();
        let batch = b.take_ready().remove(0);
        let _ = response::mwrite_result(data, &batch, &mut out);
        let _ = response::es_bulk_result(data, &batch, &mut out);
        let _ = response::halve(kind, &batch);
    }
});
