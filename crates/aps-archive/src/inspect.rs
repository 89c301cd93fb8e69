//! `aps-pack inspect`: a summary of a package folder or archive.

use crate::dsig::SignatureInfo;
use aps_model::{Package, PackageSource, ServiceType};
use std::fmt::Write as _;

/// One service and the type it serves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServiceSummary {
    pub id: String,
    pub schema: Option<String>,
    /// The type's id (`http://…/tenant/1.0`), when known.
    pub type_id: Option<String>,
    pub implements: Vec<String>,
    /// `loaded`, `generated` (from PHP), `pending` (PHP, not generated), `invalid` or `missing`.
    pub type_source: &'static str,
}

/// The summary `inspect` prints.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Inspection {
    pub path: String,
    /// `archive` or `folder`.
    pub kind: &'static str,
    pub id: Option<String>,
    pub name: Option<String>,
    pub version: Option<String>,
    pub release: Option<String>,
    pub packaged: Option<String>,
    pub services: Vec<ServiceSummary>,
    /// Signatures of APP-LIST.xml (archives only), checked but without a trust decision.
    pub signers: Vec<SignatureInfo>,
    pub files: usize,
    /// Sum of the files' sizes.
    pub content_bytes: u64,
    /// Size of the archive file.
    pub archive_bytes: Option<u64>,
    /// The largest files, biggest first (up to five).
    pub largest: Vec<(String, u64)>,
}

/// The files of a source with their sizes.
pub fn files_of(source: &dyn PackageSource) -> Vec<(String, u64)> {
    source
        .files()
        .into_iter()
        .map(|f| {
            let size = source.size(&f).unwrap_or(0);
            (f, size)
        })
        .collect()
}

/// Summarise a package (its model, when APP-META.xml could be read) and its
/// files (`(name, size)`: what an archive holds, or what a build would pack).
pub fn summarize(
    path: &str,
    kind: &'static str,
    files: &[(String, u64)],
    package: Option<&Package>,
    signers: Vec<SignatureInfo>,
    archive_bytes: Option<u64>,
) -> Inspection {
    let mut sizes: Vec<(String, u64)> = files.to_vec();
    let content_bytes = sizes.iter().map(|(_, s)| s).sum();
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sizes.truncate(5);
    let value = |v: &Option<aps_model::Spanned<String>>| v.as_ref().map(|s| s.value.clone());
    let services = package
        .map(|p| {
            p.services
                .iter()
                .map(|s| {
                    let schema = s.schema();
                    ServiceSummary {
                        id: s.service_id.clone(),
                        schema: s.schema_path.clone(),
                        type_id: schema.and_then(|t| value(&t.id)),
                        implements: schema
                            .map(|t| t.implements.iter().map(|i| i.value.clone()).collect())
                            .unwrap_or_default(),
                        type_source: match s.ty {
                            ServiceType::Loaded(_) => "loaded",
                            ServiceType::Generated(_) => "generated",
                            ServiceType::PendingGeneration => "pending",
                            ServiceType::Invalid => "invalid",
                            ServiceType::Missing => "missing",
                        },
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Inspection {
        path: path.to_string(),
        kind,
        id: package.and_then(|p| value(&p.meta.id)),
        name: package.and_then(|p| value(&p.meta.name)),
        version: package.and_then(|p| value(&p.meta.version)),
        release: package.and_then(|p| value(&p.meta.release)),
        packaged: package.and_then(|p| value(&p.meta.packaged)),
        services,
        signers,
        files: files.len(),
        content_bytes,
        archive_bytes,
        largest: sizes,
    }
}

/// A byte count for people: `1.5 MiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

impl Inspection {
    /// The human-readable form.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let _ = writeln!(out, "{} ({})", self.path, self.kind);
        let _ = writeln!(out, "  id:       {}", or_dash(&self.id));
        let _ = writeln!(out, "  name:     {}", or_dash(&self.name));
        let _ = writeln!(out, "  version:  {}-{}", or_dash(&self.version), or_dash(&self.release));
        if let Some(p) = &self.packaged {
            let _ = writeln!(out, "  packaged: {p}");
        }
        let _ = writeln!(out, "  services: {}", self.services.len());
        for s in &self.services {
            let ty = s.type_id.clone().unwrap_or_else(|| format!("(type {})", s.type_source));
            let _ = writeln!(out, "    {:<20} {ty}", s.id);
            if !s.implements.is_empty() {
                let _ = writeln!(out, "    {:<20} implements {}", "", s.implements.join(", "));
            }
        }
        match &self.archive_bytes {
            Some(size) => {
                let _ = writeln!(
                    out,
                    "  files:    {} ({} uncompressed, archive {})",
                    self.files,
                    human_bytes(self.content_bytes),
                    human_bytes(*size)
                );
            }
            None => {
                let _ = writeln!(out, "  files:    {} ({})", self.files, human_bytes(self.content_bytes));
            }
        }
        for (name, size) in &self.largest {
            let _ = writeln!(out, "    {:>10}  {name}", human_bytes(*size));
        }
        if self.kind == "archive" {
            if self.signers.is_empty() {
                let _ = writeln!(out, "  signers:  none (unsigned)");
            } else {
                let _ = writeln!(out, "  signers:  {}", self.signers.len());
                for s in &self.signers {
                    let state = if s.valid { "valid" } else { "INVALID" };
                    let who = s.signer.clone().unwrap_or_else(|| "(unknown signer)".into());
                    let until = s
                        .not_after
                        .as_deref()
                        .map(|t| format!(", certificate until {t}"))
                        .unwrap_or_default();
                    let _ = writeln!(out, "    {}. {who} [{state}{until}]", s.index);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(12), "12 bytes");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 * 1024 * 1024), "3.0 MiB");
    }
}
