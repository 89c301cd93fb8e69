//! What the Terraform files under `src/` use and define.
//!
//! ZStack renders each `.tf` file as a Go template with the `input.json`
//! values before running Terraform (`size = {{.root_disk_size}}`), and the
//! marketplace fills `output.json` from Terraform `output "name"` blocks.
//! This is a scanner, not an HCL parser: it finds `{{ … }}` actions and
//! `output "…"` block headers, which is all the checks need.

use aps_diag::Span;

/// A `.name` field reference inside a `{{ … }}` action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRef {
    pub name: String,
    /// Span of `.name`.
    pub span: Span,
}

/// Every `.field` referenced by the template actions of `text`.
pub fn template_refs(text: &str) -> Vec<TemplateRef> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(open) = find(bytes, b"{{", pos) {
        let start = open + 2;
        let Some(close) = find(bytes, b"}}", start) else { break };
        let mut i = start;
        while i < close {
            let prev = if i == start { b' ' } else { bytes[i - 1] };
            let boundary = prev.is_ascii_whitespace() || matches!(prev, b'(' | b'|' | b'-' | b'{');
            if bytes[i] == b'.' && boundary {
                let name_start = i + 1;
                let mut j = name_start;
                while j < close && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                if j > name_start {
                    out.push(TemplateRef { name: text[name_start..j].to_string(), span: Span::new(i, j) });
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        pos = close + 2;
    }
    out
}

/// A Terraform `output "name"` block header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputBlock {
    pub name: String,
    pub span: Span,
}

/// The `output "name" {` blocks of `text` (block headers at the start of a line).
pub fn output_blocks(text: &str) -> Vec<OutputBlock> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("output") {
            let after = rest.trim_start();
            if rest.len() != after.len() || rest.starts_with('"') {
                if let Some(quoted) = after.strip_prefix('"') {
                    if let Some(end) = quoted.find('"') {
                        let name_start = offset + indent + "output".len() + (rest.len() - after.len()) + 1;
                        out.push(OutputBlock {
                            name: quoted[..end].to_string(),
                            span: Span::new(name_start, name_start + end),
                        });
                    }
                }
            }
        }
        offset += line.len();
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_template_fields() {
        let t = "size = {{.root_disk_size}}\nx = {{ .cpu_num }} {{- .a_b -}} {{if .flag}}y{{end}} ${var.x} {{$.skip}}";
        let names: Vec<_> = template_refs(t).into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["root_disk_size", "cpu_num", "a_b", "flag"]);
        let r = &template_refs(t)[0];
        assert_eq!(&t[r.span.start..r.span.end], ".root_disk_size");
        assert!(template_refs("{{ unterminated .x").is_empty());
    }

    #[test]
    fn finds_output_blocks() {
        let t =
            "output \"vm_uuids\" {\n  value = 1\n}\n  output   \"b\"{\n}\n# output \"c\" {}\noutputs = 1\n";
        let blocks = output_blocks(t);
        let names: Vec<_> = blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["vm_uuids", "b"]);
        assert_eq!(&t[blocks[1].span.start..blocks[1].span.end], "b");
    }
}
