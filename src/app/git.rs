//! Working in git with others: the merge driver, resolving its conflicts, registering okr
//! with git, and diffs people can read.

use std::path::{Path, PathBuf};

use super::{Context, Error, Outcome, Result};
use crate::cli::{DiffArgs, MergeArgs, ResolveArgs};
use crate::model::{Okrs, input, merge, rules};
use crate::report::diff::DiffView;
use crate::report::git::{LogView, MergeView, Resolved, SetupView};
use crate::store::{self, StoreError};

/// Reads one side of a merge, naming the side when it cannot be used.
fn side(path: &Path, which: &str, name: &str) -> Result<Okrs> {
    // An empty base is a file both sides created: it had nothing in it.
    let read = if which == "the base" {
        store::read_or_empty
    } else {
        store::read
    };
    read(path).map_err(|e| {
        Error::input(format!(
            "cannot merge `{name}`: {which} version cannot be used: {e}"
        ))
    })
}

pub(super) fn merge(cx: &mut Context, args: &MergeArgs) -> Result<Outcome> {
    // Git passes the path (`%P`) as the repository names it: any bytes at all.
    let name = input::escaped(
        &args
            .path
            .clone()
            .unwrap_or_else(|| args.ours.display().to_string()),
    )
    .into_owned();
    let today = cx.today;
    // Reading the three versions is most of the work on a large file: they are read side
    // by side, and the rules are checked while the result is written.
    let (base, ours, theirs) = std::thread::scope(|scope| {
        let base = scope.spawn(|| side(&args.base, "the base", &name));
        let theirs = scope.spawn(|| side(&args.theirs, "their", &name));
        let ours = side(&args.ours, "our", &name);
        let join = |handle: std::thread::ScopedJoinHandle<'_, Result<Okrs>>| {
            handle
                .join()
                .unwrap_or_else(|_| Err(Error::input("a reading thread failed")))
        };
        (join(base), ours, join(theirs))
    });
    let (base, ours, theirs) = (base?, ours?, theirs?);
    let merged = merge::merge(&base, &ours, &theirs)
        .map_err(|e| Error::input(format!("cannot merge `{name}`: {}", Error::from(e))))?;
    let (before, after) = std::thread::scope(|scope| -> Result<_> {
        // What the merged file breaks that ours did not: two branches may each have added a
        // team's second objective.
        let before = scope.spawn(|| problems(&ours, today));
        let after = scope.spawn(|| problems(&merged.okrs, today));
        if !cx.write.dry_run {
            store::write_merged(&args.ours, &merged.okrs)?;
        }
        // A check that panicked found nothing out: the merge fails rather than pass unseen.
        let failed = |_| Error::input(format!("cannot merge `{name}`: checking its rules failed"));
        Ok((
            before.join().map_err(failed)?,
            after.join().map_err(failed)?,
        ))
    })?;
    let broken: Vec<_> = after
        .into_iter()
        .filter(|p| !before.iter().any(|b| b.rule == p.rule && b.id == p.id))
        .collect();
    let view = MergeView::new(&name, &merged, &broken);
    if cx.json {
        cx.emit(&view, "")?;
    } else {
        eprint!("{}", view.text());
    }
    let clean = merged.conflicts == 0;
    // The process ends here: freeing four copies of a large file would only cost time.
    std::mem::forget((base, ours, theirs, merged));
    Ok(if clean {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

/// The rules `okrs` breaks (errors only; merge conflicts are reported on their own).
fn problems(okrs: &Okrs, today: chrono::NaiveDate) -> Vec<crate::model::Problem> {
    rules::check(okrs, None, today)
        .into_iter()
        .filter(|p| p.severity == rules::Severity::Error && p.rule != rules::Rule::MergeConflict)
        .collect()
}

pub(super) fn resolve(cx: &mut Context, args: &ResolveArgs) -> Result<Outcome> {
    let (id, resolved) = cx.update(|okrs| {
        // A KPI's name or `settings` names its conflicts as they are; ids may be shortened.
        let id = if okrs.conflicts_of(&args.id).next().is_some() {
            args.id.clone()
        } else {
            okrs.expand_id(&args.id)?
        };
        let resolved = okrs.resolve(&id, args.theirs)?;
        Ok((id, resolved))
    })?;
    let view = Resolved::new(id, args.theirs, resolved);
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn setup_git(cx: &mut Context) -> Result<Outcome> {
    let path = match cx.path() {
        Ok(path) => path,
        // Before `okr init`, the file it will create.
        Err(StoreError::NotFound(_) | StoreError::Below { .. } | StoreError::Like { .. }) => {
            PathBuf::from(store::FILE_NAME)
        }
        Err(e) => return Err(e.into()),
    };
    // The okr that runs now, so that git runs the same one; else whatever is on PATH.
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| "okr".to_string());
    let setup = store::git::setup(&path, &exe)?;
    let view = SetupView::new(setup);
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn diff(cx: &mut Context, args: &DiffArgs) -> Result<Outcome> {
    let (old, new, name) = match args.args.as_slice() {
        [rev] => {
            let path = cx.path()?;
            let old = store::parse(Path::new(rev), &store::git::show(&path, rev)?)?;
            let name = input::escaped(&format!("{rev}:{}", path.display())).into_owned();
            // Against the file at `--at`, if given, else the working file.
            (old, cx.load()?, name)
        }
        _ if cx.at.is_some() => {
            return Err(Error::Usage(
                "`okr diff OLD NEW` compares two files; with `--at REV` give one revision: `okr diff OLDER --at REV`".into(),
            ));
        }
        [old, new] => (
            store::read(Path::new(old))?,
            store::read(Path::new(new))?,
            input::escaped(new).into_owned(),
        ),
        // git's external diff: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE.
        [path, old, _, _, new, _, _] => (
            read_or_empty(old)?,
            read_or_empty(new)?,
            input::escaped(path).into_owned(),
        ),
        _ => {
            return Err(Error::input(
                "`okr diff` takes OLD NEW (two files) or REV (a git revision of the data file)",
            ));
        }
    };
    let view = DiffView::new(&old, &new, cx.today)?;
    cx.emit(&view, &view.text(&name))?;
    Ok(Outcome::Success)
}

/// A file git hands an external diff: `/dev/null` where the file does not exist on a side.
fn read_or_empty(path: &str) -> Result<Okrs> {
    if path == "/dev/null" {
        return Ok(Okrs::new(Default::default())?);
    }
    Ok(store::read(Path::new(path))?)
}

/// `okr log [ID]`: the commits that changed the data file (or `id`), with what each changed.
pub(super) fn log(cx: &mut Context, id: Option<&str>) -> Result<Outcome> {
    let path = cx.path()?;
    // An id is read as the working file knows it (a prefix expands), else taken as typed:
    // it may name something removed since.
    let id = id.map(|id| {
        cx.load()
            .ok()
            .and_then(|okrs| okrs.expand_id(id).ok())
            .unwrap_or_else(|| id.to_string())
    });
    let until = cx.at.as_ref().map(|(_, rev)| rev.commit.clone());
    let commits = store::git::file_log(&path, until.as_deref())?;
    let versions = store::git::versions(&path, &commits)?;
    let view = LogView::new(commits, &versions, id.as_deref(), cx.today)?;
    cx.emit_with(&view, || view.text())?;
    Ok(Outcome::Success)
}
