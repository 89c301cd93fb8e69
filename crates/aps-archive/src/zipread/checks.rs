//! Per-entry checks once the layout is sound: unsafe and colliding names,
//! unsupported methods and flags, special files, and the expansion limits.

use super::{Limits, ZipArchive};
use crate::names;
use crate::rules::{
    ArchiveTooLarge, CaseCollision, Collision, CorruptEntryData, DuplicateEntry, FileFolderConflict,
    NameNormalizationCollision, UnsafeEntryName, Unsupported, UnsupportedEntry,
};
use crate::zipwrite::FLAG_UTF8;
use aps_diag::{Diagnostic, Violation};

impl ZipArchive {
    pub(super) fn check_entries(&mut self, display: &str, limits: &Limits, diags: &mut Vec<Diagnostic>) {
        let at = |name: &str| format!("{display}/{name}");
        let total: u64 = self.entries.iter().map(|e| e.size).fold(0u64, u64::saturating_add);
        if total > limits.max_total_size {
            diags.push(
                ArchiveTooLarge::Total { total, limit: limits.max_total_size }.diagnostic().at_path(display),
            );
            self.refused = true;
        }
        let mut seen = std::collections::HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if limits.ratio_exceeded(e.size, e.compressed_size) {
                diags.push(
                    ArchiveTooLarge::Ratio {
                        name: &e.name,
                        compressed: e.compressed_size,
                        size: e.size,
                        limit: limits.max_ratio,
                    }
                    .diagnostic()
                    .at_path(at(&e.name)),
                );
                self.refused = true;
            }
            if let Some(reason) = names::unsafe_entry_reason(&e.name) {
                diags.push(UnsafeEntryName::Unsafe { name: &e.name, reason }.diagnostic().at_path(display));
                self.unusable[i] = true;
            }
            // Without the UTF-8 flag, Info-ZIP and Python read a name as CP437,
            // Java and this reader as UTF-8: two names for one entry.
            // Names that are not UTF-8 at all were reported when read.
            let lossy = e.name.contains('\u{FFFD}');
            if e.flags & FLAG_UTF8 == 0 && !e.name.is_ascii() && !lossy && !self.unusable[i] {
                diags.push(UnsafeEntryName::NoUtf8Flag { name: &e.name }.diagnostic().at_path(at(&e.name)));
                self.unusable[i] = true;
            }
            if let Some(first) = seen.insert(e.name.clone(), e.index) {
                diags.push(
                    DuplicateEntry { name: &e.name, first_index: first, second_index: e.index }
                        .diagnostic()
                        .at_path(at(&e.name)),
                );
                self.unusable[i] = true;
            }
            let unsupported = if e.flags & 1 != 0 {
                Some(Unsupported::Encrypted)
            } else if let Some(kind) = e.special_kind() {
                Some(Unsupported::Special(kind))
            } else if e.method != 0 && e.method != 8 {
                Some(Unsupported::Method(e.method))
            } else {
                None
            };
            if let Some(why) = unsupported {
                diags.push(UnsupportedEntry { name: &e.name, why }.diagnostic().at_path(at(&e.name)));
                self.unusable[i] = true;
            } else if e.method == 0 && e.size != e.compressed_size {
                diags.push(
                    CorruptEntryData::StoredSize {
                        name: &e.name,
                        size: e.size,
                        compressed: e.compressed_size,
                    }
                    .diagnostic()
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
                    FileFolderConflict::SamePath { file: &file.name, folder: &folder.name }
                        .diagnostic()
                        .at_path(at(&e.name)),
                );
            } else if let Some(other) = same_nfc {
                diags.push(
                    NameNormalizationCollision {
                        names: Collision::Entries {
                            first: &self.entries[other].name,
                            second: &e.name,
                            first_index: other,
                            second_index: e.index,
                        },
                    }
                    .diagnostic()
                    .at_path(at(&e.name)),
                );
            } else {
                diags.push(
                    CaseCollision {
                        names: Collision::Entries {
                            first: &first.name,
                            second: &e.name,
                            first_index: first.index,
                            second_index: e.index,
                        },
                    }
                    .diagnostic()
                    .at_path(at(&e.name)),
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
                        FileFolderConflict::ParentIsFile { file: &file.name, entry: &e.name }
                            .diagnostic()
                            .at_path(at(&file.name)),
                    );
                }
                break;
            }
        }
    }
}
