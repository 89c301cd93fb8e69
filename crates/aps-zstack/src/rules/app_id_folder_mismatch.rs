use crate::lint::{JsonFile, LintOptions};
use crate::names;
use aps_diag::{rule, Diagnostic, Violation};
use std::path::Path;

rule! { APP_ID_FOLDER_MISMATCH;
    //! `appId` in `application.json` differs from the name of the repository folder
    //! (`REPO/<app>/<arch>/<version>`) the version is or will be published under: the
    //! `--app-id` given to `package`/`lint`, or the folder the version sits in.
    //!
    //! **Why:** ZStack's `index.json` lists applications by folder name, while the
    //! server identifies an application by `appId`; when the two disagree, updates of
    //! the same application can appear as a different application, or not at all.
    //! ZStack's own tooling never compares them (the public Grafana application ships
    //! `appId` `zstack.io.grafana` in folder `zstack_io_grafana`).
    //!
    //! **Fix:** publish under a folder named exactly like `appId`, or change `appId`.

    /// `appId` against the folder: named by `--app-id` (`Given`), the folder the version
    /// sits in (`Placed`), or the folder a published version is in (`Published`).
    pub enum AppIdFolderMismatch<'a> {
        Given { app_id: &'a str, folder: &'a str } => format!(
            "`appId` is `{app_id}`, but the version is published under the repository folder `{folder}`"
        ),
            help: format!("publish under `{app_id}` (drop `--app-id`), or change `appId` to `{folder}`");
        Placed { app_id: &'a str, folder: &'a str }
            => format!("`appId` is `{app_id}`, but the version sits in the application folder `{folder}`"),
            help: format!(
                "ZStack's index lists this version as `{folder}`; pass `--app-id {folder}` to keep that folder, \
                 or rename the folder to `{app_id}`"
            );
        Published { app_id: &'a str, folder: &'a str }
            => format!("`appId` is `{app_id}`, but the version is published under the folder `{folder}`"),
            help: format!("publish it under `{app_id}`, or change `appId` to `{folder}`");
    }
}

/// Where the version will be published, from the options or the folder's own place.
fn app_folder(dir: &Path, opts: &LintOptions) -> Option<(String, bool)> {
    if let Some(f) = &opts.app_folder {
        return Some((f.clone(), true));
    }
    let canonical = std::fs::canonicalize(dir).ok()?;
    let arch = canonical.parent()?;
    if !names::ARCHES.contains(&arch.file_name()?.to_str()?) {
        return None;
    }
    Some((arch.parent()?.file_name()?.to_str()?.to_string(), false))
}

/// `appId` of application.json against the folder it will be published under.
pub(crate) fn check(dir: &Path, app: &JsonFile, opts: &LintOptions, diags: &mut Vec<Diagnostic>) {
    let Some(member) = app.value.as_object().and_then(|o| o.get_member("appId")) else { return };
    let Some(app_id) = member.value.as_str() else { return };
    let Some((folder, given)) = app_folder(dir, opts) else { return };
    if folder == app_id {
        return;
    }
    let folder = folder.as_str();
    let v = if given {
        AppIdFolderMismatch::Given { app_id, folder }
    } else {
        AppIdFolderMismatch::Placed { app_id, folder }
    };
    diags.push(
        v.diagnostic()
            .at(&app.file, member.value.span)
            .with_label("the server identifies the application by this id"),
    );
}
