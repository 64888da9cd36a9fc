//! Commands about okr itself: the templates, the file's JSON Schema, shell completions and the
//! man page.

use std::path::Path;

use super::{Context, Error, Outcome, Result};
use crate::model::Okrs;
use crate::report::kpi::TemplatesView;

pub(super) fn templates(cx: &mut Context) -> Result<Outcome> {
    let view = TemplatesView::default();
    cx.emit_with(&view, || view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn schema(cx: &mut Context) -> Result<Outcome> {
    let schema = schemars::schema_for!(Okrs);
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    cx.out.write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}

pub(super) fn completions(cx: &mut Context, shell: clap_complete::Shell) -> Result<Outcome> {
    let mut command = crate::cli::command();
    // clap_complete panics when its writer fails (a closed pipe, a full disk): it writes into
    // memory, and the write to the output reports its errors like every other command's.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "okr", &mut script);
    let script = String::from_utf8_lossy(&script);
    let script = with_values(shell, &script);
    cx.out.write_all(script.as_bytes())?;
    Ok(Outcome::Success)
}

/// The commands whose first argument is an objective's or key result's id.
const TAKES_AN_ID: &str = "show edit rm history progress align unalign resolve";

/// `script` taught to complete ids, periods, team and people's names from the data file
/// (through `okr __complete`), not only commands and options: bash through a wrapper of the
/// generated function, zsh by pointing the generated specs at value functions, fish by
/// further `complete` lines. PowerShell's script is left as generated.
fn with_values(shell: clap_complete::Shell, script: &str) -> String {
    use clap_complete::Shell;
    match shell {
        Shell::Bash => {
            let script = script.replace(
                "complete -F _okr -o nosort -o bashdefault -o default okr",
                "complete -F _okr_values -o nosort -o bashdefault -o default okr",
            )
            .replace(
                "complete -F _okr -o bashdefault -o default okr",
                "complete -F _okr_values -o bashdefault -o default okr",
            );
            format!(
                "{script}
# Ids, periods and names from the data file, through `okr __complete`.
_okr_values() {{
    local cur=\"${{COMP_WORDS[COMP_CWORD]}}\" prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\" what=\"\"
    case \"$prev\" in
        --team) what=teams ;;
        --person|--by) what=people ;;
        --period|--to|--all) what=periods ;;
        {ids}) [[ \"$cur\" != -* ]] && what=ids ;;
    esac
    if [[ -n \"$what\" ]]; then
        COMPREPLY=( $(compgen -W \"$(okr __complete \"$what\" 2>/dev/null | cut -f1)\" -- \"$cur\") )
        return 0
    fi
    _okr \"$@\"
}}
",
                ids = TAKES_AN_ID.replace(' ', "|")
            )
        }
        Shell::Zsh => {
            let mut out = String::new();
            for line in script.lines() {
                let trimmed = line.trim_start();
                let values = if trimmed.starts_with("'--team=") {
                    Some("_okr_teams")
                } else if trimmed.starts_with("'--person=") || trimmed.starts_with("'--by=") {
                    Some("_okr_people")
                } else if trimmed.contains(":PERIOD:_default'") {
                    Some("_okr_periods")
                } else if [":id -- ", ":kr -- ", "::kr -- ", ":objective -- "]
                    .iter()
                    .any(|spec| trimmed.starts_with(&format!("'{spec}")))
                {
                    Some("_okr_ids")
                } else {
                    None
                };
                match values {
                    Some(function) if line.contains(":_default'") => {
                        out.push_str(&line.replacen(":_default'", &format!(":{function}'"), 1));
                    }
                    _ => out.push_str(line),
                }
                out.push('\n');
            }
            let helpers = ["ids", "periods", "teams", "people"]
                .iter()
                .map(|what| {
                    format!(
                        "_okr_{what}() {{\n    local -a values\n    values=(${{(f)\"$(okr __complete {what} 2>/dev/null | cut -f1)\"}})\n    compadd -a values\n}}\n"
                    )
                })
                .collect::<String>();
            // The helpers go before the closing block that runs `_okr` or registers it.
            let closing = "if [ \"$funcstack[1]\" = \"_okr\" ]; then";
            match out.rfind(closing) {
                Some(at) => format!("{}{helpers}\n{}", &out[..at], &out[at..]),
                None => format!("{out}\n{helpers}"),
            }
        }
        Shell::Fish => format!(
            "{script}
# Ids, periods and names from the data file, through `okr __complete`.
complete -c okr -n \"__fish_seen_subcommand_from {TAKES_AN_ID}\" -f -a \"(okr __complete ids 2>/dev/null)\"
complete -c okr -l team -f -r -a \"(okr __complete teams 2>/dev/null)\"
complete -c okr -l person -f -r -a \"(okr __complete people 2>/dev/null)\"
complete -c okr -l period -f -r -a \"(okr __complete periods 2>/dev/null)\"
"
        ),
        _ => script.to_string(),
    }
}

/// `okr __complete WHAT`: the values completions offer, a line each. Quiet and empty where
/// there is no data file: a completion never prints an error into the command line.
pub(super) fn complete(cx: &mut Context, what: crate::cli::CompleteWhat) -> Result<Outcome> {
    use crate::cli::CompleteWhat;
    let Ok(okrs) = cx.load() else {
        return Ok(Outcome::Success);
    };
    let mut lines: Vec<String> = match what {
        CompleteWhat::Ids => okrs
            .objectives
            .iter()
            .flat_map(|o| {
                std::iter::once(described(&o.id, &o.title))
                    .chain(o.key_results.iter().map(|kr| described(&kr.id, &kr.title)))
            })
            .collect(),
        CompleteWhat::Periods => {
            let mut periods: Vec<crate::model::Period> =
                okrs.objectives.iter().map(|o| o.period).collect();
            if let Ok(this) = crate::model::Period::quarter_of(cx.today) {
                periods.push(this);
                let after = this.end().succ_opt().unwrap_or(this.end());
                periods.extend(crate::model::Period::quarter_of(after));
            }
            periods.sort_by_key(|p| (p.start(), p.end()));
            periods.dedup();
            periods.iter().map(|p| p.to_string()).collect()
        }
        CompleteWhat::Teams => okrs.teams().into_iter().map(String::from).collect(),
        CompleteWhat::People => okrs.people().into_iter().map(String::from).collect(),
    };
    // Names and titles go to a shell: never a control character.
    for line in lines.iter_mut().filter(|_| what != CompleteWhat::Ids) {
        *line = crate::model::input::escaped(line).into_owned();
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    cx.out.write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}

pub(super) fn man(cx: &mut Context, dir: Option<&Path>) -> Result<Outcome> {
    let Some(dir) = dir else {
        clap_mangen::Man::new(crate::cli::command()).render(&mut cx.out)?;
        return Ok(Outcome::Success);
    };
    let fail = |e: std::io::Error| {
        Error::input(format!(
            "cannot write the man pages into `{}`: {e}; give a folder you can write to",
            crate::report::shown(dir)
        ))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    clap_mangen::generate_to(crate::cli::command(), dir).map_err(fail)?;
    let pages = pages(&crate::cli::command(), "okr");
    let text = format!(
        "wrote {} man pages into {}: {}\n",
        pages.len(),
        crate::report::shown(dir),
        pages.join(", ")
    );
    cx.out.write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}

/// The man page names of `command` and its subcommands, as clap_mangen names them
/// (`okr.1`, `okr-kpi-add.1`), the top page first.
fn pages(command: &clap::Command, name: &str) -> Vec<String> {
    let mut names = vec![format!("{name}.1")];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        names.extend(pages(sub, &format!("{name}-{}", sub.get_name())));
    }
    names
}

/// An id and its title after a tab, as fish shows a value and its description; the title's
/// control characters escaped.
fn described(id: &str, title: &str) -> String {
    let escaped = crate::model::input::escaped;
    format!("{}\t{}", escaped(id), escaped(title))
}
