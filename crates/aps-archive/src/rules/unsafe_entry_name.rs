use aps_diag::rule;

rule! { UNSAFE_ENTRY_NAME;
    //! Reports an archive entry whose name is absolute (`/etc/passwd`), has a drive letter
    //! (`C:…`), a backslash, a `..`, `.` or empty path component, or a control character.
    //!
    //! ## Why
    //! Unpacking such an entry naively writes outside the target folder ("zip slip"), or two
    //! different names end up as the same file.
    //!
    //! ## Example
    //! ```text
    //! ../../etc/cron.d/evil
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive from a package folder with `aps-pack build`.

    /// An entry name that cannot be unpacked safely or read the same way by every reader.
    pub enum UnsafeEntryName<'a> {
        /// `reason` says how it leaves the folder it is unpacked into.
        Unsafe { name: &'a str, reason: &'a str } => format!("entry `{name}` is unsafe to unpack: {reason}"),
            help: "such an entry can write outside the folder the archive is unpacked into".into();
        /// Non-ASCII without the UTF-8 flag.
        NoUtf8Flag { name: &'a str } => format!(
            "entry `{name}` has a non-ASCII name but not the UTF-8 flag (bit 11); expected the flag, \
             without which unpackers read the name as CP437 or as UTF-8 and disagree"
        ),
            help: "rebuild the archive with `aps-pack build`, which marks UTF-8 names".into();
        /// Not UTF-8, shown lossily.
        NotUtf8 { lossy: &'a str } => format!("entry name `{lossy}` is not UTF-8");
    }
}
