use aps_diag::declare_rule;

declare_rule! {
    /// `appId` in `application.json` differs from the name of the repository folder
    /// (`REPO/<app>/<arch>/<version>`) the version is or will be published under: the
    /// `--app-id` given to `package`/`lint`, or the folder the version sits in.
    ///
    /// **Why:** ZStack's `index.json` lists applications by folder name, while the
    /// server identifies an application by `appId`; when the two disagree, updates of
    /// the same application can appear as a different application, or not at all.
    /// ZStack's own tooling never compares them (the public Grafana application ships
    /// `appId` `zstack.io.grafana` in folder `zstack_io_grafana`).
    ///
    /// **Fix:** publish under a folder named exactly like `appId`, or change `appId`.
    pub static APP_ID_FOLDER_MISMATCH = {
        code: "ZST120", name: "app-id-folder-mismatch", group: "zstack",
        severity: Warning, summary: "`appId` differs from the repository folder the version is published under",
    };
}
