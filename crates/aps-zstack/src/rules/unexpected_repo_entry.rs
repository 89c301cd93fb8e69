use aps_diag::rule;

rule! { UNEXPECTED_REPO_ENTRY;
    //! A version folder holds something other than `application.tar.gz` and
    //! `image.qcow2`, a file sits where an application, architecture or version folder
    //! belongs, or a staging folder of an interrupted install (`.aps-stage.*`, `.aps-old.*`) is left.
    //!
    //! **Why:** nothing reads it; leftovers of interrupted installs waste space (they can be gigabytes).
    //!
    //! **Fix:** remove it.

    /// Something in the repository that belongs to no version: a leftover or misplaced
    /// entry (and why), or a file in a version folder that is not an artefact.
    pub enum UnexpectedRepoEntry<'a> {
        Stray { rel: &'a str, why: &'a str } => format!("`{rel}`: {why}"),
            help: "remove it".into();
        NotArtefact { rel: &'a str } => format!("`{rel}` is not an artefact of a version"),
            help: "a version folder holds application.tar.gz and optionally image.qcow2; remove it".into();
    }
}
