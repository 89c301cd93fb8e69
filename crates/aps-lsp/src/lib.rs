//! `aps-pack server`: a Language Server Protocol server for APS packages.
//!
//! The server keeps the texts the editor has open, lints the package each one belongs
//! to through the project's one lint pipeline (handed in as a [`Checker`]) with those
//! texts laid over the disk ([`aps_model::OverlaySource`]), and publishes the findings
//! of every file of the package. Definition, hover and completion read the model of the
//! last check and the document's current text; code actions come from the findings'
//! suggestions.
//!
//! Invariants: the server never reads a file from disk when an open document overlays
//! it; it never answers a malformed document with an error (findings, or empty
//! answers); it keeps only open documents and the packages they belong to.

mod actions;
mod complete;
mod convert;
mod nav;
mod server;
mod uri;

pub use server::{run, Options};
pub use uri::from_path as file_uri;

use aps_diag::Diagnostic;
use aps_model::{Package, PackageSource};
use std::path::Path;
use std::sync::Arc;

/// What one check of a package found.
pub struct Checked {
    /// The model, when APP-META.xml could be read.
    pub package: Option<Package>,
    /// Every finding, with the configured severities applied; paths as the source shows
    /// them (`<root>/<relative path>`).
    pub diagnostics: Vec<Diagnostic>,
}

/// The lint pipeline, as the command line runs it: the server only decides what to
/// check and when.
pub trait Checker {
    /// Check the package at `root` (absolute), reading its files through `source`
    /// (open documents over the disk, displayed under `root`).
    fn check_package(&self, root: &Path, source: Arc<dyn PackageSource>) -> Checked;
    /// Check a file that belongs to no package (aps-pack.toml, a ZStack application
    /// file, a lone schema or wizard file) whose current text is `text`.
    fn check_file(&self, path: &Path, text: &str) -> Vec<Diagnostic>;
}
