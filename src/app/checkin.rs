//! `okr checkin`: the weekly check-in on a terminal. For each key result a person (or team)
//! answers for that is due, it shows where it stands and asks the new value, the confidence
//! and a note; everything is saved in one write at the end, so Ctrl-C saves nothing and one
//! `okr undo` takes the whole check-in back.

use std::io::IsTerminal;

use dialoguer::Input;
use dialoguer::theme::ColorfulTheme;

use super::prompt::{ask_text, prompt_error};
use super::{Context, Error, Outcome, Result};
use crate::cli::CheckinArgs;
use crate::model::names::folded;
use crate::model::{CheckIn, input};
use crate::report::due::checkin_card;
use crate::report::views::KeyResultView;

/// One answer: the key result, its check-in, and its score before.
struct Answer {
    kr: String,
    title: String,
    checkin: CheckIn,
    before: f64,
}

pub(super) fn run(cx: &mut Context, args: &CheckinArgs) -> Result<Outcome> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Error::input(
            "`okr checkin` asks its questions on a terminal; in a script use `okr progress KR VALUE` or `okr import FILE`",
        ));
    }
    let author = cx.author(args.person.as_deref())?;
    let who = match (&args.team, &author) {
        (Some(team), _) => format!("team {}", team.trim()),
        (None, Some(person)) => person.clone(),
        (None, None) => {
            return Err(Error::input(
                "say whose check-in this is: `--person NAME` or `--team NAME` (or set OKR_USER)",
            ));
        }
    };
    let okrs = cx.load()?;
    let format = okrs.settings.number_format;
    let today = cx.today;
    // Theirs: the key results they answer for (in running, open periods: `due` sees to
    // that), due ones only unless --all.
    let days = if args.all {
        0
    } else {
        okrs.settings.checkin_days
    };
    let theirs: Vec<_> = okrs
        .due(&okrs.objectives, today, days)
        .into_iter()
        .filter(|d| folded(&d.who) == folded(&who))
        .collect();
    if theirs.is_empty() {
        eprintln!("nothing due for {who}: every key result they answer for has a recent check-in");
        return Ok(Outcome::Success);
    }
    let theme = ColorfulTheme::default();
    let mut answers = Vec::new();
    for due in &theirs {
        let view = KeyResultView::new(due.objective, due.kr, today, &okrs.settings);
        eprint!("{}", checkin_card(&due.objective.title, &view));
        let unit = due.kr.unit.as_deref();
        let thing = || input::key_result_named(&due.kr.id, &due.kr.title);
        let text: String = Input::with_theme(&theme)
            .with_prompt("  New value (Enter skips it)")
            .allow_empty(true)
            .validate_with(|text: &String| -> Result<(), String> {
                if text.trim().is_empty() {
                    return Ok(());
                }
                input::measure_in(text, format)
                    .and_then(|m| m.for_unit(thing, unit))
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
            .interact_text()
            .map_err(prompt_error)?;
        if text.trim().is_empty() {
            continue;
        }
        let value = input::measure_in(&text, format)?.for_unit(thing, unit)?;
        let keep = view.confidence.map(|c| c.to_string()).unwrap_or_default();
        let confidence: String = Input::with_theme(&theme)
            .with_prompt(if keep.is_empty() {
                "  Confidence 0-10 (Enter for none)".to_string()
            } else {
                format!("  Confidence 0-10 (Enter keeps {keep})")
            })
            .allow_empty(true)
            .validate_with(|text: &String| -> Result<(), String> {
                if text.trim().is_empty() {
                    return Ok(());
                }
                input::confidence(text)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
            .interact_text()
            .map_err(prompt_error)?;
        let confidence = match confidence.trim() {
            "" => view.confidence,
            text => Some(input::confidence(text)?),
        };
        let note = ask_text("  Note (Enter for none)", None, true)?;
        answers.push(Answer {
            kr: due.kr.id.clone(),
            title: due.kr.title.clone(),
            checkin: CheckIn {
                date: today,
                value,
                note: input::trimmed(&note),
                confidence,
                by: author.clone(),
                id: None,
            },
            before: due.kr.score_on(today),
        });
    }
    if answers.is_empty() {
        eprintln!("nothing to save: every key result was skipped");
        return Ok(Outcome::Success);
    }
    // One write for the whole check-in: one step for `okr undo`.
    let moved = cx.update(|okrs| -> Result<Vec<(String, String, f64, f64)>> {
        let mut moved = Vec::new();
        for answer in answers {
            okrs.check_in(&answer.kr, answer.checkin, today)?;
            let (_, k) = okrs.key_result(&answer.kr)?;
            moved.push((answer.kr, answer.title, answer.before, k.score_on(today)));
        }
        Ok(moved)
    })?;
    let view = crate::report::due::CheckedIn { moved };
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}
