//! elasticdump / multielasticdump and `es:migrate` folders: one set of files per physical index,
//! placed in Kuzzle's index/collection layout once every file is read.

use super::input::{es_file_of, file_name};
use super::kourou::{count_fields, dynamic_text};
use super::{finding_of, DumpReader, FileSummary, Place, Reading, Tally};
use crate::elasticdump::files::{parse_file_name, EsFile, FileKind};
use crate::elasticdump::layout::{resolve_layout, EsIndexInfo, Place as LayoutPlace, SecurityCollection};
use crate::elasticdump::{decode_double, double::entries, migrate::parse_specs, parse_mapping_file};
use crate::error::{Code, Result};
use crate::json::{Json, RawStr};
use crate::pipeline::{BodyCheck, InputFormat, Pipeline, PipelineOptions};
use crate::plan::FileClass;
use std::cmp::Reverse;

/// Artefacts (mappings, settings, specs, aliases) first, then data files by index and part.
///
/// Artefacts of longer index names come first: a name such as `&shop.settings.json` may turn
/// out (by content) to be the data of `&shop.settings`, and then the artefacts of
/// `&shop.settings` (`&shop.settings.alias.json`, …) must already have been read.
pub(crate) fn order_es(paths: &[String]) -> Vec<String> {
    let mut sorted = paths.to_vec();
    let key = |p: &String| {
        let f = parse_file_name(file_name(p));
        let data = f.as_ref().map_or(2, |f| u8::from(f.kind == FileKind::Data));
        let base = f.as_ref().map(|f| f.base.clone()).unwrap_or_default();
        let longest_first = Reverse(if data == 0 { base.len() } else { 0 });
        (
            data,
            longest_first,
            base,
            f.and_then(|f| f.split).unwrap_or(0),
            p.clone(),
        )
    };
    sorted.sort_by_cached_key(key);
    sorted
}

/// What an ES-level artefact file says of each index it names: `(index, entry)` pairs whose
/// entry holds any of `aliases`, `mappings` (untyped) and `settings`, for
/// [`EsIndexInfo::absorb`]. Templates belong to the cluster, not to an index: no entries.
pub(crate) fn artefact_entries(file: &EsFile, bytes: &[u8]) -> Result<Vec<(String, Json)>> {
    Ok(match file.kind {
        FileKind::Mapping => parse_mapping_file(bytes)?
            .into_iter()
            .map(|m| (m.index, Json::object([("mappings", m.mappings)])))
            .collect(),
        FileKind::Specs => {
            let specs = parse_specs(bytes)?;
            let entry = Json::Object(vec![
                (RawStr::from_text("aliases"), specs.aliases),
                (RawStr::from_text("mappings"), specs.mappings),
                (RawStr::from_text("settings"), specs.settings),
            ]);
            vec![(file.base.clone(), entry)]
        }
        FileKind::Template | FileKind::Data => Vec::new(),
        FileKind::Settings | FileKind::Analyzer | FileKind::Alias | FileKind::Index => {
            let doc = decode_double(bytes)?;
            entries(&doc).into_iter().map(|(i, e)| (i, e.clone())).collect()
        }
    })
}

fn class_of(f: &EsFile) -> FileClass {
    match f.kind {
        FileKind::Data => FileClass::Documents,
        FileKind::Mapping | FileKind::Specs => FileClass::Mappings,
        _ => FileClass::Json,
    }
}

impl DumpReader {
    /// Decides what an ES-level file is from its name and first bytes.
    pub(super) fn es_reading(&self, path: &str, head: &[u8]) -> Result<Reading> {
        let Some(file) = es_file_of(path, head) else {
            return Ok(Reading::Skipped);
        };
        if file.kind != FileKind::Data {
            return Ok(Reading::Small(Vec::new()));
        }
        let opts = PipelineOptions {
            input: InputFormat::Hits,
            file: Some(path.to_owned()),
            max_request_bytes: Some(self.opts.max_request_bytes),
            max_findings: self.opts.max_findings,
            threads: self.opts.threads,
            ..PipelineOptions::default()
        };
        let checker = self
            .es_indices
            .get(&file.base)
            .and_then(|i| i.mappings.as_ref())
            .map(|m| Box::new(crate::mapping::DocChecker::new(m)) as Box<dyn BodyCheck>);
        Ok(Reading::Documents {
            pipeline: Box::new(Pipeline::with_checker(opts, checker)?),
            place: Place::Es(file.base),
        })
    }

    pub(super) fn es_small_done(&mut self, path: &str, size: u64, bytes: &[u8]) {
        let cap = self.opts.max_findings;
        let file = es_file_of(path, bytes);
        let class = file.as_ref().map_or(FileClass::Unknown, class_of);
        self.report.files.push(FileSummary::new(path, class, size));
        let Some(file) = file else { return };
        let result = artefact_entries(&file, bytes).map(|list| {
            for (index, entry) in list {
                self.es_indices
                    .entry(index.clone())
                    .or_insert_with(|| EsIndexInfo::new(&index))
                    .absorb(&entry);
            }
        });
        if let Err(e) = result {
            self.report.add([finding_of(e).in_file(Some(path))], cap);
        }
    }

    /// Places every physical index in Kuzzle's layout and files its counts there.
    pub(super) fn es_finish(&mut self) {
        let cap = self.opts.max_findings;
        for name in self.es_documents.keys() {
            self.es_indices
                .entry(name.clone())
                .or_insert_with(|| EsIndexInfo::new(name));
        }
        let infos: Vec<EsIndexInfo> = self.es_indices.values().cloned().collect();
        let layout = resolve_layout(&infos, &self.opts.internal_index);
        // Internal and plugin indices are listed in `internal`; that Kourou's layout cannot hold
        // them matters to `convert`, not to the dump's validity.
        let findings = layout.findings.into_iter().filter(|f| f.code != Code::NotRepresentable);
        self.report.add(findings, cap);
        for placed in layout.placed {
            let docs = self.es_documents.remove(&placed.es_index).unwrap_or_default();
            match placed.place {
                LayoutPlace::Collection { index, collection } => {
                    let mapping = self.es_indices.get(&placed.es_index).and_then(|i| i.mappings.clone());
                    let c = self.report.collection(&index, &collection);
                    *c = docs;
                    c.es_index = Some(placed.es_index);
                    if let Some(m) = mapping {
                        c.has_mappings = true;
                        c.mapped_fields = count_fields(&m);
                        c.dynamic = m.get("dynamic").map(dynamic_text);
                    }
                }
                LayoutPlace::EmptyIndex { index } => {
                    self.report.indexes.entry(index).or_default();
                }
                LayoutPlace::Security { collection } => {
                    let key = match collection {
                        SecurityCollection::Roles => "roles",
                        SecurityCollection::Profiles => "profiles",
                        SecurityCollection::Users => "users",
                    };
                    self.report.security.entry(key.into()).or_default();
                    self.report.internal.insert(placed.es_index, docs.documents);
                }
            }
        }
        for name in layout.unrepresentable {
            let docs = self.es_documents.get(&name).map_or(0, |d| d.documents);
            self.report.internal.insert(name, docs);
        }
    }
}
