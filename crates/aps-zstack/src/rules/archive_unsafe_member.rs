use aps_diag::rule;

rule! { ARCHIVE_UNSAFE_MEMBER;
    //! An `application.tar.gz` of the repository holds a member whose name is
    //! absolute or climbs out with `..`, or a symbolic or hard link whose target
    //! lies outside the archive.
    //!
    //! **Why:** the marketplace server unpacks the archive on the management
    //! node; such a member writes (or points) outside the folder it is unpacked
    //! into, e.g. `../../etc/cron.d/evil`. A manifest that matches only proves
    //! the file was not changed after publishing, not that it is safe.
    //!
    //! **Example:** `tar -tzvf application.tar.gz` lists `../../evil.sh`, or
    //! `templates/x -> /etc/passwd`.
    //!
    //! **Fix:** package the version again with `aps-pack zstack package`, which
    //! writes only plain relative names, and publish it with `--force`.

    /// A member of a published application.tar.gz that escapes its folder, and how.
    pub struct ArchiveUnsafeMember<'a> { pub why: &'a str }
        => format!("application.tar.gz holds a member that escapes its folder: {why}"),
        help: "package the version again with `aps-pack zstack package` and publish it with --force".into();
}
