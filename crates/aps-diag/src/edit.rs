//! Edits of a source text at byte spans: the one way aps-pack changes a file a user wrote
//! (stamping APP-META.xml in a build, `bump`), so that every byte outside the edits stays as
//! it was written.

use crate::Span;

/// Replace `span` of a text by `replacement` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit { span, replacement: replacement.into() }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit { span: Span::new(at, at), replacement: text.into() }
    }
}

/// `text` with `edits` applied. Edits are applied from the end so that earlier offsets stay
/// valid; two inserts at one offset keep their given order. An edit that overlaps one after
/// it, or does not fall on character boundaries, is left out: callers build edits from a
/// parser's spans, so neither happens unless a span is wrong, and a wrong span must not
/// corrupt the rest of the file.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    // Stable sort by position, then walk backwards: equal inserts come out in given order.
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = text.to_string();
    let mut limit = text.len();
    for edit in edits.iter().rev() {
        let Span { start, end } = edit.span;
        let fits = start <= end && end <= limit && out.is_char_boundary(start) && out.is_char_boundary(end);
        if fits {
            out.replace_range(start..end, &edit.replacement);
            limit = start;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_from_the_end_and_keep_the_order_of_inserts_at_one_place() {
        let text = "<a>1.2</a><b/>";
        let edits = vec![Edit::insert(10, "x"), Edit::replace(Span::new(3, 6), "1.3"), Edit::insert(10, "y")];
        assert_eq!(apply(text, edits), "<a>1.3</a>xy<b/>");
    }

    #[test]
    fn overlapping_and_split_character_edits_are_left_out() {
        assert_eq!(
            apply("abcdef", vec![Edit::replace(Span::new(1, 4), "X"), Edit::replace(Span::new(2, 5), "Y")]),
            "abYf"
        );
        assert_eq!(apply("é", vec![Edit::replace(Span::new(1, 2), "e")]), "é");
    }
}
