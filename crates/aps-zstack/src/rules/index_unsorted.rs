use aps_diag::rule;

rule! { INDEX_UNSORTED;
    //! Applications, architectures or versions in `index.json` are not in byte order.
    //!
    //! **Why:** ZStack's own tooling writes them in file-system order, so two builds of
    //! the same repository differ; aps-pack sorts them so the index only changes when
    //! the repository does.
    //!
    //! **Fix:** regenerate the index with `aps-pack zstack index REPO`.

    /// index.json out of byte order.
    pub struct IndexUnsorted => "index.json is not sorted".into(),
        help: "`aps-pack zstack index REPO` writes it sorted, so it only changes when the repository does"
            .into();
}
