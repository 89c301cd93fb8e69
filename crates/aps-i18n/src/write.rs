//! PO files written and merged from a package's strings, stably.
//!
//! Merging keeps the existing file's order, header, translations, comments and flags;
//! only `#:` references are rewritten. Strings no longer used move to the end as obsolete
//! (`#~`) entries (after those that were obsolete already), strings not yet in the file
//! are appended in the order the package uses them, and an obsolete entry whose string is
//! used again comes back with its translation. So a second run with no source change
//! writes the same bytes, and a change shows as a small diff.

use crate::extract::Message;
use crate::po::{Entry, Field, PoFile};
use aps_diag::Span;
use std::collections::{HashMap, HashSet};

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeStats {
    pub added: usize,
    pub obsoleted: usize,
    pub revived: usize,
    pub total: usize,
}

fn field(value: &str) -> Field {
    Field { value: value.to_string(), span: Span::default() }
}

/// The header of a new PO file.
pub fn new_header(locale: &str, project: &str) -> Entry {
    let value = format!(
        "Project-Id-Version: {project}\nPO-Revision-Date: \nLast-Translator: \nLanguage-Team: \nLanguage: {locale}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
    );
    Entry { msgid: Some(field("")), msgstr: vec![field(&value)], ..Default::default() }
}

/// Merge `strings` into `existing` (or a new file for `locale`) and print the result.
pub fn merge(
    existing: Option<&PoFile>,
    locale: &str,
    project: &str,
    strings: &[Message],
) -> (String, MergeStats) {
    let used: HashMap<&str, &Message> = strings.iter().map(|m| (m.msgid.as_str(), m)).collect();
    let mut stats = MergeStats::default();
    let mut header = None;
    let mut active: Vec<Entry> = Vec::new();
    let mut obsolete_old: Vec<Entry> = Vec::new();
    let mut obsolete_new: Vec<Entry> = Vec::new();
    let mut revivable: HashMap<String, Entry> = HashMap::new();
    let mut present: HashSet<String> = HashSet::new();
    for entry in existing.map(|p| p.entries.as_slice()).unwrap_or_default() {
        if entry.is_header() && header.is_none() {
            header = Some(entry.clone());
            continue;
        }
        let mut entry = entry.clone();
        let id = entry.id().to_string();
        match (entry.obsolete, used.get(id.as_str())) {
            (false, Some(m)) => {
                if entry.msgctxt.is_none() {
                    entry.references = references(m);
                }
                present.insert(id);
                active.push(entry);
            }
            (false, None) => {
                entry.obsolete = true;
                entry.references.clear();
                stats.obsoleted += 1;
                obsolete_new.push(entry);
            }
            (true, Some(_)) if entry.msgctxt.is_none() && !revivable.contains_key(&id) => {
                revivable.insert(id, entry);
            }
            (true, _) => obsolete_old.push(entry),
        }
    }
    for m in strings {
        if present.contains(&m.msgid) {
            continue;
        }
        let entry = match revivable.remove(&m.msgid) {
            Some(mut e) => {
                e.obsolete = false;
                stats.revived += 1;
                e
            }
            None => {
                stats.added += 1;
                Entry { msgid: Some(field(&m.msgid)), msgstr: vec![field("")], ..Default::default() }
            }
        };
        let mut entry = entry;
        entry.references = references(m);
        present.insert(m.msgid.clone());
        active.push(entry);
    }
    stats.total = active.len();
    let header = header.unwrap_or_else(|| new_header(locale, project));
    let nl = if existing.is_some_and(|p| p.crlf) { "\r\n" } else { "\n" };
    let mut out = String::new();
    let all = std::iter::once(&header).chain(&active).chain(&obsolete_old).chain(&obsolete_new);
    for (i, entry) in all.enumerate() {
        if i > 0 {
            out.push_str(nl);
        }
        write_entry(&mut out, entry, nl);
    }
    (out, stats)
}

fn references(m: &Message) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for u in &m.uses {
        let r = format!("{}:{}", u.file, u.line);
        if !refs.contains(&r) {
            refs.push(r);
        }
    }
    refs
}

/// One entry in the order GNU gettext writes its parts.
pub fn write_entry(out: &mut String, e: &Entry, nl: &str) {
    let (previous, comments): (Vec<&String>, Vec<&String>) =
        e.comments.iter().partition(|c| c.starts_with("#|") || c.starts_with("#~|"));
    for c in comments {
        out.push_str(c);
        out.push_str(nl);
    }
    if !e.obsolete {
        for r in &e.references {
            out.push_str("#: ");
            out.push_str(r);
            out.push_str(nl);
        }
    }
    if !e.flags.is_empty() {
        out.push_str("#, ");
        out.push_str(&e.flags.join(", "));
        out.push_str(nl);
    }
    for c in previous {
        out.push_str(c);
        out.push_str(nl);
    }
    let prefix = if e.obsolete { "#~ " } else { "" };
    if let Some(f) = &e.msgctxt {
        keyword(out, prefix, "msgctxt", &f.value, nl);
    }
    keyword(out, prefix, "msgid", e.id(), nl);
    if let Some(f) = &e.msgid_plural {
        keyword(out, prefix, "msgid_plural", &f.value, nl);
        for (n, f) in e.msgstr.iter().enumerate() {
            keyword(out, prefix, &format!("msgstr[{n}]"), &f.value, nl);
        }
    } else {
        keyword(out, prefix, "msgstr", e.translation(), nl);
    }
}

/// `msgid "first line\n"` then one string per further line, as the official tools write.
fn keyword(out: &mut String, prefix: &str, name: &str, value: &str, nl: &str) {
    let mut parts: Vec<&str> = value.split_inclusive('\n').collect();
    if parts.is_empty() {
        parts.push("");
    }
    for (i, part) in parts.iter().enumerate() {
        out.push_str(prefix);
        if i == 0 {
            out.push_str(name);
            out.push(' ');
        }
        out.push('"');
        for c in part.chars() {
            if let Some(e) = crate::catalog::shared_escape(c) {
                out.push_str(e);
                continue;
            }
            match c {
                c if (c as u32) < 0x20 => out.push_str(&format!("\\{:03o}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out.push_str(nl);
    }
}
