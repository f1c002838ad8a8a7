//! `DocChecker::check` allocates nothing for a body that is fine (a counting global allocator
//! lives in this test binary only).

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kuzzle_dump_core::json::Json;
use kuzzle_dump_core::mapping::DocChecker;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches only a
// const-initialised thread-local, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn checking_a_fine_taxi_document_allocates_nothing() {
    let mapping = br#"{"dynamic":"strict","properties":{"RatecodeID":{"type":"byte"},"VendorID":{"type":"integer"},
        "fare_amount":{"type":"scaled_float","scaling_factor":100},"note":{"type":"text"},"passenger_count":{"type":"short"},
        "payment_type":{"type":"long"},"pickup":{"type":"geo_point"},"store_and_fwd_flag":{"type":"keyword"},
        "tags":{"type":"keyword"},"tpep_pickup_datetime":{"type":"date"},"trip_distance":{"type":"float"},
        "ip":{"type":"ip"},"ok":{"type":"boolean"},"o":{"properties":{"d":{"type":"date","format":"epoch_second"}}}}}"#;
    let body = br#"{"VendorID":2,"tpep_pickup_datetime":"2024-01-08T10:17:00Z","passenger_count":2,"trip_distance":0.1891891891891892,"pickup":{"lat":40.707,"lon":-73.90700000000001},"RatecodeID":1,"store_and_fwd_flag":"N","payment_type":3,"fare_amount":0.07,"tags":["a","b"],"note":"caf\u00e9 \u00ab7\u00bb","ip":"::1","ok":"true","o":{"d":"1700000000"},"_kuzzle_info":{"author":"-1","createdAt":1700000000007,"updatedAt":null,"updater":null}}"#;
    let checker = DocChecker::new(&Json::parse(mapping).unwrap());
    let mut out = Vec::with_capacity(4);
    checker.check(body, &mut out);
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(allocations_during(|| checker.check(body, &mut out)), 0);
    // A finding does allocate (its message), and is reported.
    let bad = String::from_utf8_lossy(body).replace(r#""RatecodeID":1"#, r#""RatecodeID":1000"#);
    assert!(allocations_during(|| checker.check(bad.as_bytes(), &mut out)) > 0);
    assert_eq!(out.len(), 1);
}
