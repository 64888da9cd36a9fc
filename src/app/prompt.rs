//! Asking at a terminal, for the wizard, `okr checkin` and the values a command may ask for:
//! text, numbers, a choice, a yes or no, each in the same theme.

use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

use super::{Error, Result};
use crate::model::input;

pub(super) fn theme() -> ColorfulTheme {
    ColorfulTheme::default()
}

pub(super) fn prompt_error(error: dialoguer::Error) -> Error {
    Error::input(format!("cancelled ({error}); nothing was saved"))
}

/// Asks for text; `allow_empty` lets the answer be blank.
pub(super) fn ask_text(prompt: &str, default: Option<&str>, allow_empty: bool) -> Result<String> {
    let theme = theme();
    let mut input = Input::<String>::with_theme(&theme)
        .with_prompt(prompt)
        .allow_empty(allow_empty)
        .validate_with(|text: &String| -> Result<(), String> {
            input::check_text(text, false)
                .map_err(|c| format!("remove the control character U+{:04X}", u32::from(c)))
        });
    if let Some(default) = default {
        input = input.default(default.to_string());
    }
    Ok(input
        .interact_text()
        .map_err(prompt_error)?
        .trim()
        .to_string())
}

/// Asks for a finite number.
/// Asks for a finite number, read as the file's team writes numbers (`format`).
pub(super) fn ask_number(
    prompt: &str,
    default: Option<f64>,
    format: input::NumberFormat,
) -> Result<f64> {
    let theme = theme();
    let mut input = Input::<String>::with_theme(&theme)
        .with_prompt(prompt)
        .validate_with(|text: &String| -> Result<(), String> {
            input::number_in(text, "value", format)
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
    if let Some(default) = default {
        input = input.default(default.to_string());
    }
    let text = input.interact_text().map_err(prompt_error)?;
    Ok(input::number_in(&text, "value", format)?)
}

pub(super) fn choose(prompt: &str, items: &[&str], default: usize) -> Result<usize> {
    Select::with_theme(&theme())
        .with_prompt(prompt)
        .items(items)
        .default(default)
        .interact()
        .map_err(prompt_error)
}

pub(super) fn confirm(prompt: &str, default: bool) -> Result<bool> {
    Confirm::with_theme(&theme())
        .with_prompt(prompt)
        .default(default)
        .interact()
        .map_err(prompt_error)
}

/// A value in `unit`, asked again until it reads: a number, or one typed with `%` or a
/// currency sign that fits the unit (`12%` for a key result in %).
pub(super) fn ask_measure(
    prompt: &str,
    default: Option<f64>,
    unit: Option<&str>,
    format: input::NumberFormat,
) -> Result<f64> {
    let theme = theme();
    let read = |text: &str| {
        input::measure_in(text, format)
            .and_then(|m| m.for_unit(|| "this key result".to_string(), unit))
    };
    let mut asked = Input::<String>::with_theme(&theme)
        .with_prompt(prompt)
        .validate_with(|text: &String| -> Result<(), String> {
            read(text).map(|_| ()).map_err(|e| e.to_string())
        });
    if let Some(default) = default {
        asked = asked.default(default.to_string());
    }
    let text = asked.interact_text().map_err(prompt_error)?;
    Ok(read(&text)?)
}

/// `text` wrapped at words to the terminal's width (80 off a terminal), for what the
/// guided commands print.
pub(super) fn wrapped(text: &str) -> String {
    let width = dialoguer::console::Term::stderr()
        .size_checked()
        .map_or(80, |(_, w)| usize::from(w));
    text.lines()
        .map(|line| {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            let indent = format!("{indent}    ");
            crate::report::layout::wrap(line, width, &indent)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
