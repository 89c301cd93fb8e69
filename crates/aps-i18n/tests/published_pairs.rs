//! Compiling a PO file taken from an official build gives the catalog that build wrote,
//! byte for byte (`fixtures/i18n/`, with provenance in its README).

use aps_diag::SourceFile;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/i18n")
}

#[test]
fn published_catalogs_compile_byte_for_byte() {
    let mut checked = 0;
    for vendor in ["cloudblue", "mozy"] {
        let mut pos: Vec<PathBuf> = std::fs::read_dir(fixtures().join(vendor))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "po"))
            .collect();
        pos.sort();
        for po_path in pos {
            let text = std::fs::read_to_string(&po_path).unwrap();
            let (po, diags) = aps_i18n::po::parse(&SourceFile::new(po_path.display().to_string(), text));
            assert!(diags.is_empty(), "{}: {diags:?}", po_path.display());
            let expected = std::fs::read(po_path.with_extension("json")).unwrap();
            let got = aps_i18n::compile(&po);
            assert!(
                got == expected,
                "{}: compiled catalog differs from the published one\n--- got\n{}",
                po_path.display(),
                String::from_utf8_lossy(&got)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 3);
}

#[test]
fn empty_catalog_is_written_as_official_builds_do() {
    let (po, _) =
        aps_i18n::po::parse(&SourceFile::new("en_US.po", "msgid \"\"\nmsgstr \"Language: en_US\\n\"\n"));
    assert_eq!(aps_i18n::compile(&po), b"{ }");
}
