fn main() {
    for p in std::env::args().skip(1) {
        let r = aps_archive::verify::verify(std::path::Path::new(&p), &p, &Default::default());
        println!("{p}: files={} dirs={} checked={} sigs={}", r.files, r.dirs, r.checked_content, r.signatures.len());
        for d in &r.diagnostics {
            println!("  {} {} {} {:?}", d.code(), d.severity, d.message, d.display_path());
        }
    }
}
