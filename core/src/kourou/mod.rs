//! Kourou's collection dump formats other than JSONL: `documents.csv` (`--format csv`) and
//! `documents.json` (`--format kuzzle`, an `admin:loadFixtures` body).

pub mod csv;
pub mod fixtures;
