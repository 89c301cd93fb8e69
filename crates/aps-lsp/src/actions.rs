//! Code actions: the fixes the findings carry (`aps_diag::Fix`, the ones `lint --fix`
//! applies), as edits of the open document.

use crate::convert::LineIndex;
use crate::server::{Server, Stored};
use crate::uri;
use aps_diag::Change;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Range, TextEdit,
    WorkspaceEdit,
};
use std::collections::HashMap;

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

// `WorkspaceEdit::changes` is keyed by `Uri` in lsp-types; its cached parts never change the key.
#[allow(clippy::mutable_key_type)]
pub fn code_actions(s: &Server<'_>, p: CodeActionParams) -> Option<CodeActionResponse> {
    let path = uri::to_path(&p.text_document.uri)?;
    let (doc, state) = s.doc(&path)?;
    let stored: &Vec<Stored> = state?.diags.get(&path)?;
    let index = LineIndex::new(&doc.text);
    let mut out = Vec::new();
    for d in stored.iter().filter(|d| overlaps(d.lsp.range, p.range)) {
        let Some((title, edits)) = fix(d, &doc.text, &index) else { continue };
        let changes = HashMap::from([(p.text_document.uri.clone(), edits)]);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.lsp.clone()]),
            edit: Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    Some(out)
}

/// The edits of a finding's fix, when they are all in this document and its text is still
/// the one checked.
fn fix(d: &Stored, text: &str, index: &LineIndex) -> Option<(String, Vec<TextEdit>)> {
    let fix = d.fix.as_ref()?;
    let own = d.file.as_ref()?;
    if own.text() != text {
        return None;
    }
    let mut edits = Vec::new();
    for change in &fix.changes {
        match change {
            Change::Edit { file, edit } if file.path() == own.path() => {
                edits.push(TextEdit::new(index.range(text, edit.span), edit.replacement.clone()))
            }
            // A fix that writes or removes other files is for `lint --fix`.
            _ => return None,
        }
    }
    Some((fix.description.clone(), edits))
}
