//! The diff report: what changed between two versions of a package, and
//! the upgrade findings. Serialised as the JSON contract documented in
//! `docs/usage-diff.md` (`version: 1`).

use crate::jsondiff::At;
use aps_diag::Diagnostic;
use aps_model::TypeSchema;
use serde::Serialize;
use std::sync::Arc;

/// The version of the JSON contract. Raised only for incompatible changes
/// of the document's shape; new members may appear without a raise.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
    /// A type whose id changed version (`…/1.0` → `…/1.1` or `…/2.0`).
    Reversioned,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Reversioned => "reversioned",
        }
    }
    /// `+`, `-`, `~`, `>` in the human form.
    pub fn marker(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
            Change::Reversioned => '>',
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`REPORT_FORMAT_VERSION`].
    pub version: u32,
    pub old: PackageInfo,
    pub new: PackageInfo,
    /// `id`, `name`, `version`, `release`, `upgrade`, `patch` that differ.
    pub metadata: Vec<FieldChange>,
    pub services: Vec<ServiceChange>,
    pub types: Vec<TypeChange>,
    pub wizard: WizardChanges,
    /// Every file (APP-META.xml and APP-LIST.xml included) that differs, by path.
    pub files: Vec<FileChange>,
    pub summary: ReportSummary,
    /// The upgrade findings (rules `UPG*`), sorted as every renderer sorts them.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

/// Identity of one side.
#[derive(Debug, Clone, Serialize)]
pub struct PackageInfo {
    /// The package as given (folder or `.app.zip`).
    pub path: String,
    pub id: Option<String>,
    pub name: Option<String>,
    pub version: Option<String>,
    pub release: Option<String>,
}

impl PackageInfo {
    /// `1.2-3`, or `?` parts when missing.
    pub fn version_release(&self) -> String {
        format!("{}-{}", self.version.as_deref().unwrap_or("?"), self.release.as_deref().unwrap_or("?"))
    }
}

/// A named value that differs (absent on one side = `null`). Values are
/// JSON: strings for metadata, whatever the wizard data holds for its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
}

impl FieldChange {
    /// From text values (metadata, services).
    pub fn text(field: &str, old: Option<String>, new: Option<String>) -> Self {
        FieldChange { field: field.to_string(), old: old.map(Into::into), new: new.map(Into::into) }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceChange {
    /// `<service id>`.
    pub id: String,
    /// `added`, `removed` or `changed`.
    pub change: Change,
    /// For `changed`: `type` (the served type's id), `schema` (path), `code` (`engine:path`).
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeChange {
    /// NEW's id; OLD's for a removed type.
    pub id: String,
    /// `added`, `removed`, `changed` (same id, different definition) or
    /// `reversioned` (paired with a different version of the same type).
    pub change: Change,
    pub old_id: Option<String>,
    pub new_id: Option<String>,
    /// The service serving it (NEW's; OLD's for a removed type).
    pub service: Option<String>,
    /// `reversioned` only: the major version stayed the same.
    pub same_major: Option<bool>,
    /// `removed` only: no version of this type remains in NEW.
    pub removed_entirely: Option<bool>,
    /// `changed`/`reversioned`: some change breaks resources of the old version
    /// (see [`MemberChange::incompatible`]).
    pub incompatible: bool,
    /// `changed`/`reversioned`: every detail is neutral (see [`Detail::neutral`]).
    pub neutral_only: bool,
    pub members: Vec<MemberChange>,
    #[serde(skip)]
    pub(crate) old_schema: Option<Arc<TypeSchema>>,
    #[serde(skip)]
    pub(crate) new_schema: Option<Arc<TypeSchema>>,
}

impl TypeChange {
    pub fn old_schema(&self) -> Option<&Arc<TypeSchema>> {
        self.old_schema.as_ref()
    }
    pub fn new_schema(&self) -> Option<&Arc<TypeSchema>> {
        self.new_schema.as_ref()
    }
}

/// What a member of a type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    /// A type-level attribute (`name`, `apsVersion`, `access`, …).
    Attribute,
    Implements,
    Property,
    Relation,
    Operation,
    Structure,
}

impl MemberKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::Attribute => "attribute",
            MemberKind::Implements => "implements",
            MemberKind::Property => "property",
            MemberKind::Relation => "relation",
            MemberKind::Operation => "operation",
            MemberKind::Structure => "structure",
        }
    }
}

/// A property, relation, operation, structure, `implements` entry or
/// type attribute that differs.
#[derive(Debug, Clone, Serialize)]
pub struct MemberChange {
    pub kind: MemberKind,
    pub name: String,
    pub change: Change,
    /// True when a detail breaks resources of the old version.
    pub incompatible: bool,
    pub details: Vec<Detail>,
}

/// One difference inside a type's JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// RFC 6901 pointer into the type's JSON (`/properties/size/type`).
    pub pointer: String,
    /// The old and new JSON values (`null` when absent on that side).
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
    /// Why this breaks resources of the old version, when it does
    /// (`property \`size\` removed`, `type of property \`size\` changed …`).
    pub incompatible: Option<String>,
    /// The definition does not change as the controller sees it: a title or
    /// description text, or a relation pointed at a newer minor version of the
    /// same type (which APS resolves the old reference to anyway).
    pub neutral: bool,
    #[serde(skip)]
    pub(crate) breaking: Option<Breaking>,
    #[serde(skip)]
    pub(crate) old_at: At,
    #[serde(skip)]
    pub(crate) new_at: At,
}

/// The kind of an incompatible change, for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Breaking {
    /// A definition removed: a top-level one (`nested == false`) or one inside
    /// an object property or structure.
    Removed {
        kind: MemberKind,
        nested: bool,
    },
    TypeChanged,
    MadeRequired,
    Retargeted,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct WizardChanges {
    /// `scripts/wizard_data.json` exists (and parses) in OLD / NEW.
    pub old_present: bool,
    pub new_present: bool,
    pub resource_types: Vec<ResourceTypeChange>,
    pub template_entries: Vec<TemplateEntryChange>,
}

/// A `defaults.resourceTypes[]` entry, matched by `id`.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceTypeChange {
    pub id: i64,
    /// NEW's name; OLD's for a removed entry.
    pub name: Option<String>,
    pub change: Change,
    /// `name`, `resClass`, `required`, `actParams.<key>`.
    pub fields: Vec<FieldChange>,
}

/// A `defaults.serviceTemplate.resources[]` entry, matched by `rtID`.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateEntryChange {
    pub rt_id: i64,
    pub change: Change,
    /// `limit`, `unlimited`.
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    pub path: String,
    pub change: Change,
    pub old: Option<FileDigest>,
    pub new: Option<FileDigest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    pub size: u64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
}

/// Counts of added / removed / changed items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Counts {
    pub fn of(changes: impl IntoIterator<Item = Change>) -> Counts {
        let mut c = Counts::default();
        for ch in changes {
            match ch {
                Change::Added => c.added += 1,
                Change::Removed => c.removed += 1,
                Change::Changed | Change::Reversioned => c.changed += 1,
            }
        }
        c
    }
    pub fn is_empty(&self) -> bool {
        self.added + self.removed + self.changed == 0
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ReportSummary {
    pub services: Counts,
    pub types: Counts,
    pub resource_types: Counts,
    pub template_entries: Counts,
    pub files: Counts,
    pub findings: aps_diag::Summary,
}

impl Report {
    /// Nothing differs at all (files included).
    pub fn is_empty(&self) -> bool {
        self.metadata.is_empty()
            && self.services.is_empty()
            && self.types.is_empty()
            && self.wizard.resource_types.is_empty()
            && self.wizard.template_entries.is_empty()
            && self.wizard.old_present == self.wizard.new_present
            && self.files.is_empty()
    }
}
