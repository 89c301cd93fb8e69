//! What a build needs from APP-META.xml — the package's identity for the
//! archive name — and the edits, at the model's spans, that stamp `packaged` and
//! point services at their generated schemas without re-serialising anything else.

use aps_diag::edit::{self, Edit};

/// The identity of a package, as APP-META.xml states it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MetaInfo {
    pub id: Option<String>,
    pub name: Option<String>,
    pub version: Option<String>,
    pub release: Option<String>,
}

impl MetaInfo {
    /// `<name>-<version>-<release>.app.zip`, each part made safe for a file name.
    pub fn archive_file_name(&self) -> String {
        let part = |v: &Option<String>, fallback: &str| {
            crate::names::file_name_safe(
                v.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(fallback),
            )
        };
        format!(
            "{}-{}-{}.app.zip",
            part(&self.name, "package"),
            part(&self.version, "0"),
            part(&self.release, "0")
        )
    }
}

impl MetaInfo {
    /// The identity the model read from APP-META.xml.
    pub fn of(meta: &aps_model::AppMeta) -> Self {
        let value = |v: &Option<aps_model::Spanned<String>>| v.as_ref().map(|s| s.value.trim().to_string());
        MetaInfo {
            id: value(&meta.id),
            name: value(&meta.name),
            version: value(&meta.version),
            release: value(&meta.release),
        }
    }
}

/// A file a build adds to the package from its own sources: a service's schema generated
/// from its PHP annotations, as `aps build` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The service whose type it describes; empty for a file of no service (a catalog
    /// compiled from a PO file).
    pub service_id: String,
    /// Its name in the archive.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// APP-META.xml as a build archives it, edited at the model's spans so that every other
/// byte stays as written: `packaged="<packaged>"` on `<application>` (an existing value is
/// replaced in place, otherwise the attribute goes right after the element name, where the
/// official tools put it), and, for each generated schema whose service declares none, a
/// `<schema path>` element right before the service's `<code>`, on a line of its own, as the
/// official `aps build` inserts it.
pub fn archived_app_meta(meta: &aps_model::AppMeta, packaged: &str, generated: &[GeneratedFile]) -> String {
    let text = meta.file.text();
    let mut edits = Vec::new();
    match &meta.packaged {
        Some(attr) => edits.push(Edit::replace(attr.span, xml_escape(packaged))),
        None => {
            let tag = &text[meta.start_tag.start..meta.start_tag.end];
            let name_len = tag[1..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .unwrap_or(tag.len() - 1);
            let at = meta.start_tag.start + 1 + name_len;
            edits.push(Edit::insert(at, format!(" packaged=\"{}\"", xml_escape(packaged))));
        }
    }
    for g in generated.iter().filter(|g| !g.service_id.is_empty()) {
        let service = meta.services.iter().find(|s| s.id_str() == g.service_id);
        if let Some(code) = service.filter(|s| s.schema.is_none()).and_then(|s| s.code.as_ref()) {
            let at = code.span.start;
            edits.push(Edit::insert(at, format!("<schema path=\"{}\"/>\n", xml_escape(&g.name))));
        }
    }
    edit::apply(text, edits)
}

/// An attribute value as XML writes it, for either kind of quote.
fn xml_escape(value: &str) -> String {
    quick_xml::escape::escape(value).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    const META: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<application xmlns=\"http://aps-standard.org/ns/2\"\n    version=\"2.0\">\n  <id>http://x/app</id>\n  <name>Hello &amp; Cloud</name>\n  <version>1.2</version>\n  <release>3</release>\n  <presentation><summary>not me</summary></presentation>\n</application>\n";

    fn model(text: &str) -> aps_model::AppMeta {
        let file = Arc::new(aps_diag::SourceFile::new("APP-META.xml", text.to_string()));
        aps_model::parse_app_meta(&file).0.expect("a model")
    }

    fn stamped(text: &str, packaged: &str) -> String {
        archived_app_meta(&model(text), packaged, &[])
    }

    #[test]
    fn inserts_packaged_after_the_name() {
        assert_eq!(
            stamped(META, "2022-10-26T12:04:36"),
            META.replace("<application xmlns", "<application packaged=\"2022-10-26T12:04:36\" xmlns")
        );
    }

    #[test]
    fn replaces_existing_packaged_in_place() {
        let text = "<application version='2.0' packaged='2014-10-02T18:54:14'\txmlns='http://aps-standard.org/ns/2'/>";
        assert_eq!(
            stamped(text, "1980-01-01T00:00:00"),
            text.replace("2014-10-02T18:54:14", "1980-01-01T00:00:00")
        );
    }

    #[test]
    fn prefixed_root() {
        let text = "<aps:application xmlns:aps=\"http://aps-standard.org/ns/2\"></aps:application>";
        assert_eq!(
            stamped(text, "X"),
            "<aps:application packaged=\"X\" xmlns:aps=\"http://aps-standard.org/ns/2\"></aps:application>"
        );
    }

    #[test]
    fn a_byte_order_mark_is_kept_and_does_not_shift_the_edit() {
        let text = "\u{feff}<?xml version=\"1.0\"?>\n<application version=\"2.0\" xmlns=\"http://aps-standard.org/ns/2\"/>";
        let out = stamped(text, "2024-01-01T00:00:00");
        assert!(out.starts_with('\u{feff}'), "{out}");
        assert!(out.contains("<application packaged=\"2024-01-01T00:00:00\" version=\"2.0\""), "{out}");
    }

    #[test]
    fn schema_paths_go_before_the_code_of_services_without_one() {
        let text = "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n<service id=\"a\">\n<code engine=\"php\" path=\"scripts/a.php\"/>\n</service>\n<service id=\"b\">\n<schema path=\"schemas/b.schema.gen\"/>\n<code engine=\"php\" path=\"scripts/b.php\"/>\n</service>\n</application>\n";
        let gen = |id: &str, name: &str| GeneratedFile {
            service_id: id.into(),
            name: name.into(),
            bytes: Vec::new(),
        };
        let out = archived_app_meta(
            &model(text),
            "X",
            &[gen("a", "schemas/a&b.schema.gen"), gen("b", "schemas/b.schema.gen")],
        );
        let want = text.replace("<application xmlns", "<application packaged=\"X\" xmlns").replace(
            "<code engine=\"php\" path=\"scripts/a.php\"/>",
            "<schema path=\"schemas/a&amp;b.schema.gen\"/>\n<code engine=\"php\" path=\"scripts/a.php\"/>",
        );
        assert_eq!(out, want);
    }

    #[test]
    fn reads_identity() {
        let info = MetaInfo::of(&model(META));
        assert_eq!(info.id.as_deref(), Some("http://x/app"));
        assert_eq!(info.name.as_deref(), Some("Hello & Cloud"));
        assert_eq!(info.version.as_deref(), Some("1.2"));
        assert_eq!(info.release.as_deref(), Some("3"));
        assert_eq!(info.archive_file_name(), "Hello-Cloud-1.2-3.app.zip");
    }
}
