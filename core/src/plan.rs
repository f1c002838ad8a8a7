//! What is in a Kourou dump folder, and in which order to import it: Kourou's walk order and
//! phases (formats.md §3), decided from file paths and, for JSON files, their `type`.

use serde::Serialize;

/// What a file of a dump tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub enum FileClass {
    /// `mappings.json` (any shape).
    Mappings,
    /// `*.jsonl[.gz]`: a Kourou collection dump.
    Documents,
    /// `documents.json`: the `kuzzle` fixtures format.
    Fixtures,
    /// `roles.json` or any JSON file of type `roles`.
    Roles,
    /// Profiles.
    Profiles,
    /// The users collection mapping (`usersMappings`).
    UsersMappings,
    /// Users.
    Users,
    /// Validation specifications (`specifications`, kuzzle-dump's own file).
    Specifications,
    /// API keys (`apiKeys`, kuzzle-dump's own file).
    ApiKeys,
    /// `*-errors.jsonl`, written by importers: never documents.
    ImportErrors,
    /// A CSV export: not importable.
    Csv,
    /// A JSON file whose `type` must be read to classify it.
    Json,
    /// `kuzzle-dump.manifest`: counts and SHA-256 of the dump's files, for `restore` and
    /// `verify` (skipped by readers, no warning).
    Manifest,
    /// Anything else: skipped with a warning.
    Unknown,
}

impl FileClass {
    /// Import phase (lower first), as Kourou: mappings → documents → roles → profiles →
    /// users mappings → users; then what Kourou lacks. `None`: not imported.
    pub fn phase(self) -> Option<u8> {
        Some(match self {
            FileClass::Mappings => 0,
            FileClass::Documents | FileClass::Fixtures => 1,
            FileClass::Roles => 2,
            FileClass::Profiles => 3,
            FileClass::UsersMappings => 4,
            FileClass::Users => 5,
            FileClass::Specifications => 6,
            FileClass::ApiKeys => 7,
            _ => return None,
        })
    }

    /// The class of a JSON file of this `type`.
    pub fn from_type(ty: &str) -> FileClass {
        match ty {
            "mappings" => FileClass::Mappings,
            "roles" => FileClass::Roles,
            "profiles" => FileClass::Profiles,
            "usersMappings" => FileClass::UsersMappings,
            "users" => FileClass::Users,
            "specifications" => FileClass::Specifications,
            "apiKeys" => FileClass::ApiKeys,
            _ => FileClass::Unknown,
        }
    }
}

/// The name of the manifest `dump` and `es:dump` write at a dump's root.
pub const MANIFEST: &str = "kuzzle-dump.manifest";

/// Classifies a file from its path alone (`/`-separated, relative to the dump root).
pub fn classify_path(path: &str) -> FileClass {
    let name = path.rsplit('/').next().unwrap_or(path);
    let bare = name.strip_suffix(".gz").unwrap_or(name);
    if name == MANIFEST {
        FileClass::Manifest
    } else if bare.ends_with("-errors.jsonl") {
        FileClass::ImportErrors
    } else if bare.ends_with(".jsonl") {
        FileClass::Documents
    } else if bare == "documents.json" {
        FileClass::Fixtures
    } else if bare.ends_with(".csv") {
        FileClass::Csv
    } else if bare.ends_with(".json") {
        FileClass::Json
    } else {
        FileClass::Unknown
    }
}

/// Files readers skip without a warning: they belong with a dump but hold no dump data.
pub fn skipped_quietly(class: FileClass) -> bool {
    matches!(class, FileClass::ImportErrors | FileClass::Manifest)
}

/// Reads the top-level `type` of a small JSON file (security, mappings), if it has one.
pub fn json_type(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let tree = crate::json::Json::parse(bytes).ok()?;
    tree.get("type")?.as_str().map(|t| t.into_owned())
}

/// One file of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedFile {
    /// Path relative to the dump root.
    pub path: String,
    /// What it is.
    pub class: FileClass,
    /// For files inside `<index>/<collection>/`: those directory names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dirs: Option<(String, String)>,
    /// For a documents file: the `mappings.json` beside it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mappings: Option<String>,
}

/// Kourou's walk order over relative paths: byte-wise names, a directory's own files before its
/// subdirectories.
pub fn walk_order(paths: &mut [String]) {
    paths.sort_by(|a, b| {
        let (da, fa) = a.rsplit_once('/').unwrap_or(("", a));
        let (db, fb) = b.rsplit_once('/').unwrap_or(("", b));
        // Compare directory components one by one; at a fork, a file (no more components) wins.
        let ca: Vec<&str> = if da.is_empty() { vec![] } else { da.split('/').collect() };
        let cb: Vec<&str> = if db.is_empty() { vec![] } else { db.split('/').collect() };
        for (x, y) in ca.iter().zip(cb.iter()) {
            match x.as_bytes().cmp(y.as_bytes()) {
                std::cmp::Ordering::Equal => continue,
                other => return other,
            }
        }
        ca.len().cmp(&cb.len()).then_with(|| fa.as_bytes().cmp(fb.as_bytes()))
    });
}

/// The import plan of a Kourou tree: files in phase order, then walk order within a phase.
/// `json_types` gives the `type` of each `*.json` file (the caller reads them; they are small).
pub fn plan_tree(paths: &[String], json_types: impl Fn(&str) -> Option<String>) -> Vec<PlannedFile> {
    let mut ordered = paths.to_vec();
    walk_order(&mut ordered);
    let mut files: Vec<PlannedFile> = ordered
        .iter()
        .map(|p| {
            let mut class = classify_path(p);
            if class == FileClass::Json {
                class = json_types(p).map(|t| FileClass::from_type(&t)).unwrap_or_else(|| {
                    // A raw mappings.json (no `type`) is still mappings.
                    if p.rsplit('/').next() == Some("mappings.json") {
                        FileClass::Mappings
                    } else {
                        FileClass::Unknown
                    }
                });
            }
            let parts: Vec<&str> = p.split('/').collect();
            let dirs =
                (parts.len() >= 3).then(|| (parts[parts.len() - 3].to_owned(), parts[parts.len() - 2].to_owned()));
            PlannedFile {
                path: p.clone(),
                class,
                dirs,
                mappings: None,
            }
        })
        .collect();
    let mappings_dirs: Vec<(String, String)> = files
        .iter()
        .filter(|f| f.class == FileClass::Mappings)
        .map(|f| (parent(&f.path).to_owned(), f.path.clone()))
        .collect();
    for f in &mut files {
        if matches!(f.class, FileClass::Documents | FileClass::Fixtures) {
            let dir = parent(&f.path);
            f.mappings = mappings_dirs.iter().find(|(d, _)| d == dir).map(|(_, p)| p.clone());
        }
    }
    // Stable: walk order is kept within a phase; files without a phase go last.
    files.sort_by_key(|f| f.class.phase().unwrap_or(u8::MAX));
    files
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn walk_order_puts_files_before_subdirectories() {
        let mut p = paths(&["b/x.jsonl", "a.json", "b/a/y.jsonl", "b/z.json", "B.json", "a/c.json"]);
        walk_order(&mut p);
        assert_eq!(
            p,
            paths(&["B.json", "a.json", "a/c.json", "b/x.jsonl", "b/z.json", "b/a/y.jsonl"])
        );
    }

    #[test]
    fn classification() {
        assert_eq!(classify_path("i/c/documents.jsonl"), FileClass::Documents);
        assert_eq!(classify_path("i/c/documents.jsonl.gz"), FileClass::Documents);
        assert_eq!(classify_path("i/c/documents-errors.jsonl"), FileClass::ImportErrors);
        assert_eq!(classify_path("kuzzle-dump.manifest"), FileClass::Manifest);
        assert_eq!(classify_path("i/c/documents.json"), FileClass::Fixtures);
        assert_eq!(classify_path("i/c/documents.csv"), FileClass::Csv);
        assert_eq!(classify_path("roles/roles.json"), FileClass::Json);
        assert_eq!(classify_path(".DS_Store"), FileClass::Unknown);
        assert_eq!(
            json_type(b"\xEF\xBB\xBF{\"type\": \"roles\", \"content\": {}}").as_deref(),
            Some("roles")
        );
    }

    #[test]
    fn plan_in_kourou_phases() {
        let p = paths(&[
            "users/users.json",
            "nyc/taxi/documents.jsonl",
            "nyc/taxi/mappings.json",
            "roles/roles.json",
            "profiles/profiles.json",
            "users/users-collection-mappings.json",
            "nyc/taxi/documents-errors.jsonl",
            "notes.txt",
        ]);
        let types = |p: &str| {
            Some(
                match p {
                    "users/users.json" => "users",
                    "roles/roles.json" => "roles",
                    "profiles/profiles.json" => "profiles",
                    "users/users-collection-mappings.json" => "usersMappings",
                    _ => "mappings",
                }
                .to_owned(),
            )
        };
        let plan = plan_tree(&p, types);
        let order: Vec<(&str, FileClass)> = plan.iter().map(|f| (f.path.as_str(), f.class)).collect();
        assert_eq!(
            order,
            vec![
                ("nyc/taxi/mappings.json", FileClass::Mappings),
                ("nyc/taxi/documents.jsonl", FileClass::Documents),
                ("roles/roles.json", FileClass::Roles),
                ("profiles/profiles.json", FileClass::Profiles),
                ("users/users-collection-mappings.json", FileClass::UsersMappings),
                ("users/users.json", FileClass::Users),
                ("notes.txt", FileClass::Unknown),
                ("nyc/taxi/documents-errors.jsonl", FileClass::ImportErrors),
            ]
        );
        assert_eq!(plan[1].mappings.as_deref(), Some("nyc/taxi/mappings.json"));
        assert_eq!(plan[1].dirs, Some(("nyc".into(), "taxi".into())));
    }
}
