//! Reading a selected file later in the build, sure that it is still the file
//! the selection chose ([`aps_diag::reading`]): a link, FIFO or device put in
//! its place, or a file that grew or shrank, stops the build.

use super::SelectedFile;
use aps_diag::reading::{check_listed_size, open_listed};
use std::fs::File;
use std::io::{self, Read};

impl SelectedFile {
    /// Open the file for reading, refusing it if it is no longer the regular
    /// file the selection chose. Read no more than [`SelectedFile::size`] bytes
    /// and one more (see [`SelectedFile::check_size`]).
    pub fn open(&self) -> io::Result<File> {
        open_listed(&self.path, self.identity, Some(&self.root))
    }

    /// The error when `read` bytes were found instead of the selected size.
    pub fn check_size(&self, read: u64) -> io::Result<()> {
        check_listed_size(self.size, read)
    }

    /// The whole file, as selected.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        // The size is only a hint here: the read is bounded, not the allocation's guess.
        let mut bytes = Vec::with_capacity(self.size.min(1 << 20) as usize + 1);
        self.open()?.take(self.size.saturating_add(1)).read_to_end(&mut bytes)?;
        self.check_size(bytes.len() as u64)?;
        Ok(bytes)
    }
}
