use crate::zipread::EntryError;
use aps_diag::rule;

rule! { CORRUPT_ENTRY_DATA;
    //! Reports an entry whose compressed data is damaged, whose CRC-32 does not match, or which
    //! decompresses to a different size than its header declares.
    //!
    //! ## Why
    //! The archive was damaged in transfer, or crafted to lie about its content.
    //!
    //! ## Example
    //! ```text
    //! ui/app.js: CRC-32 is 1a2b3c4d, header says 99aa0011
    //! ```
    //!
    //! ## Fix
    //! Download or build the archive again.

    impl CorruptEntryData<'_> {
        message: |v| match v {
            Self::Unreadable(e) => e.to_string(),
            Self::FolderWithData { name, size } => format!("folder entry `{name}` holds {size} bytes"),
            Self::StoredSize { name, size, compressed } => {
                format!("stored entry `{name}` declares {size} bytes but holds {compressed}")
            }
        },
    }
}

/// An entry whose data cannot be read as its record says.
pub enum CorruptEntryData<'a> {
    /// Reading it failed; the reader says why.
    Unreadable(&'a EntryError),
    /// A folder entry with data.
    FolderWithData { name: &'a str, size: u64 },
    /// A stored entry whose sizes differ.
    StoredSize { name: &'a str, size: u64, compressed: u64 },
}
