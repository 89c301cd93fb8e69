//! The report's human form (grouped by service, then type) and its JSON form.

use crate::report::{Change, Detail, FieldChange, MemberChange, Report, TypeChange};
use crate::rules::shorten;
use std::collections::BTreeSet;
use std::fmt::Write;

/// How the human form looks.
#[derive(Debug, Clone, Default)]
pub struct HumanReportOptions {
    /// ANSI colours for the change markers and headings.
    pub color: bool,
    /// How the findings at the end are rendered.
    pub diagnostics: aps_diag::HumanOptions,
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn heading(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn marker(&self, c: Change) -> String {
        let code = match c {
            Change::Added => "32",
            Change::Removed => "31",
            Change::Changed => "33",
            Change::Reversioned => "36",
        };
        self.paint(code, &c.marker().to_string())
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("(none)")
}

/// Strings bare, other JSON values as JSON.
fn value(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(serde_json::Value::String(s)) => shorten(s, 70),
        Some(v) => shorten(&v.to_string(), 70),
    }
}

fn json_text(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(v) => shorten(&v.to_string(), 70),
    }
}

fn field_line(out: &mut String, p: &Painter, indent: &str, f: &FieldChange) {
    let _ = writeln!(
        out,
        "{indent}{} {}: {} → {}",
        p.marker(Change::Changed),
        f.field,
        value(&f.old),
        value(&f.new)
    );
}

fn detail_line(out: &mut String, indent: &str, d: &Detail) {
    let mut line = match (&d.old, &d.new) {
        (None, _) => format!("{}: added {}", d.pointer, json_text(&d.new)),
        (_, None) => format!("{}: removed (was {})", d.pointer, json_text(&d.old)),
        _ => format!("{}: {} → {}", d.pointer, json_text(&d.old), json_text(&d.new)),
    };
    if let Some(why) = &d.incompatible {
        let _ = write!(line, "  [incompatible: {why}]");
    }
    let _ = writeln!(out, "{indent}{line}");
}

fn member_lines(out: &mut String, p: &Painter, m: &MemberChange) {
    let flag = if m.incompatible { "  [incompatible]" } else { "" };
    let _ = writeln!(out, "      {} {} `{}`{flag}", p.marker(m.change), m.kind.as_str(), m.name);
    // A whole member added or removed is one detail; its JSON adds nothing readable.
    if m.change == Change::Changed || m.details.len() > 1 {
        for d in &m.details {
            detail_line(out, "          ", d);
        }
    }
}

fn type_lines(out: &mut String, p: &Painter, t: &TypeChange) {
    let head = match t.change {
        Change::Added => format!("type {} (added)", t.id),
        Change::Removed if t.removed_entirely == Some(true) => {
            format!("type {} (removed; no version of it remains)", t.id)
        }
        Change::Removed => format!("type {} (removed)", t.id),
        Change::Changed => format!("type {} (changed in place)", t.id),
        Change::Reversioned => {
            let what = match t.same_major {
                Some(true) => "new minor version",
                Some(false) => "new major version",
                None => "new version",
            };
            format!("type {} → {} ({what})", opt(&t.old_id), opt(&t.new_id))
        }
    };
    let mut flags = Vec::new();
    if t.incompatible {
        flags.push("incompatible");
    }
    if t.neutral_only {
        flags.push("no effective change");
    }
    let flags = if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join(", ")) };
    let _ = writeln!(out, "  {} {head}{flags}", p.marker(t.change));
    for m in &t.members {
        member_lines(out, p, m);
    }
}

/// The human form: metadata, then each service with its types, wizard
/// data, files, and the upgrade findings.
pub fn render_human(report: &Report, opts: &HumanReportOptions) -> String {
    let p = Painter { color: opts.color };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({}) → {} ({})",
        p.heading("diff"),
        report.old.path,
        report.old.version_release(),
        report.new.path,
        report.new.version_release()
    );
    if report.is_empty() {
        out.push_str("\nno differences\n");
    }
    if !report.metadata.is_empty() {
        let _ = writeln!(out, "\n{}", p.heading("Application"));
        for f in &report.metadata {
            field_line(&mut out, &p, "  ", f);
        }
    }

    let mut service_ids: BTreeSet<&str> = report.services.iter().map(|s| s.id.as_str()).collect();
    service_ids.extend(report.types.iter().filter_map(|t| t.service.as_deref()));
    for id in service_ids {
        let change = report.services.iter().find(|s| s.id == id);
        let suffix = match change.map(|c| c.change) {
            Some(Change::Added) => " (added)",
            Some(Change::Removed) => " (removed)",
            _ => "",
        };
        let _ = writeln!(out, "\n{}", p.heading(&format!("Service `{id}`{suffix}")));
        for f in change.map(|c| c.fields.as_slice()).unwrap_or_default() {
            field_line(&mut out, &p, "  ", f);
        }
        for t in report.types.iter().filter(|t| t.service.as_deref() == Some(id)) {
            type_lines(&mut out, &p, t);
        }
    }
    let orphans: Vec<&TypeChange> = report.types.iter().filter(|t| t.service.is_none()).collect();
    if !orphans.is_empty() {
        let _ = writeln!(out, "\n{}", p.heading("Types not served by a service"));
        for t in orphans {
            type_lines(&mut out, &p, t);
        }
    }

    let w = &report.wizard;
    if w.old_present != w.new_present || !w.resource_types.is_empty() || !w.template_entries.is_empty() {
        let _ = writeln!(out, "\n{}", p.heading("Wizard data"));
        match (w.old_present, w.new_present) {
            (false, true) => {
                out.push_str(&format!("  {} scripts/wizard_data.json (added)\n", p.marker(Change::Added)))
            }
            (true, false) => {
                out.push_str(&format!("  {} scripts/wizard_data.json (removed)\n", p.marker(Change::Removed)))
            }
            _ => {}
        }
        for r in &w.resource_types {
            let name = r.name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
            let _ = writeln!(out, "  {} resource type {}{name}", p.marker(r.change), r.id);
            for f in &r.fields {
                field_line(&mut out, &p, "      ", f);
            }
        }
        for e in &w.template_entries {
            let _ = writeln!(
                out,
                "  {} service template entry for resource type {}",
                p.marker(e.change),
                e.rt_id
            );
            for f in &e.fields {
                field_line(&mut out, &p, "      ", f);
            }
        }
    }

    if !report.files.is_empty() {
        let c = report.summary.files;
        let _ = writeln!(
            out,
            "\n{} ({} added, {} removed, {} changed)",
            p.heading("Files"),
            c.added,
            c.removed,
            c.changed
        );
        for f in &report.files {
            let _ = writeln!(out, "  {} {}", p.marker(f.change), f.path);
        }
    }

    let _ = writeln!(out, "\n{}", p.heading("Upgrade checks"));
    out.push_str(&aps_diag::render_human(&report.diagnostics, &opts.diagnostics));
    out
}

/// The JSON form: the report (see [`Report`]) plus `findings`, which follows
/// the diagnostics JSON contract of `--format json` (`version`, `diagnostics`, `summary`).
pub fn render_json(report: &Report) -> String {
    let mut doc = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    let findings: serde_json::Value =
        serde_json::from_str(&aps_diag::render_json(&report.diagnostics)).unwrap_or(serde_json::Value::Null);
    if let Some(o) = doc.as_object_mut() {
        o.insert("findings".into(), findings);
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
