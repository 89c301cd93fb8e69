//! What a build needs from APP-META.xml — the package's identity for the
//! archive name — and the byte-level edit that stamps the `packaged`
//! attribute on `<application>` without re-serialising anything else.

use quick_xml::events::Event;
use quick_xml::Reader;

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

/// The root element's start tag: its byte range and the end of its name.
struct RootTag {
    start: usize,
    end: usize,
    name_end: usize,
    local_name: String,
}

fn find_root(text: &str) -> Result<RootTag, String> {
    let mut reader = Reader::from_str(text);
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let end = reader.buffer_position() as usize;
                let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let local_name = qname.rsplit(':').next().unwrap_or(&qname).to_string();
                let start = text[before..end].find('<').map(|i| before + i).ok_or("no start tag found")?;
                return Ok(RootTag { start, end, name_end: start + 1 + qname.len(), local_name });
            }
            Ok(Event::DocType(_)) => return Err("APP-META.xml has a DOCTYPE, which is not allowed".into()),
            Ok(Event::Eof) => return Err("APP-META.xml has no root element".into()),
            Ok(_) => {}
            Err(e) => return Err(format!("APP-META.xml is not well-formed XML: {e}")),
        }
    }
}

/// An attribute inside a start tag: byte ranges of its name and of its value
/// (between the quotes), relative to the document.
struct RawAttr {
    name: String,
    value_start: usize,
    value_end: usize,
}

fn scan_attributes(text: &str, tag: &RootTag) -> Result<Vec<RawAttr>, String> {
    let bytes = text.as_bytes();
    let mut i = tag.name_end;
    let mut out = Vec::new();
    loop {
        while i < tag.end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= tag.end || bytes[i] == b'>' || bytes[i] == b'/' {
            return Ok(out);
        }
        let name_start = i;
        while i < tag.end && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
            i += 1;
        }
        let name = text[name_start..i].to_string();
        while i < tag.end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= tag.end || bytes[i] != b'=' {
            return Err(format!("attribute `{name}` of the root element has no value"));
        }
        i += 1;
        while i < tag.end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *bytes.get(i).ok_or("unterminated root element")?;
        if quote != b'"' && quote != b'\'' {
            return Err(format!("attribute `{name}` of the root element is not quoted"));
        }
        let value_start = i + 1;
        let close = text[value_start..tag.end]
            .find(quote as char)
            .map(|p| value_start + p)
            .ok_or_else(|| format!("attribute `{name}` of the root element is not closed"))?;
        out.push(RawAttr { name, value_start, value_end: close });
        i = close + 1;
    }
}

/// APP-META.xml with `packaged="<value>"` set on `<application>`: an existing
/// value is replaced in place, otherwise the attribute is inserted right after
/// the element name (where the official tools put it). Every other byte of the
/// file is kept.
pub fn set_packaged(text: &str, value: &str) -> Result<String, String> {
    // A byte-order mark is kept, and left out of the offsets (the XML reader skips it).
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        return set_packaged(rest, value).map(|t| format!("\u{feff}{t}"));
    }
    let tag = find_root(text)?;
    if tag.local_name != "application" {
        return Err(format!("the root element of APP-META.xml is <{}>, not <application>", tag.local_name));
    }
    let attrs = scan_attributes(text, &tag)?;
    let mut out = String::with_capacity(text.len() + value.len() + 12);
    match attrs.iter().find(|a| a.name == "packaged") {
        Some(attr) => {
            out.push_str(&text[..attr.value_start]);
            out.push_str(value);
            out.push_str(&text[attr.value_end..]);
        }
        None => {
            out.push_str(&text[..tag.name_end]);
            out.push_str(" packaged=\"");
            out.push_str(value);
            out.push('"');
            out.push_str(&text[tag.name_end..]);
        }
    }
    debug_assert!(tag.start < tag.name_end);
    Ok(out)
}

/// Read `<id>`, `<name>`, `<version>` and `<release>` through the package model.
pub fn read_info(text: &str) -> Result<MetaInfo, String> {
    let file = aps_diag::SourceFile::new(APP_META_NAME, text.to_string());
    let (meta, diags) = aps_model::parse_app_meta(&file);
    let Some(meta) = meta else {
        let why = diags.first().map(|d| d.message.clone()).unwrap_or_else(|| "it cannot be read".into());
        return Err(format!("APP-META.xml: {why}"));
    };
    let value = |v: &Option<aps_model::Spanned<String>>| v.as_ref().map(|s| s.value.trim().to_string());
    Ok(MetaInfo {
        id: value(&meta.id),
        name: value(&meta.name),
        version: value(&meta.version),
        release: value(&meta.release),
    })
}

const APP_META_NAME: &str = "APP-META.xml";

#[cfg(test)]
mod bom_tests {
    #[test]
    fn a_byte_order_mark_is_kept_and_does_not_shift_the_edit() {
        let text = "\u{feff}<?xml version=\"1.0\"?>\n<application version=\"2.0\" xmlns=\"http://aps-standard.org/ns/2\"/>";
        let out = super::set_packaged(text, "2024-01-01T00:00:00").unwrap();
        assert!(out.starts_with('\u{feff}'), "{out}");
        assert!(out.contains("<application packaged=\"2024-01-01T00:00:00\" version=\"2.0\""), "{out}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<application xmlns=\"http://aps-standard.org/ns/2\"\n    version=\"2.0\">\n  <id>http://x/app</id>\n  <name>Hello &amp; Cloud</name>\n  <version>1.2</version>\n  <release>3</release>\n  <presentation><summary>not me</summary></presentation>\n</application>\n";

    #[test]
    fn inserts_packaged_after_the_name() {
        let out = set_packaged(META, "2022-10-26T12:04:36").unwrap();
        assert_eq!(
            out,
            META.replace("<application xmlns", "<application packaged=\"2022-10-26T12:04:36\" xmlns")
        );
    }

    #[test]
    fn replaces_existing_packaged_in_place() {
        let text = "<application version='2.0' packaged='2014-10-02T18:54:14'\txmlns='http://aps-standard.org/ns/2'/>";
        let out = set_packaged(text, "1980-01-01T00:00:00").unwrap();
        assert_eq!(out, text.replace("2014-10-02T18:54:14", "1980-01-01T00:00:00"));
    }

    #[test]
    fn prefixed_root_and_errors() {
        let text = "<aps:application xmlns:aps=\"http://aps-standard.org/ns/2\"></aps:application>";
        assert_eq!(
            set_packaged(text, "X").unwrap(),
            "<aps:application packaged=\"X\" xmlns:aps=\"http://aps-standard.org/ns/2\"></aps:application>"
        );
        assert!(set_packaged("<package/>", "X").unwrap_err().contains("<package>"));
        assert!(set_packaged("<!DOCTYPE x><application/>", "X").unwrap_err().contains("DOCTYPE"));
        assert!(set_packaged("", "X").is_err());
    }

    #[test]
    fn reads_identity() {
        let info = read_info(META).unwrap();
        assert_eq!(info.id.as_deref(), Some("http://x/app"));
        assert_eq!(info.name.as_deref(), Some("Hello & Cloud"));
        assert_eq!(info.version.as_deref(), Some("1.2"));
        assert_eq!(info.release.as_deref(), Some("3"));
        assert_eq!(info.archive_file_name(), "Hello-Cloud-1.2-3.app.zip");
    }
}
