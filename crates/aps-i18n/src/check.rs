//! The translation checks of the package lint (rules `LOC*`).

use crate::catalog::{self, MAX_PO_BYTES};
use crate::extract;
use crate::po::{self, PoFile};
use crate::rules::{
    self, CatalogCompiled, Charset, DuplicateMsgid, MissingTranslation, PoSyntax, StaleCatalog,
};
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use aps_model::PackageSource;
use std::collections::HashMap;
use std::sync::Arc;

/// Check every `i18n/*.po` of a package: syntax, charset, locale names, duplicates,
/// placeholders, fuzzy entries, their catalogs, and the package's strings they lack.
pub fn lint_package(source: &dyn PackageSource) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut read: Vec<(String, PoFile)> = Vec::new();
    for rel in catalog::po_files(source) {
        if let Some(po) = check_po(source, &rel, &mut diags) {
            read.push((rel, po));
        }
    }
    if !read.is_empty() {
        missing_strings(source, &read, &mut diags);
    }
    diags
}

/// Check one PO file; the file when it could be read.
fn check_po(source: &dyn PackageSource, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<PoFile> {
    let display = source.display_path(rel);
    let bytes = match source.read_limited(rel, MAX_PO_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.push(PoSyntax::Unreadable { error: &e }.diagnostic().at_path(display));
            return None;
        }
    };
    let (file, bad) = SourceFile::from_bytes(display, bytes);
    if let Some(at) = bad {
        diags.push(
            Charset::NotUtf8
                .diagnostic()
                .at(&file, Span::new(at, at + 1))
                .with_label("first byte that is not UTF-8"),
        );
        return None;
    }
    let (po, syntax) = po::parse(&file);
    let clean = syntax.is_empty();
    diags.extend(syntax);
    rules::locale_name::check(&po, rel, diags);
    rules::charset::check_declared(&po, diags);
    check_entries(&po, diags);
    if clean {
        check_catalog(source, &po, rel, diags);
    }
    Some(po)
}

/// One pass over the entries: duplicates need what came before, the other checks one entry.
fn check_entries(po: &PoFile, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(Option<&str>, &str), Span> = HashMap::new();
    for entry in po.messages() {
        let Some(id) = &entry.msgid else { continue };
        let key = (entry.msgctxt.as_ref().map(|c| c.value.as_str()), id.value.as_str());
        if let Some(first) = seen.get(&key) {
            diags.push(
                DuplicateMsgid { msgid: &id.value }.diagnostic().at(&po.file, id.span).with_secondary(
                    &po.file,
                    *first,
                    "first entry",
                ),
            );
        } else {
            seen.insert(key, id.span);
        }
        rules::fuzzy::check(po, entry, diags);
        rules::placeholder::check(po, entry, diags);
    }
}

fn check_catalog(source: &dyn PackageSource, po: &PoFile, rel: &str, diags: &mut Vec<Diagnostic>) {
    let json_rel = format!("{}.json", rel.trim_end_matches(".po"));
    let compiled = catalog::compile(po);
    match source.read_limited(&json_rel, MAX_PO_BYTES) {
        Ok(existing) if existing == compiled => {}
        Ok(_) => diags.push(
            StaleCatalog { json: &json_rel, po: rel }.diagnostic().at_path(source.display_path(&json_rel)),
        ),
        Err(_) => diags.push(
            CatalogCompiled::Missing { po: rel, json: &json_rel }
                .diagnostic()
                .at_path(po.file.path().to_string()),
        ),
    }
}

/// Strings the package uses that some locale has no entry for: one finding per string,
/// at its first use.
fn missing_strings(source: &dyn PackageSource, pos: &[(String, PoFile)], diags: &mut Vec<Diagnostic>) {
    let known: Vec<(String, std::collections::HashSet<&str>)> =
        pos.iter().map(|(rel, p)| (rel.clone(), p.messages().map(|e| e.id()).collect())).collect();
    let mut files: HashMap<String, Option<Arc<SourceFile>>> = HashMap::new();
    for m in extract::package_strings(source) {
        let lacking: Vec<&str> = known
            .iter()
            .filter(|(_, ids)| !ids.contains(m.msgid.as_str()))
            .map(|(rel, _)| rel.as_str())
            .collect();
        let Some(first) = m.uses.first() else { continue };
        if lacking.is_empty() {
            continue;
        }
        let file = files
            .entry(first.file.clone())
            .or_insert_with(|| {
                let bytes = source.read_limited(&first.file, 64 * 1024 * 1024).ok()?;
                let text = String::from_utf8(bytes).ok()?;
                Some(SourceFile::new(source.display_path(&first.file), text))
            })
            .clone();
        let d = MissingTranslation { msgid: &m.msgid, lacking: &lacking }.diagnostic();
        let d = match file {
            Some(f) => d.at(&f, Span::empty(first.offset)),
            None => d.at_path(source.display_path(&first.file)),
        };
        diags.push(d);
    }
}
