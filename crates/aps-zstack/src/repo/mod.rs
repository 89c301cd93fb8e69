//! Marketplace repositories (a CDN folder or a management node's
//! `/opt/zstack-marketplace-repo`):
//!
//! ```text
//! REPO/index.json                               ZStack's index
//! REPO/manifest.json                            size and SHA-256 of every artefact (aps-pack)
//! REPO/<app>/<arch>/<version>/application.tar.gz
//! REPO/<app>/<arch>/<version>/image.qcow2       (optional)
//! ```

mod index;
mod layout;
mod lock;
mod manifest;
pub mod object;
mod publish;
mod publish_object;
mod stage;
mod storage;
mod targz_check;
mod verify;

pub use index::{
    read_index, read_index_bytes, regenerate_index, regenerate_index_in, render_index, IndexDoc, IndexOutcome,
};
pub use layout::{infer_place, scan, Scan};
pub use manifest::{read_manifest, read_manifest_bytes, render_manifest, ManifestDoc, ManifestEntry};

pub use object::{ObjectRepo, RepoUrl};
pub use publish::{publish, Outcome, PublishInput, PublishOptions, PublishReport, Published};
pub use publish_object::publish_objects;
pub use storage::{FolderStorage, Meta, Storage};
pub use verify::{verify_in, verify_repo};

use aps_diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

pub const INDEX: &str = "index.json";
pub const MANIFEST: &str = "manifest.json";
pub const MANIFEST_FORMAT: &str = "aps-pack-zstack-manifest-1";
/// Files of a version folder.
pub const ARTEFACTS: &[&str] = &["application.tar.gz", "image.qcow2"];

/// app → arch → versions, each in byte order (what `index.json` lists).
pub type Layout = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// A failure that stops a repository command.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RepoError {
    pub message: String,
    pub help: Option<String>,
    /// Findings that explain the failure (shown before the message).
    pub diagnostics: Vec<Diagnostic>,
    /// The inputs or the repository were refused (exit 1), as opposed to an
    /// I/O failure or bad usage (exit 2).
    pub refused: bool,
}

impl RepoError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        RepoError { message: message.into(), help: None, diagnostics: Vec::new(), refused: false }
    }
    pub(crate) fn refusal(message: impl Into<String>) -> Self {
        RepoError { refused: true, ..RepoError::new(message) }
    }
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub(crate) fn io(what: &str, path: &Path, e: io::Error) -> Self {
        RepoError::new(format!("{what} {}: {e}", path.display()))
    }
}

fn check_root(root: &Path) -> Result<(), RepoError> {
    if !root.is_dir() {
        return Err(RepoError::new(format!("repository folder {} does not exist", root.display()))
            .help("create it first (`mkdir -p`), or correct the path"));
    }
    Ok(())
}

/// How many times a metadata file is read again after another writer came first.
pub(crate) const CAS_ATTEMPTS: usize = 200;

/// A short, randomised pause before reading a metadata file again, so
/// concurrent writers stop meeting.
pub(crate) fn backoff() {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let ms = 5 + u64::from((jitter ^ std::process::id().rotate_left(7)) % 45);
    std::thread::sleep(std::time::Duration::from_millis(ms));
}

pub(crate) fn too_busy(name: &str) -> RepoError {
    RepoError::new(format!(
        "{name} kept changing under this run ({CAS_ATTEMPTS} attempts); nothing more was written"
    ))
    .help("other publishers are writing the repository; run the command again")
}

/// JSON text with two-space indentation and non-ASCII and control characters
/// as `\uXXXX` escapes (Python's `json.dump(…, indent=2)`).
pub(crate) fn json_text<T: serde::Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        AsciiPretty(serde_json::ser::PrettyFormatter::with_indent(b"  ")),
    );
    if value.serialize(&mut ser).is_err() {
        return String::new(); // not reached: strings and numbers always serialise
    }
    String::from_utf8(out).unwrap_or_default()
}

struct AsciiPretty<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for AsciiPretty<'_> {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        for c in fragment.chars() {
            if c.is_ascii() && c != '\u{7f}' {
                w.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        use serde_json::ser::CharEscape;
        let byte = match escape {
            CharEscape::Quote => return w.write_all(b"\\\""),
            CharEscape::ReverseSolidus => return w.write_all(b"\\\\"),
            CharEscape::Solidus => return w.write_all(b"/"),
            CharEscape::Backspace => 0x08,
            CharEscape::FormFeed => 0x0c,
            CharEscape::LineFeed => 0x0a,
            CharEscape::CarriageReturn => 0x0d,
            CharEscape::Tab => 0x09,
            CharEscape::AsciiControl(b) => b,
        };
        write!(w, "\\u{byte:04x}")
    }
}
