//! Any bytes, cut anywhere: the pipeline never panics, and the chunking never changes the result.
#![no_main]
use kuzzle_dump_core::pipeline::{OutputFormat, Pipeline, PipelineOptions};
use libfuzzer_sys::fuzz_target;

fn run(data: &[u8], cuts: &[usize], output: OutputFormat, threads: usize) -> (Vec<Vec<u8>>, Vec<u8>, String) {
    let opts = PipelineOptions { output, batch_bytes: 300, batch_documents: 3, threads, ..PipelineOptions::default() };
    let mut p = Pipeline::new(opts).expect("options are valid");
    let (mut batches, mut bytes) = (Vec::new(), Vec::new());
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&data.len())) {
        let cut = cut.clamp(start, data.len());
        let out = p.push(&data[start..cut]).expect("push");
        batches.extend(out.batches.into_iter().map(|b| b.body));
        bytes.extend(out.bytes);
        start = cut;
    }
    let (out, report) = p.finish().expect("finish");
    batches.extend(out.batches.into_iter().map(|b| b.body));
    bytes.extend(out.bytes);
    (batches, bytes, format!("{report:?}"))
}

fuzz_target!(|input: (Vec<u8>, Vec<u16>)| {
    let (data, cuts) = input;
    let mut cuts: Vec<usize> = cuts.into_iter().map(usize::from).collect();
    cuts.sort_unstable();
    for output in [OutputFormat::Mwrite, OutputFormat::Jsonl] {
        let whole = run(&data, &[], output, 1);
        assert_eq!(whole, run(&data, &cuts, output, 1));
        for b in &whole.0 {
            assert!(b.len() <= 300);
        }
    }
});
