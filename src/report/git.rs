//! The views of working in git: what `okr merge` left to do, what `okr resolve` settled,
//! what `okr setup-git` registered.

use std::path::PathBuf;

use serde::Serialize;

use super::plural;
use crate::model::merge::{Conflict, Merged};
use crate::model::{Problem, input};
use crate::store::git::Setup;

/// One conflict as `okr merge --json` and `okr resolve --json` print it.
#[derive(Debug, Serialize)]
pub struct ConflictView {
    /// What it is about: `objective`, `key-result`, `kpi` or `settings`.
    pub of: crate::model::merge::Subject,
    pub id: String,
    pub field: String,
    pub base: serde_json::Value,
    pub ours: serde_json::Value,
    pub theirs: serde_json::Value,
    /// The conflict in words.
    pub message: String,
}

impl From<&Conflict> for ConflictView {
    fn from(c: &Conflict) -> Self {
        ConflictView {
            of: c.of,
            id: c.id.clone(),
            field: c.field.clone(),
            base: c.base.clone(),
            ours: c.ours.clone(),
            theirs: c.theirs.clone(),
            message: c.describe(),
        }
    }
}

/// One rule the merged file breaks.
#[derive(Debug, Serialize)]
pub struct BrokenRule {
    pub rule: crate::model::rules::Rule,
    pub id: String,
    pub message: String,
}

/// `okr merge`: the conflicts found and the rules the merged file now breaks.
#[derive(Debug, Serialize)]
pub struct MergeView {
    /// The file merged, as git names it.
    pub file: String,
    /// The conflicts this merge found, left in the file until resolved.
    pub conflicts: Vec<ConflictView>,
    /// Rules the merged file breaks that ours did not.
    pub broken: Vec<BrokenRule>,
}

impl MergeView {
    pub fn new(file: &str, merged: &Merged, broken: &[Problem]) -> MergeView {
        let found = &merged.okrs.conflicts[merged.okrs.conflicts.len() - merged.conflicts..];
        MergeView {
            file: file.to_string(),
            conflicts: found.iter().map(ConflictView::from).collect(),
            broken: broken
                .iter()
                .map(|p| BrokenRule {
                    rule: p.rule,
                    id: p.id.clone(),
                    message: crate::report::check::ProblemView::new(p).message,
                })
                .collect(),
        }
    }

    /// What the merge left to do, for standard error: one line per conflict and per rule.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.conflicts {
            out.push_str(&format!(
                "okr merge: {}: {}: {}\n",
                self.file,
                c.id,
                input::escaped(&c.message)
            ));
        }
        for p in &self.broken {
            out.push_str(&format!(
                "okr merge: {}: {}: {} [{}]\n",
                self.file,
                p.id,
                p.message,
                p.rule.as_str()
            ));
        }
        if !self.conflicts.is_empty() {
            out.push_str(&format!(
                "okr merge: {}: {} conflict{} left in the file; settle each with `okr resolve ID --ours` or `--theirs` (or set the field with `okr edit`), then commit\n",
                self.file,
                self.conflicts.len(),
                plural(self.conflicts.len())
            ));
        }
        out
    }
}

/// `okr resolve`.
#[derive(Debug, Serialize)]
pub struct Resolved {
    pub id: String,
    /// `ours` or `theirs`: whose values the file now holds.
    pub kept: &'static str,
    pub conflicts: Vec<ConflictView>,
}

impl Resolved {
    pub fn new(id: String, theirs: bool, conflicts: Vec<Conflict>) -> Resolved {
        Resolved {
            id,
            kept: if theirs { "theirs" } else { "ours" },
            conflicts: conflicts.iter().map(ConflictView::from).collect(),
        }
    }

    pub fn text(&self) -> String {
        let fields: Vec<&str> = self.conflicts.iter().map(|c| c.field.as_str()).collect();
        format!(
            "resolved {}: kept {} for {}\n",
            self.id,
            self.kept,
            fields.join(", ")
        )
    }
}

/// `okr setup-git`.
#[derive(Debug, Serialize)]
pub struct SetupView {
    /// The work tree.
    pub repository: PathBuf,
    /// The data file's path in it, as `.gitattributes` names it.
    pub file: String,
    /// Whether the `.gitattributes` line was added (false: it was there already).
    pub attributes_added: bool,
    /// Lines added to `.gitignore`: the lock and the undo journal stay in one clone.
    pub ignored: Vec<String>,
    /// The git config entries set.
    pub config: Vec<(String, String)>,
}

impl SetupView {
    pub fn new(setup: Setup) -> SetupView {
        SetupView {
            repository: setup.top,
            file: setup.pattern,
            attributes_added: setup.attributes_added,
            ignored: setup.ignored,
            config: setup.config,
        }
    }

    pub fn text(&self) -> String {
        let mut out = if self.attributes_added {
            format!(
                "added `{} merge=okr diff=okr` to .gitattributes (commit it)\n",
                self.file
            )
        } else {
            format!(".gitattributes already names {}\n", self.file)
        };
        for line in &self.ignored {
            out.push_str(&format!("added `{line}` to .gitignore\n"));
        }
        for (key, value) in &self.config {
            out.push_str(&format!("set {key} = {value}\n"));
        }
        out.push_str("git now merges and diffs the OKR file with okr in this clone; every clone and CI job that merges needs `okr setup-git` once\n");
        out
    }
}
