use aps_diag::rule;

rule! { NOT_PACKED;
    //! An entry of the version folder is not packed into `application.tar.gz`:
    //! hidden entries (names starting with `.`, such as `.DS_Store` or `src/.terraform/`),
    //! and at the top level a leftover `application.tar.gz`, `*.qcow2` images and `*.bin` installers.
    //!
    //! **Why:** ZStack's own script packs with `tar -czvf application.tar.gz *` inside the
    //! folder, so a previous build's `application.tar.gz` or an image copied there ends up
    //! inside the new archive (a multi-gigabyte `application.tar.gz`). aps-pack leaves
    //! them out; this warning says so, so that nothing disappears silently.
    //!
    //! **Fix:** move those files out of the application folder (images are given with `--image`).

    /// An entry the packer leaves out (the site notes why).
    pub struct NotPacked<'a> { pub rel: &'a str }
        => format!("`{rel}` is not packed into application.tar.gz"),
        help: "move it out of the application folder".into();
}
