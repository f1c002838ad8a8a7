//! The streaming fixtures decoder gives the same documents for any chunking, and never panics.
#![no_main]
use kuzzle_dump_core::kourou::fixtures::FixturesDecoder;
use libfuzzer_sys::fuzz_target;

fn decode(data: &[u8], chunk: usize) -> String {
    let mut d = FixturesDecoder::new();
    let mut docs = Vec::new();
    for c in data.chunks(chunk.max(1)) {
        if let Err(e) = d.push(c, &mut docs) {
            return format!("{docs:?} {e:?}");
        }
    }
    format!("{docs:?} {:?}", d.finish(&mut docs))
}

fuzz_target!(|input: (Vec<u8>, u8)| {
    let (data, chunk) = input;
    assert_eq!(decode(&data, data.len()), decode(&data, chunk as usize));
});
