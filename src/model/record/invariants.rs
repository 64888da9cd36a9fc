//! The invariants a loaded file must hold for commands to work on it.

use std::collections::HashSet;

use crate::model::{ModelError, Okrs, input, rules};

impl Okrs {
    /// Checks the invariants a loaded file must hold for commands to work on it: unique,
    /// well-formed ids, owners that match levels, sane numbers and limits. The OKR rules
    /// themselves are `rules::check`'s job, so a file that breaks them still loads.
    pub fn check_invariants(&self) -> Result<(), ModelError> {
        self.settings.validate()?;
        let mut seen = HashSet::new();
        let mut unique = |id: &str| -> Result<(), ModelError> {
            input::check_id(id)?;
            if seen.insert(id.to_string()) {
                Ok(())
            } else {
                Err(ModelError::Corrupt(format!(
                    "id `{id}` is used twice; rename one of them"
                )))
            }
        };
        let text = |what: &str, id: &str, value: Option<&str>, newlines: bool| {
            input::check_text(value.unwrap_or_default(), newlines).map_err(|c| {
                ModelError::ControlCharacter {
                    what: format!("the {what} of `{id}`"),
                    code: format!("U+{:04X}", u32::from(c)),
                }
            })
        };
        // Names are compared with each other (the objective limit counts per owner): one
        // with a bidi control or a zero-width character would look like another and count
        // apart from it.
        let name = |what: &str, id: &str, value: Option<&str>| {
            input::check_name(value.unwrap_or_default()).map_err(|c| {
                let code = format!("U+{:04X}", u32::from(c));
                if c.is_control() {
                    ModelError::ControlCharacter {
                        what: format!("the {what} of `{id}`"),
                        code,
                    }
                } else {
                    ModelError::InvisibleCharacter {
                        what: format!("the {what} of `{id}`"),
                        code,
                    }
                }
            })
        };
        let id = |what: &str, owner: &str, value: &str| {
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
        };
        let number = |what: &str, owner: &str, value: f64| {
            if input::in_range(value) {
                Ok(())
            } else {
                Err(ModelError::Corrupt(format!(
                    "the {what} of `{owner}` is {value:e}, out of range; okr keeps numbers from -1e15 to 1e15"
                )))
            }
        };
        let mut kpi_names = HashSet::new();
        for kpi in &self.kpis {
            id("a KPI's name", "", &kpi.name)?;
            if !kpi_names.insert(kpi.name.as_str()) {
                return Err(ModelError::Corrupt(format!(
                    "KPI `{}` is defined twice; merge or rename one of them",
                    kpi.name
                )));
            }
            text("unit", &kpi.name, kpi.unit.as_deref(), false)?;
            text("description", &kpi.name, kpi.description.as_deref(), true)?;
            for record in &kpi.records {
                number("recorded value", &kpi.name, record.value)?;
                text("record id", &kpi.name, record.id.as_deref(), false)?;
            }
        }
        for o in &self.objectives {
            unique(&o.id)?;
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
            if let Some(result) = &o.final_result
                && !(0.0..=1.0).contains(&result.score)
            {
                return Err(ModelError::Corrupt(format!(
                    "objective `{}` was closed with score {}; a score is from 0 to 1",
                    o.id, result.score
                )));
            }
            for kr in &o.key_results {
                unique(&kr.id)?;
                text("title", &kr.id, Some(&kr.title), false)?;
                text("unit", &kr.id, kr.unit.as_deref(), false)?;
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
                for c in &kr.checkins {
                    text("check-in note", &kr.id, c.note.as_deref(), false)?;
                    text("check-in id", &kr.id, c.id.as_deref(), false)?;
                    number("check-in value", &kr.id, c.value)?;
                }
                if !rules::valid_weight(kr.weight) {
                    return Err(ModelError::Corrupt(format!(
                        "key result `{}` has a negative weight ({}); use 0 or more",
                        kr.id, kr.weight
                    )));
                }
                if let Some(c) = kr
                    .checkins
                    .iter()
                    .find_map(|c| c.confidence.filter(|&c| !rules::valid_confidence(c)))
                {
                    return Err(ModelError::Corrupt(format!(
                        "key result `{}` has a check-in with confidence {c}; use 0 to {}",
                        kr.id,
                        rules::MAX_CONFIDENCE
                    )));
                }
                if kr.checkins.windows(2).any(|w| w[0].date > w[1].date) {
                    return Err(ModelError::Corrupt(format!(
                        "the check-ins of key result `{}` are not in date order; sort them oldest first",
                        kr.id
                    )));
                }
            }
        }
        Ok(())
    }
}
