//! Per-entry checks once the layout is sound: unsafe and colliding names,
//! unsupported methods and flags, special files, and the expansion limits.

use super::{Limits, ZipArchive};
use crate::zipwrite::FLAG_UTF8;
use crate::{names, rules};
use aps_diag::Diagnostic;

/// Non-ASCII characters as `\u{…}`, so that names that print alike can be told apart.
fn escape_non_ascii(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.escape_unicode().to_string() }).collect()
}

impl ZipArchive {
    pub(super) fn check_entries(&mut self, display: &str, limits: &Limits, diags: &mut Vec<Diagnostic>) {
        let at = |name: &str| format!("{display}/{name}");
        let total: u64 = self.entries.iter().map(|e| e.size).fold(0u64, u64::saturating_add);
        if total > limits.max_total_size {
            diags.push(
                Diagnostic::new(
                    &rules::ARCHIVE_TOO_LARGE,
                    format!(
                        "the entries expand to {total} bytes, more than the limit of {} bytes",
                        limits.max_total_size
                    ),
                )
                .at_path(display)
                .with_help("if the archive is genuine, raise the limit with --max-size"),
            );
            self.refused = true;
        }
        let mut seen = std::collections::HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.size > limits.ratio_min_size && e.size / e.compressed_size.max(1) > limits.max_ratio {
                diags.push(
                    Diagnostic::new(
                        &rules::ARCHIVE_TOO_LARGE,
                        format!(
                            "`{}` expands {} bytes into {} ({}:1, the limit is {}:1)",
                            e.name,
                            e.compressed_size,
                            e.size,
                            e.size / e.compressed_size.max(1),
                            limits.max_ratio
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("if the archive is genuine, raise the limit with --max-ratio"),
                );
                self.refused = true;
            }
            if let Some(reason) = names::unsafe_entry_reason(&e.name) {
                diags.push(
                    Diagnostic::new(
                        &rules::UNSAFE_ENTRY_NAME,
                        format!("entry `{}` is unsafe to unpack: {reason}", e.name),
                    )
                    .at_path(display)
                    .with_help("such an entry can write outside the folder the archive is unpacked into"),
                );
                self.unusable[i] = true;
            }
            // Without the UTF-8 flag, Info-ZIP and Python read a name as CP437,
            // Java and this reader as UTF-8: two names for one entry.
            // Names that are not UTF-8 at all were reported when read.
            let lossy = e.name.contains('\u{FFFD}');
            if e.flags & FLAG_UTF8 == 0 && !e.name.is_ascii() && !lossy && !self.unusable[i] {
                diags.push(
                    Diagnostic::new(
                        &rules::UNSAFE_ENTRY_NAME,
                        format!(
                            "entry `{}` has a non-ASCII name but not the UTF-8 flag (bit 11); expected the flag, \
                             without which unpackers read the name as CP437 or as UTF-8 and disagree",
                            e.name
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("rebuild the archive with `aps-pack build`, which marks UTF-8 names"),
                );
                self.unusable[i] = true;
            }
            if let Some(first) = seen.insert(e.name.clone(), e.index) {
                diags.push(
                    Diagnostic::new(
                        &rules::DUPLICATE_ENTRY,
                        format!(
                            "`{}` appears twice in the archive (entries {} and {})",
                            e.name,
                            first + 1,
                            e.index + 1
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("readers disagree on which copy counts; rebuild the archive"),
                );
                self.unusable[i] = true;
            }
            let unsupported = if e.flags & 1 != 0 {
                Some("it is encrypted".to_string())
            } else if let Some(kind) = e.special_kind() {
                Some(kind.to_string())
            } else if e.method != 0 && e.method != 8 {
                Some(format!("it uses compression method {} (only stored and deflate are read)", e.method))
            } else {
                None
            };
            if let Some(why) = unsupported {
                diags.push(
                    Diagnostic::new(
                        &rules::UNSUPPORTED_ENTRY,
                        format!("entry `{}` cannot be checked: {why}; expected a plain stored or deflated file or folder", e.name),
                    )
                    .at_path(at(&e.name))
                    .with_help("rebuild the archive with `aps-pack build`, which packs plain files only"),
                );
                self.unusable[i] = true;
            } else if e.method == 0 && e.size != e.compressed_size {
                diags.push(
                    Diagnostic::new(
                        &rules::CORRUPT_ENTRY_DATA,
                        format!(
                            "stored entry `{}` declares {} bytes but holds {}",
                            e.name, e.size, e.compressed_size
                        ),
                    )
                    .at_path(at(&e.name)),
                );
                self.unusable[i] = true;
            }
        }
        self.check_collisions(display, diags);
    }

    /// Names that are one file once unpacked somewhere: equal when letter case
    /// or Unicode normalisation is ignored, or a path that is a file in one
    /// entry and a folder in another. Which entry wins then depends on the
    /// file system and the unpacking order, not on what was checked.
    fn check_collisions(&self, display: &str, diags: &mut Vec<Diagnostic>) {
        use std::collections::{HashMap, HashSet};
        let at = |name: &str| format!("{display}/{name}");
        let bare = |name: &str| name.strip_suffix('/').unwrap_or(name).to_string();
        let mut exact = HashSet::with_capacity(self.entries.len());
        let mut by_nfc: HashMap<String, usize> = HashMap::with_capacity(self.entries.len());
        let mut by_fold: HashMap<String, usize> = HashMap::with_capacity(self.entries.len());
        for e in &self.entries {
            // Exact duplicates are reported as such.
            if !exact.insert(e.name.as_str()) {
                continue;
            }
            let nfc = names::normalization_key(&bare(&e.name));
            let fold = names::fold_key(&bare(&e.name));
            let same_nfc = by_nfc.get(&nfc).copied();
            let Some(first) = by_fold.get(&fold).copied() else {
                by_nfc.entry(nfc).or_insert(e.index);
                by_fold.insert(fold, e.index);
                continue;
            };
            by_nfc.entry(nfc).or_insert(e.index);
            let first = &self.entries[first];
            if first.is_dir() != e.is_dir() {
                let (file, folder) = if e.is_dir() { (first, e) } else { (e, first) };
                diags.push(
                    Diagnostic::new(
                        &rules::FILE_FOLDER_CONFLICT,
                        format!(
                            "`{}` is a file and `{}` a folder of the same path; expected each path to be one or the other",
                            file.name, folder.name
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("unpacking fails or one replaces the other; rename the file or the folder"),
                );
            } else if let Some(other) = same_nfc {
                diags.push(
                    Diagnostic::new(
                        &rules::NAME_NORMALIZATION_COLLISION,
                        format!(
                            "`{}` and `{}` are the same name in different Unicode normalisation forms (entries {} and {}); expected distinct names",
                            escape_non_ascii(&self.entries[other].name),
                            escape_non_ascii(&e.name),
                            other + 1,
                            e.index + 1
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("file systems that normalise names (macOS) keep only one of them; keep one spelling, preferably NFC"),
                );
            } else {
                diags.push(
                    Diagnostic::new(
                        &rules::CASE_COLLISION,
                        format!(
                            "`{}` and `{}` differ only in letter case (entries {} and {}); expected names that differ otherwise",
                            first.name,
                            e.name,
                            first.index + 1,
                            e.index + 1
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("case-insensitive file systems (Windows, macOS) keep only one of them; rename or remove one"),
                );
            }
        }

        // A file whose path is a parent folder of another entry.
        let mut files: HashMap<String, usize> = HashMap::new();
        for e in self.entries.iter().filter(|e| !e.is_dir()) {
            files.entry(names::fold_key(&e.name)).or_insert(e.index);
        }
        let mut reported = HashSet::new();
        for e in &self.entries {
            let name = bare(&e.name);
            for (cut, _) in name.match_indices('/') {
                let Some(&file) = files.get(&names::fold_key(&name[..cut])) else { continue };
                if reported.insert(file) {
                    let file = &self.entries[file];
                    diags.push(
                        Diagnostic::new(
                            &rules::FILE_FOLDER_CONFLICT,
                            format!(
                                "`{}` is a file, but `{}` needs a folder of that name; expected each path to be a file or a folder, not both",
                                file.name, e.name
                            ),
                        )
                        .at_path(at(&file.name))
                        .with_help("unpacking fails or drops one of them; rename the file or the folder"),
                    );
                }
                break;
            }
        }
    }
}
