//! Benchmark driver: validate a Kourou documents.jsonl and build `bulk:mWrite` batches.
//! Usage: validate_batch FILE [THREADS]   (prints one JSON line of figures)

use kuzzle_dump_core::pipeline::{OutputFormat, Pipeline, PipelineOptions};
use std::io::Read;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: validate_batch FILE [THREADS]")?;
    let threads: usize = args.next().map(|t| t.parse()).transpose()?.unwrap_or(2);
    let start = Instant::now();
    let mut file = std::fs::File::open(&path)?;
    let opts = PipelineOptions {
        output: OutputFormat::Mwrite,
        threads,
        ..PipelineOptions::default()
    };
    let mut pipeline = Pipeline::new(opts)?;
    // Reads ahead on its own thread, as the CLI does (Node reads while the addon parses).
    // Buffers go back to the reader once parsed: memory the process already touched is reused,
    // which costs far less than fresh pages (on this VM, 40 % of the run went to faulting them).
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
    let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || -> std::io::Result<()> {
        loop {
            let mut buf = back_rx.try_recv().unwrap_or_default();
            buf.resize(8 << 20, 0);
            let n = file.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            buf.truncate(n);
            if tx.send(buf).is_err() {
                return Ok(());
            }
        }
    });
    let (mut batches, mut batch_bytes) = (0u64, 0u64);
    for buf in rx {
        for b in pipeline.push(&buf)?.batches {
            batches += 1;
            batch_bytes += b.body.len() as u64;
        }
        let _ = back_tx.send(buf);
    }
    reader.join().map_err(|_| "reader thread panicked")??;
    let (out, report) = pipeline.finish()?;
    for b in out.batches {
        batches += 1;
        batch_bytes += b.body.len() as u64;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"file\":{:?},\"threads\":{threads},\"documents\":{},\"errors\":{},\"bytes\":{},\"seconds\":{secs:.3},\"mbPerSecond\":{:.0},\"batches\":{batches},\"batchBytes\":{batch_bytes}}}",
        path,
        report.documents,
        report.errors,
        report.bytes,
        report.bytes as f64 / 1e6 / secs
    );
    Ok(())
}
