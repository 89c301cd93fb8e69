use crate::appdir::Listing;
use crate::png::{self, PngError};
use aps_diag::{join_display, rule, Diagnostic, Violation};
use aps_json::rules::Unreadable;
use std::path::Path;

rule! { LOGO_NOT_PNG;
    //! `logo.png` does not start with the PNG signature, has no valid `IHDR` header,
    //! has a chunk whose CRC does not match, or ends before the `IEND` chunk.
    //!
    //! **Why:** ZStack only supports PNG logos; a JPEG renamed to `.png` or a truncated
    //! upload shows as a broken image in the marketplace.
    //!
    //! **Fix:** export the logo again as PNG.

    /// logo.png whose bytes are not a PNG image, and why.
    pub struct LogoNotPng<'a> { pub why: &'a PngError }
        => format!("logo.png is not a valid PNG image: {why}"),
        help: "export the logo again as PNG (ZStack shows only PNG logos)".into();
}

/// logo.png of the folder, if the listing has it, read (within the size limit) and checked.
pub(crate) fn check(dir: &Path, display: &str, listing: &Listing, diags: &mut Vec<Diagnostic>) {
    if !listing.entries.iter().any(|e| e.rel == "logo.png" && !e.is_dir) {
        return;
    }
    let shown = join_display(display, "logo.png");
    let path = dir.join("logo.png");
    let unreadable = |e: &std::io::Error| Unreadable::Io { what: "file", error: e }.diagnostic();
    match std::fs::metadata(&path) {
        Ok(m) if m.len() > aps_json::MAX_SOURCE_BYTES => {
            diags.push(aps_json::too_large(&shown, m.len()));
            return;
        }
        Err(e) => {
            diags.push(unreadable(&e).at_path(shown));
            return;
        }
        Ok(_) => {}
    }
    let read = aps_diag::reading::open_regular(&path).and_then(|(file, _)| {
        // A logo larger than the limit was reported above; one that grew since is cut short.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, aps_json::MAX_SOURCE_BYTES + 1), &mut bytes)
            .map(|_| bytes)
    });
    match read {
        Ok(bytes) => {
            if let Err(why) = png::check(&bytes) {
                diags.push(LogoNotPng { why: &why }.diagnostic().at_path(shown));
            }
        }
        Err(e) => diags.push(unreadable(&e).at_path(shown)),
    }
}
