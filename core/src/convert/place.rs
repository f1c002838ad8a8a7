//! Where each physical index of an ES-level source goes in Kourou's layout, decided as data
//! files begin: the rules of [`resolve_layout`] (formats.md §6, ES level → Kourou, step 1),
//! applied to the indices known from definition files at once, then to each index that only
//! a data file names.

use super::Converter;
use crate::elasticdump::layout::{describe, resolve_layout, Layout, Place};
use crate::error::{Code, Finding, Severity};
use std::collections::BTreeMap;

/// Where an index goes in Kourou's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Placement {
    /// In the layout.
    Placed(Place),
    /// Not converted, and why.
    LeftOut(String),
}

impl Converter {
    /// Places every index known so far; indices two of which map to one place are all left
    /// out (as [`resolve_layout`] does), since neither can be told to be the live one.
    pub(super) fn ensure_layout(&mut self) {
        if self.es.layout_done {
            return;
        }
        self.es.layout_done = true;
        let internal = self.opts.internal_index.clone();
        let singles: Vec<(String, Layout)> = self
            .es
            .indices
            .values()
            .map(|i| {
                (
                    i.info.name.clone(),
                    resolve_layout(std::slice::from_ref(&i.info), &internal),
                )
            })
            .collect();
        let mut by_place: BTreeMap<Place, Vec<String>> = BTreeMap::new();
        for (name, layout) in &singles {
            if let Some(p) = layout.placed.first() {
                by_place.entry(p.place.clone()).or_default().push(name.clone());
            }
        }
        for (name, layout) in singles {
            let mut placement = self.placement_of(&name, layout);
            if let Placement::Placed(p) = &placement {
                if by_place.get(p).is_some_and(|names| names.len() > 1) {
                    placement = Placement::LeftOut(format!("{} holds several indices", describe(p)));
                }
            }
            self.es.places.insert(name, placement);
        }
        let conflicts = by_place.iter().filter(|(_, names)| names.len() > 1);
        let findings: Vec<Finding> = conflicts
            .map(|(place, names)| {
                let message = format!(
                    "ES indices {} all map to {}; none of them is converted",
                    names.join(", "),
                    describe(place)
                );
                Finding::error(Code::LayoutConflict, message, 0, 0)
            })
            .collect();
        self.findings(None, findings);
    }

    /// The placement an index's own layout gives it; its findings are reported.
    fn placement_of(&mut self, name: &str, layout: Layout) -> Placement {
        let error = layout
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| f.code);
        self.findings(None, layout.findings);
        if let Some(p) = layout.placed.into_iter().next() {
            Placement::Placed(p.place)
        } else if !layout.unrepresentable.is_empty() && name.starts_with('%') {
            Placement::LeftOut("internal or plugin data that Kourou's layout cannot hold".into())
        } else if !layout.unrepresentable.is_empty() {
            Placement::LeftOut("not named like a Kuzzle collection (&index.collection)".into())
        } else if !layout.ignored.is_empty() {
            Placement::LeftOut("not a Kuzzle index".into())
        } else if error == Some(Code::LayoutConflict) {
            Placement::LeftOut("it has several @ aliases".into())
        } else {
            Placement::LeftOut("its names cannot be folder names".into())
        }
    }

    /// Where an index goes; one that no definition file described (placed by its name) must
    /// not take the place of another.
    pub(super) fn place(&mut self, name: &str) -> Placement {
        self.ensure_layout();
        if let Some(p) = self.es.places.get(name) {
            return p.clone();
        }
        let info = self.es.index(name).info.clone();
        let layout = resolve_layout(std::slice::from_ref(&info), &self.opts.internal_index);
        let mut placement = self.placement_of(name, layout);
        if let Placement::Placed(p) = &placement {
            let taken = self
                .es
                .places
                .iter()
                .find(|(_, q)| *q == &placement)
                .map(|(n, _)| n.clone());
            if let Some(other) = taken {
                let message = format!(
                    "ES indices {other} and {name} both map to {}; {name} is not converted",
                    describe(p)
                );
                self.findings(None, [Finding::error(Code::LayoutConflict, message, 0, 0)]);
                placement = Placement::LeftOut(format!("{} is taken by {other}", describe(p)));
            }
        }
        self.es.places.insert(name.to_owned(), placement.clone());
        placement
    }
}

#[cfg(test)]
mod tests {
    use super::super::es_in::tests::{alias, hit};
    use super::super::testing::{codes, opts, run};
    use super::*;
    use crate::elasticdump::files::RootFormat;

    #[test]
    fn conflicts_leave_indices_out() {
        // Known from their definitions: neither is converted.
        let (d0, d1) = (hit("&i.c", "a"), hit("&i.c.5", "b"));
        let (a0, a1) = (alias("&i.c", "@&i.c"), alias("&i.c.5", "@&i.c"));
        let files: [(&str, &[u8]); 4] = [
            ("&i.c.json", d0.as_bytes()),
            ("&i.c.5.json", d1.as_bytes()),
            ("&i.c.alias.json", a0.as_bytes()),
            ("&i.c.5.alias.json", a1.as_bytes()),
        ];
        let (out, report) = run(opts(RootFormat::Elasticdump, RootFormat::Kourou), &files);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(codes(&report), [Code::LayoutConflict]);
        assert_eq!(
            report.left_out,
            [
                "&i.c: collection i/c holds several indices (1 document)",
                "&i.c.5: collection i/c holds several indices (1 document)"
            ]
        );
        // Known only from their data files: the first keeps the place.
        let (out, report) = run(opts(RootFormat::Elasticdump, RootFormat::Kourou), &files[..2]);
        assert_eq!(out.keys().collect::<Vec<_>>(), ["i/c/documents.jsonl"]);
        assert_eq!(codes(&report), [Code::SuffixDropped, Code::LayoutConflict]);
        assert_eq!(
            report.left_out,
            ["&i.c.5: collection i/c is taken by &i.c (1 document)"]
        );
        assert!(!report.ok);
    }
}
