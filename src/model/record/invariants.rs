//! The invariants a loaded file must hold for commands to work on it: unique, well-formed
//! ids, owners that match levels, text without control characters, sane numbers and limits.
//! The OKR rules themselves are `rules::check`'s job, so a file that breaks them still loads.

use std::collections::HashSet;

use crate::model::{CheckIn, KeyResult, Kpi, ModelError, Objective, Okrs, Retro, input, rules};

impl Okrs {
    /// Checks every invariant, record by record; the first one broken is the error.
    pub fn check_invariants(&self) -> Result<(), ModelError> {
        self.settings.validate()?;
        let mut kpi_names = HashSet::new();
        for kpi in &self.kpis {
            check_kpi(kpi)?;
            if !kpi_names.insert(kpi.name.as_str()) {
                return Err(ModelError::Corrupt(format!(
                    "KPI `{}` is defined twice; merge or rename one of them",
                    kpi.name
                )));
            }
        }
        let mut ids = HashSet::new();
        for o in &self.objectives {
            unique(&mut ids, &o.id)?;
            check_objective(o)?;
            for kr in &o.key_results {
                unique(&mut ids, &kr.id)?;
                check_key_result(kr)?;
            }
        }
        Ok(())
    }
}

fn unique<'a>(seen: &mut HashSet<&'a str>, id: &'a str) -> Result<(), ModelError> {
    input::check_id(id)?;
    if seen.insert(id) {
        Ok(())
    } else {
        Err(ModelError::Corrupt(format!(
            "id `{id}` is used twice; rename one of them"
        )))
    }
}

fn check_kpi(kpi: &Kpi) -> Result<(), ModelError> {
    id("a KPI's name", "", &kpi.name)?;
    text("unit", &kpi.name, kpi.unit.as_deref(), false)?;
    text("description", &kpi.name, kpi.description.as_deref(), true)?;
    for record in &kpi.records {
        number("recorded value", &kpi.name, record.value)?;
        text("record id", &kpi.name, record.id.as_deref(), false)?;
    }
    Ok(())
}

fn check_objective(o: &Objective) -> Result<(), ModelError> {
    text("title", &o.id, Some(&o.title), false)?;
    name("team", &o.id, o.owner.team())?;
    name("person", &o.id, o.owner.person())?;
    text("description", &o.id, o.description.as_deref(), true)?;
    for aligned in &o.aligns {
        id("alignment", &o.id, aligned)?;
    }
    if let Some(from) = &o.carried_from {
        id("origin", &o.id, from)?;
    }
    check_retro(&o.id, o.retro.as_ref())?;
    if let Some(result) = &o.final_result
        && !(0.0..=1.0).contains(&result.score)
    {
        return Err(ModelError::Corrupt(format!(
            "objective `{}` was closed with score {}; a score is from 0 to 1",
            o.id, result.score
        )));
    }
    Ok(())
}

fn check_key_result(kr: &KeyResult) -> Result<(), ModelError> {
    text("title", &kr.id, Some(&kr.title), false)?;
    text("unit", &kr.id, kr.unit.as_deref(), false)?;
    name("owner", &kr.id, kr.owner.as_deref())?;
    if let Some(kpi) = &kr.kpi {
        id("KPI", &kr.id, kpi)?;
    }
    if let Some(form) = &kr.relative_target
        && input::target(form).is_err()
    {
        return Err(ModelError::Corrupt(format!(
            "the relative target of `{}` is `{}`; use a form like `+25%` or `+300`, or remove `relative_target`",
            kr.id,
            input::escaped(form)
        )));
    }
    number("start", &kr.id, kr.start)?;
    number("target", &kr.id, kr.target)?;
    number("weight", &kr.id, kr.weight)?;
    if !rules::valid_weight(kr.weight) {
        return Err(ModelError::Corrupt(format!(
            "key result `{}` has a negative weight ({}); use 0 or more",
            kr.id, kr.weight
        )));
    }
    for c in &kr.checkins {
        check_checkin(&kr.id, c)?;
    }
    check_retro(&kr.id, kr.retro.as_ref())?;
    for m in &kr.milestones {
        number("milestone", &kr.id, m.value)?;
    }
    if kr.milestones.windows(2).any(|w| w[0].date >= w[1].date) {
        return Err(ModelError::Corrupt(format!(
            "the milestones of key result `{}` are not in date order, one a day; sort them earliest first",
            kr.id
        )));
    }
    if kr.checkins.windows(2).any(|w| w[0].date > w[1].date) {
        return Err(ModelError::Corrupt(format!(
            "the check-ins of key result `{}` are not in date order; sort them oldest first",
            kr.id
        )));
    }
    Ok(())
}

fn check_retro(id: &str, retro: Option<&Retro>) -> Result<(), ModelError> {
    let Some(retro) = retro else {
        return Ok(());
    };
    text("retrospective", id, Some(&retro.note), false)?;
    match retro.score.filter(|s| !(0.0..=1.0).contains(s)) {
        Some(score) => Err(ModelError::Corrupt(format!(
            "the retrospective of `{id}` gives its own score as {score}; a score is from 0 to 1"
        ))),
        None => Ok(()),
    }
}

fn check_checkin(kr: &str, c: &CheckIn) -> Result<(), ModelError> {
    text("check-in note", kr, c.note.as_deref(), false)?;
    text("check-in id", kr, c.id.as_deref(), false)?;
    name("check-in author", kr, c.by.as_deref())?;
    number("check-in value", kr, c.value)?;
    match c.confidence.filter(|&c| !rules::valid_confidence(c)) {
        Some(confidence) => Err(ModelError::Corrupt(format!(
            "key result `{kr}` has a check-in with confidence {confidence}; use 0 to {}",
            rules::MAX_CONFIDENCE
        ))),
        None => Ok(()),
    }
}

/// Free text: no control character (newlines only where `newlines`).
fn text(what: &str, id: &str, value: Option<&str>, newlines: bool) -> Result<(), ModelError> {
    input::check_text(value.unwrap_or_default(), newlines).map_err(|c| {
        ModelError::ControlCharacter {
            what: format!("the {what} of `{id}`"),
            code: format!("U+{:04X}", u32::from(c)),
        }
    })
}

/// A name, compared with others (the objective limit counts per owner): one with a bidi
/// control or a zero-width character would look like another and count apart from it.
fn name(what: &str, id: &str, value: Option<&str>) -> Result<(), ModelError> {
    input::check_name(value.unwrap_or_default()).map_err(|c| {
        let code = format!("U+{:04X}", u32::from(c));
        let what = format!("the {what} of `{id}`");
        if c.is_control() {
            ModelError::ControlCharacter { what, code }
        } else {
            ModelError::InvisibleCharacter { what, code }
        }
    })
}

/// A reference to an id (an alignment, an origin, a KPI).
fn id(what: &str, owner: &str, value: &str) -> Result<(), ModelError> {
    input::check_id(value).map_err(|_| {
        let what = if owner.is_empty() {
            what.to_string()
        } else {
            format!("the {what} of `{owner}`")
        };
        ModelError::Corrupt(format!(
            "{what} is `{}`, not an id; use letters, digits, `-`, `_` or `.`",
            input::escaped(value)
        ))
    })
}

fn number(what: &str, owner: &str, value: f64) -> Result<(), ModelError> {
    if input::in_range(value) {
        Ok(())
    } else {
        Err(ModelError::Corrupt(format!(
            "the {what} of `{owner}` is {value:e}, out of range; okr keeps numbers from -1e15 to 1e15"
        )))
    }
}
