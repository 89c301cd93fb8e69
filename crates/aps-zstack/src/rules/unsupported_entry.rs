use aps_diag::rule;

rule! { UNSUPPORTED_ENTRY;
    //! The version folder contains a symbolic link, a device, a FIFO or a socket, or an
    //! entry whose name is not UTF-8.
    //!
    //! **Why:** a link can point outside the folder (packing it would leak or break the
    //! archive); special files cannot be packed at all; names that are not UTF-8 become
    //! garbage on the management node.
    //!
    //! **Fix:** replace links by the files they point to, remove special files, rename the entry.

    /// An entry that cannot be packed, and why.
    pub struct UnsupportedEntry<'a> { pub rel: &'a str, pub why: &'a str }
        => format!("`{rel}` cannot be packed: {why}"),
        help: "replace a link by the file it points to; remove special files; rename the entry".into();
}
