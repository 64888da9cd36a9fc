//! `okr check`: the problems found, as JSON, as lines of text, or as GitHub Actions
//! annotations on the lines of the data file.

use std::collections::HashMap;

use serde::Serialize;

use super::plural;
use crate::model::rules::{Rule, Severity};
use crate::model::{Problem, input};

/// One problem as `okr check` prints it: the model's finding and what to type about it.
#[derive(Debug, Serialize)]
pub struct ProblemView {
    pub rule: Rule,
    pub severity: Severity,
    /// The objective or key result at fault.
    pub id: String,
    /// What is wrong and what to do, one line.
    pub message: String,
}

impl ProblemView {
    /// The view of `problem`, with the command that fixes it where there is one.
    pub fn new(problem: &Problem) -> ProblemView {
        let id = &problem.id;
        let subject = problem.subject.as_deref().unwrap_or_default();
        let fix = match problem.rule {
            Rule::MinKrs => Some(format!("; add one with `okr add kr {id}`")),
            Rule::UnknownKpi => Some(format!(
                "; add it with `okr kpi add {subject}` or unlink it with `okr edit {id} --kpi ''`"
            )),
            Rule::TargetEqualsStart => {
                Some(format!("; set a target with `okr edit {id} --target N`"))
            }
            Rule::TaskLike => Some(format!(
                ", or silence this with `okr edit {id} --outcome-ok`"
            )),
            Rule::Unaligned => Some(format!("; link it with `okr align {id} KR_ID`")),
            Rule::DanglingAlignment => Some(format!("; run `okr unalign {id} {subject}`")),
            Rule::ZeroWeight => Some(format!(
                "; give one a weight with `okr edit KR_ID --weight 1` (see `okr show {id}`)"
            )),
            Rule::MergeConflict => Some(format!(
                "; keep one side with `okr resolve {id} --ours` or `--theirs`, or set it again with `okr edit`"
            )),
            _ => None,
        };
        ProblemView {
            rule: problem.rule,
            severity: problem.severity,
            id: id.clone(),
            // Conflicts quote values from either branch: show any control character escaped.
            message: input::escaped(&format!("{}{}", problem.message, fix.unwrap_or_default()))
                .into_owned(),
        }
    }
}

/// `okr check --json`.
#[derive(Debug, Serialize)]
pub struct CheckView {
    /// False when an error was found, or a warning with `--strict`.
    pub ok: bool,
    pub problems: Vec<ProblemView>,
    #[serde(skip)]
    pub errors: usize,
    #[serde(skip)]
    pub warnings: usize,
}

impl CheckView {
    /// The view of `problems`; warnings fail the check when `strict`.
    pub fn new(problems: &[Problem], strict: bool) -> CheckView {
        let errors = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        let warnings = problems.len() - errors;
        CheckView {
            ok: errors == 0 && (warnings == 0 || !strict),
            problems: problems.iter().map(ProblemView::new).collect(),
            errors,
            warnings,
        }
    }

    /// One line per problem, or that there is none in `file`.
    pub fn text(&self, file: &str) -> String {
        if self.problems.is_empty() {
            return format!("{file}: no problems\n");
        }
        self.problems
            .iter()
            .map(|p| {
                let severity = if p.severity == Severity::Warning {
                    "warning"
                } else {
                    "error"
                };
                format!(
                    "{severity}: {}: {} [{}]\n",
                    p.id,
                    p.message,
                    p.rule.as_str()
                )
            })
            .collect()
    }

    /// The count for standard error, `2 problems and 1 warning in okrs.json`; `None` with
    /// nothing found.
    pub fn summary(&self, file: &str) -> Option<String> {
        let count = |n: usize, what: &str| format!("{n} {what}{}", plural(n));
        let counts = match (self.errors, self.warnings) {
            (0, 0) => return None,
            (e, 0) => count(e, "problem"),
            (0, w) => count(w, "warning"),
            (e, w) => format!("{} and {}", count(e, "problem"), count(w, "warning")),
        };
        Some(format!("{counts} in {file}"))
    }

    /// `okr check --format github`: one annotation per problem, on the line of the file
    /// where the objective or key result is defined (`lines`, by id), so that it shows in the
    /// pull request's diff.
    pub fn github(&self, file: &str, lines: &HashMap<String, usize>) -> String {
        self.problems
            .iter()
            .map(|p| {
                let level = if p.severity == Severity::Warning {
                    "warning"
                } else {
                    "error"
                };
                let line = lines
                    .get(&p.id)
                    .map(|n| format!(",line={n}"))
                    .unwrap_or_default();
                format!(
                    "::{level} file={}{line},title={}::{}\n",
                    github_escape(file, true),
                    github_escape(&format!("okr {}: {}", p.rule.as_str(), p.id), true),
                    github_escape(&format!("{}: {}", p.id, p.message), false)
                )
            })
            .collect()
    }
}

/// Escapes text for a GitHub Actions workflow command (`%`, CR and LF; `:` and `,` too in
/// properties).
fn github_escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}
