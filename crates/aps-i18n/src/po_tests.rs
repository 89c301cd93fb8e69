use super::*;

fn read(text: &str) -> (PoFile, Vec<Diagnostic>) {
    parse(&SourceFile::new("i18n/de_DE.po", text))
}

#[test]
fn entries_header_and_continuations() {
    let (po, diags) = read(
        "# c\nmsgid \"\"\nmsgstr \"Language: de_DE\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n#: a.js:1\n#, fuzzy\nmsgid \"a\"\n\"b\"\nmsgstr \"x\\ty\"\n\n#~ msgid \"old\"\n#~ msgstr \"alt\"\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(po.entries.len(), 3);
    assert_eq!(po.header_field("language").map(|v| v.0), Some("de_DE".to_string()));
    let e = &po.entries[1];
    assert_eq!((e.id(), e.translation()), ("ab", "x\ty"));
    assert!(e.is_fuzzy() && e.references == ["a.js:1"]);
    assert!(po.entries[2].obsolete);
    assert_eq!(po.messages().count(), 1);
}

#[test]
fn plural_and_context() {
    let (po, diags) = read(
        "msgctxt \"c\"\nmsgid \"one\"\nmsgid_plural \"many\"\nmsgstr[0] \"eins\"\nmsgstr[1] \"viele\"\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(po.entries[0].msgstr.len(), 2);
    assert_eq!(po.entries[0].translation(), "eins");
}

#[test]
fn errors_have_positions() {
    let (_, diags) = read(
        "msgid \"a\"\nmsgstr Speichern\nmsgid \"b\\q\"\nmsgstr \"\"\nfoo \"x\"\nmsgid \"c\nmsgstr \"\"\n",
    );
    let at: Vec<(usize, usize)> =
        diags.iter().map(|d| d.line_col().map(|lc| (lc.line, lc.column)).unwrap_or_default()).collect();
    assert_eq!(at, [(2, 8), (3, 9), (5, 1), (6, 9)], "{diags:?}");
}

#[test]
fn crlf_is_seen() {
    let (po, diags) = read("msgid \"a\"\r\nmsgstr \"b\"\r\n");
    assert!(diags.is_empty() && po.crlf);
    assert_eq!(po.entries[0].translation(), "b");
}
