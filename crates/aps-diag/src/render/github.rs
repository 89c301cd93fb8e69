use super::end_line_col;
use crate::{Diagnostic, Severity};

/// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per line.
pub fn render_github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(path) = d.display_path() {
            props.push(format!("file={}", escape_property(path)));
        }
        if let Some(lc) = d.line_col() {
            props.push(format!("line={}", lc.line));
            props.push(format!("col={}", lc.column));
            if let Some(end) = end_line_col(d) {
                props.push(format!("endLine={}", end.line));
                if end.line == lc.line {
                    props.push(format!("endColumn={}", end.column));
                }
            }
        }
        props.push(format!("title={}", escape_property(&format!("{} ({})", d.rule.code, d.rule.name))));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!("::{kind} {}::{}\n", props.join(","), escape_data(&message)));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
