//! Kourou's security files (`roles.json`, `profiles.json`, `users.json`,
//! `users-collection-mappings.json`) and our two additions (`specifications.json`,
//! `api-keys.json`, described in `docs/formats-extra.md`): entries built from Kuzzle's search
//! results, byte-exact writers, checking readers that also give the import request bodies, and
//! conversions with the `%kuzzle.*` Elasticsearch indices (formats.md §2, §6).

mod checks;
mod entries;
mod es;
mod exporter;
mod read;
mod search;
mod write;

pub use entries::{
    api_key_entry, generated_username, profile_entry, role_entry, specification_entry, user_entry, username_at,
    users_mapping_entry, users_mapping_from_properties,
};
pub use es::{entries_from_es_hits, es_hit_lines, internal_collection};
pub use exporter::{SecurityExportOptions, SecurityExporter, SecurityFinishOptions, SecurityPage};
pub use read::parse_security_file;
pub use search::{entries_from_search, response_result, SearchPage};
pub use write::{
    write_api_keys, write_file, write_profiles, write_roles, write_specifications, write_users, write_users_mappings,
    Written,
};

use crate::json::Json;

/// What a security file holds (its `type`; serialized as that `type` value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SecurityKind {
    /// `roles.json`, type `roles`.
    Roles,
    /// `profiles.json`, type `profiles`.
    Profiles,
    /// `users.json`, type `users`.
    Users,
    /// `users-collection-mappings.json`, type `usersMappings`.
    UsersMappings,
    /// `specifications.json`, type `specifications` (ours).
    Specifications,
    /// `api-keys.json`, type `apiKeys` (ours).
    ApiKeys,
}

impl SecurityKind {
    /// Every kind, in restore order (roles before the profiles that name them, profiles before
    /// users, the users mapping before users, API keys after their users).
    pub const ALL: [SecurityKind; 6] = [
        SecurityKind::Roles,
        SecurityKind::Profiles,
        SecurityKind::UsersMappings,
        SecurityKind::Users,
        SecurityKind::ApiKeys,
        SecurityKind::Specifications,
    ];

    /// The file's `type` value.
    pub fn type_name(self) -> &'static str {
        match self {
            SecurityKind::Roles => "roles",
            SecurityKind::Profiles => "profiles",
            SecurityKind::Users => "users",
            SecurityKind::UsersMappings => "usersMappings",
            SecurityKind::Specifications => "specifications",
            SecurityKind::ApiKeys => "apiKeys",
        }
    }

    /// The kind of a `type` value.
    pub fn from_type(name: &str) -> Option<SecurityKind> {
        SecurityKind::ALL.into_iter().find(|k| k.type_name() == name)
    }

    /// The default file path, as Kourou lays it out (`roles/roles.json`, …).
    pub fn default_path(self) -> &'static str {
        match self {
            SecurityKind::Roles => "roles/roles.json",
            SecurityKind::Profiles => "profiles/profiles.json",
            SecurityKind::Users => "users/users.json",
            SecurityKind::UsersMappings => "users/users-collection-mappings.json",
            SecurityKind::Specifications => "specifications/specifications.json",
            SecurityKind::ApiKeys => "api-keys/api-keys.json",
        }
    }
}

/// Which entry of a file: an id, a collection, an API key, or the one users mapping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EntryKey {
    /// A role, profile or user id.
    Id(String),
    /// A collection's validation specification.
    Collection {
        /// Kuzzle index.
        index: String,
        /// Kuzzle collection.
        collection: String,
    },
    /// One API key of one user.
    ApiKey {
        /// The user (kuid).
        user_id: String,
        /// The key's `_id`.
        key_id: String,
    },
    /// The `content` of `users-collection-mappings.json`.
    UsersMapping,
}

/// One entry of a security file, with where it is and what to send to restore it.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityEntry {
    /// Which entry.
    pub key: EntryKey,
    /// The entry as written in the file (token-preserving).
    pub value: Json,
    /// 1-based line of the entry's key.
    pub line: u64,
    /// 1-based byte column of the entry's key.
    pub column: u64,
    /// Compact body of the restoring request: `createOrReplaceRole` / `createOrReplaceProfile`
    /// (the entry), `createUser` (`{content, credentials}`), `updateUserMapping`
    /// (`{"properties": mapping}`), `updateSpecifications` (the spec). `None` for API keys,
    /// which the API cannot restore.
    pub body: Option<Vec<u8>>,
}

/// A parsed security file.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityFile {
    /// The file's `type`.
    pub kind: SecurityKind,
    /// The entries in file order (duplicate ids collapsed: first place, last value).
    pub entries: Vec<SecurityEntry>,
    /// Problems found, with line, column and JSON path.
    pub findings: Vec<crate::error::Finding>,
}

impl SecurityFile {
    /// Whether the file holds secrets (credentials of some user, API key fingerprints), so
    /// that any copy of it must be created owner-only (mode 0600).
    pub fn holds_secrets(&self) -> bool {
        match self.kind {
            SecurityKind::ApiKeys => true,
            SecurityKind::Users => self.entries.iter().any(|e| {
                e.value
                    .get("credentials")
                    .and_then(Json::as_object)
                    .is_some_and(|c| !c.is_empty())
            }),
            _ => false,
        }
    }
}
