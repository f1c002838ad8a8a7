//! The viewer's helpers and the per-document digests from any bytes and any chunking never panic,
//! and the offset index does not depend on how the file was cut.
#![no_main]
use kuzzle_dump_core::digest::{self, CompareOptions, DigestLinesOptions};
use kuzzle_dump_core::viewer::{self, FieldStats, LineIndexOptions, LineIndexer, RowOptions, SearchQuery};
use libfuzzer_sys::fuzz_target;

fn index(data: &[u8], cut: usize) -> Option<(Vec<u8>, viewer::LineIndexSummary)> {
    let mut ix = LineIndexer::new(LineIndexOptions { keep_inflated: true });
    let mut entries = Vec::new();
    for c in data.chunks(cut.max(1)) {
        entries.extend(ix.push(c).ok()?);
        let _ = ix.take_inflated();
    }
    entries.extend(ix.finish().ok()?);
    Some((entries, ix.summary()))
}

fuzz_target!(|input: &[u8]| {
    let (cut, data) = match input.split_first() {
        Some((c, rest)) => (usize::from(*c) + 1, rest),
        None => (1, input),
    };
    // Same index whether the file comes whole or in small chunks (or both fail).
    let whole = index(data, data.len());
    let chunked = index(data, cut);
    assert_eq!(whole, chunked, "the offset index depends on the chunking");

    let _ = viewer::view_rows(data, &RowOptions::default());
    let _ = viewer::pretty_line(data);
    for q in [
        SearchQuery { id: Some("a".into()), ..SearchQuery::default() },
        SearchQuery { field: Some("a.b".into()), value: Some("1".into()), contains: true, ..SearchQuery::default() },
        SearchQuery { value: Some(String::new()), ..SearchQuery::default() },
    ] {
        let _ = viewer::search_lines(data, &q);
    }
    let mut stats = FieldStats::new();
    let mut ok = true;
    for c in data.chunks(cut) {
        ok &= stats.push(c).is_ok();
    }
    if ok {
        let _ = stats.finish();
    }

    let dumped = digest::digest_lines(data, &DigestLinesOptions { last: true, ..DigestLinesOptions::default() });
    let live = digest::digest_kuzzle_page(data);
    let opts = CompareOptions::default();
    if let (Ok(d), Ok(l)) = (&dumped, &live) {
        let join = |bufs: &[kuzzle_dump_core::api::Buffer]| bufs.iter().flat_map(|b| b.bytes.iter().copied()).collect::<Vec<u8>>();
        let (a, b) = (join(&d.buffers), join(&l.buffers));
        let _ = digest::compare_digests(&a, &b, &opts);
    }
    let _ = digest::compare_digests(data, data, &opts);
});
