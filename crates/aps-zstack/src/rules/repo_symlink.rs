use aps_diag::rule;

rule! { REPO_SYMLINK;
    //! The repository holds a symbolic link where an application, architecture or
    //! version folder, or an artefact, belongs.
    //!
    //! **Why:** a link can point anywhere on the machine (`/etc`, another
    //! repository); following it would list foreign folders in `index.json` and
    //! check or serve files from outside the repository. aps-pack's `index` and
    //! `verify-repo` and the `.bin` installer's index never follow links: the
    //! entry is left out of the index.
    //!
    //! **Fix:** replace the link with the real folder or file (copy or publish
    //! it), or remove it.

    /// A symbolic link in the repository.
    pub struct RepoSymlink<'a> { pub rel: &'a str }
        => format!("`{rel}` is a symbolic link; it is not followed and is left out of index.json"),
        help: "replace it with the real folder or file, or remove it".into();
}
