//! The translation checks of the package lint (rules `LOC*`).

use crate::catalog::{self, MAX_PO_BYTES};
use crate::po::{self, PoFile};
use crate::{extract, locale, placeholder, rules};
use aps_diag::{Diagnostic, Severity, SourceFile, Span};
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
            diags.push(
                Diagnostic::new(&rules::PO_SYNTAX, format!("cannot read the PO file: {e}")).at_path(display),
            );
            return None;
        }
    };
    let (file, bad) = SourceFile::from_bytes(display, bytes);
    if let Some(at) = bad {
        diags.push(
            Diagnostic::new(
                &rules::CHARSET,
                "the PO file is not UTF-8, the only charset the platform supports",
            )
            .at(&file, Span::new(at, at + 1))
            .with_label("first byte that is not UTF-8")
            .with_help(
                "convert the file to UTF-8 (e.g. `iconv -f ISO-8859-1 -t UTF-8`) and declare `charset=UTF-8`",
            ),
        );
        return None;
    }
    let (po, syntax) = po::parse(&file);
    let clean = syntax.is_empty();
    diags.extend(syntax);
    check_locale(&po, rel, diags);
    if let Some((content_type, span)) = po.header_field("Content-Type") {
        let charset = content_type.split(';').find_map(|p| p.trim().strip_prefix("charset=")).unwrap_or("");
        if !charset.is_empty()
            && !charset.eq_ignore_ascii_case("UTF-8")
            && !charset.eq_ignore_ascii_case("utf8")
        {
            diags.push(
                Diagnostic::new(
                    &rules::CHARSET,
                    format!("the header declares charset `{charset}`; the platform supports only UTF-8"),
                )
                .with_severity(Severity::Warning)
                .at(&file, span)
                .with_help(
                    "declare `Content-Type: text/plain; charset=UTF-8` (the file's bytes are UTF-8 already)",
                ),
            );
        }
    }
    check_entries(&po, diags);
    if clean {
        check_catalog(source, &po, rel, diags);
    }
    Some(po)
}

fn check_locale(po: &PoFile, rel: &str, diags: &mut Vec<Diagnostic>) {
    let name = locale::of_path(rel);
    if !locale::is_valid(name) {
        let help = match locale::suggest(name) {
            Some(fixed) => format!(
                "rename it to i18n/{fixed}.po (language in lower case, country in upper case, joined by `_`)"
            ),
            None => "name it after its locale: `ll` or `ll_CC`, e.g. i18n/de.po or i18n/pt_BR.po".to_string(),
        };
        diags.push(
            Diagnostic::new(
                &rules::LOCALE_NAME,
                format!("`{name}` is not a locale name of the form `ll` or `ll_CC`"),
            )
            .at_path(po.file.path().to_string())
            .with_help(help),
        );
        return;
    }
    if let Some((language, span)) = po.header_field("Language") {
        if !language.is_empty() && language != name {
            diags.push(
                Diagnostic::new(
                    &rules::LOCALE_NAME,
                    format!("the `Language` header says `{language}` but the file is the `{name}` catalog"),
                )
                .at(&po.file, span)
                .with_help(format!(
                    "set `Language: {name}` (or rename the file if it holds {language} texts)"
                )),
            );
        }
    }
}

fn check_entries(po: &PoFile, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(Option<&str>, &str), Span> = HashMap::new();
    for entry in po.messages() {
        let Some(id) = &entry.msgid else { continue };
        let key = (entry.msgctxt.as_ref().map(|c| c.value.as_str()), id.value.as_str());
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::new(
                    &rules::DUPLICATE_MSGID,
                    format!(
                        "`{}` has a second entry; the catalog keeps only the last translation",
                        short(&id.value)
                    ),
                )
                .at(&po.file, id.span)
                .with_secondary(&po.file, *first, "first entry")
                .with_help("keep one entry per text (`msguniq` merges them)"),
            );
        } else {
            seen.insert(key, id.span);
        }
        if entry.is_fuzzy() && !entry.translation().is_empty() {
            diags.push(
                Diagnostic::new(
                    &rules::FUZZY,
                    format!("the translation of `{}` is marked fuzzy but is shipped", short(&id.value)),
                )
                .at(&po.file, id.span)
                .with_help("review the translation and remove `#, fuzzy`"),
            );
        }
        check_placeholders(po, entry, diags);
    }
}

fn check_placeholders(po: &PoFile, entry: &po::Entry, diags: &mut Vec<Diagnostic>) {
    let Some(id) = &entry.msgid else { return };
    let mut expected = placeholder::find(&id.value);
    let plural = entry.msgid_plural.is_some();
    if let Some(p) = &entry.msgid_plural {
        for x in placeholder::find(&p.value) {
            if !expected.contains(&x) {
                expected.push(x);
            }
        }
    }
    for msgstr in &entry.msgstr {
        if msgstr.value.is_empty() {
            continue;
        }
        let got = placeholder::find(&msgstr.value);
        // A plural form may leave the count out ("one file"): only invented ones count there.
        let dropped: Vec<&String> =
            if plural { Vec::new() } else { expected.iter().filter(|p| !got.contains(p)).collect() };
        let invented: Vec<&String> = got.iter().filter(|p| !expected.contains(p)).collect();
        if dropped.is_empty() && invented.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        if !dropped.is_empty() {
            parts.push(format!("drops {}", list(&dropped)));
        }
        if !invented.is_empty() {
            parts.push(format!("has {} that the msgid does not", list(&invented)));
        }
        diags.push(
            Diagnostic::new(
                &rules::PLACEHOLDER,
                format!("the translation of `{}` {}", short(&id.value), parts.join(" and ")),
            )
            .at(&po.file, msgstr.span)
            .with_label("the translation")
            .with_secondary(&po.file, id.span, "the original")
            .with_help("keep every placeholder of the msgid, spelt the same (their order may change)"),
        );
    }
}

fn list(items: &[&String]) -> String {
    items.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}

fn short(s: &str) -> String {
    let one_line = s.replace('\n', "\\n");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line
    }
}

fn check_catalog(source: &dyn PackageSource, po: &PoFile, rel: &str, diags: &mut Vec<Diagnostic>) {
    let json_rel = format!("{}.json", rel.trim_end_matches(".po"));
    let compiled = catalog::compile(po);
    match source.read_limited(&json_rel, MAX_PO_BYTES) {
        Ok(existing) if existing == compiled => {}
        Ok(_) => diags.push(
            Diagnostic::new(&rules::STALE_CATALOG, format!("{json_rel} is not what {rel} compiles to; the UI shows the catalog's texts"))
                .at_path(source.display_path(&json_rel))
                .with_help("run `aps-pack i18n compile`; `aps-pack build` replaces it with the compiled catalog"),
        ),
        Err(_) => diags.push(
            Diagnostic::new(&rules::CATALOG_COMPILED, format!("{rel} has no catalog beside it; the build compiles {json_rel}"))
                .at_path(po.file.path().to_string())
                .with_help("nothing to do for `aps-pack build`; run `aps-pack i18n compile` if other tools build the package"),
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
        let locales: Vec<&str> = lacking.iter().map(|r| locale::of_path(r)).collect();
        let mut d = Diagnostic::new(
            &rules::MISSING_TRANSLATION,
            format!("`{}` has no entry in {}", short(&m.msgid), lacking.join(", ")),
        )
        .with_help(format!(
            "run `aps-pack i18n extract --locale {}` and translate the new entries",
            locales.join(" --locale ")
        ));
        d = match file {
            Some(f) => d.at(&f, Span::empty(first.offset)),
            None => d.at_path(source.display_path(&first.file)),
        };
        diags.push(d);
    }
}
