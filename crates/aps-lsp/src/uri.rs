//! `file:` URIs ↔ paths, through the `url` crate (percent-encoding, hosts and drive letters
//! as the URL standard has them); `lsp_types::Uri` is the protocol's spelling of the same.

use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The `file:` URI of an absolute path; `None` for a relative one.
pub fn from_path(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    // The URL standard leaves `[ ] | ^ \` bare in a path; RFC 3986, which `Uri` follows and
    // editors send, wants them encoded.
    let mut text = String::with_capacity(url.as_str().len());
    for c in url.as_str().chars() {
        match c {
            '[' | ']' | '|' | '^' | '\\' => text.push_str(&format!("%{:02X}", c as u32)),
            c => text.push(c),
        }
    }
    Uri::from_str(&text).ok()
}

/// The path a `file:` URI names; `None` for other schemes, remote hosts and malformed URIs.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_with_spaces_and_non_ascii() {
        for path in ["/srv/pkg/APP-META.xml", "/home/a b/Café #1/x%y.schema", "/tmp/[x]|^/wizard_data.json"]
        {
            let uri = from_path(Path::new(path)).expect("absolute path");
            assert!(uri.as_str().starts_with("file:///"), "{}", uri.as_str());
            assert_eq!(to_path(&uri).as_deref(), Some(Path::new(path)), "{}", uri.as_str());
        }
    }

    #[test]
    fn other_schemes_hosts_and_relative_paths_are_not_files() {
        assert!(from_path(Path::new("relative/APP-META.xml")).is_none());
        for text in ["untitled:Untitled-1", "https://example.com/x", "file://server/share/x"] {
            let uri = Uri::from_str(text).expect("a URI");
            assert_eq!(to_path(&uri), None, "{text}");
        }
        let uri = Uri::from_str("file:///srv/a%20b/c.xml").expect("a URI");
        assert_eq!(to_path(&uri), Some(PathBuf::from("/srv/a b/c.xml")));
    }
}
