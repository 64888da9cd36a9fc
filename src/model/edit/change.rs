//! Changing what exists: editing, aligning and removing, each checked against the rules.
//! (Adding new objectives, key results and check-ins is `add.rs`.)

use super::add::title;
use crate::model::rules::{self, alignment_error};
use chrono::NaiveDate;

use crate::model::{
    Item, KeyResult, Kind, Milestone, ModelError, Okrs, Owner, Period, fields, input,
};

/// Changes to an objective; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveEdit {
    /// New title.
    pub title: Option<String>,
    /// New description (empty text removes it).
    pub description: Option<String>,
    /// New period.
    pub period: Option<Period>,
    /// New kind.
    pub kind: Option<Kind>,
    /// New owner.
    pub owner: Option<Owner>,
}

/// Changes to a key result; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct KeyResultEdit {
    /// New title.
    pub title: Option<String>,
    /// New baseline.
    pub start: Option<f64>,
    /// New target, as typed (a relative one applies to the new start, if any).
    pub target: Option<input::Target>,
    /// New unit (empty text removes it).
    pub unit: Option<String>,
    /// New weight.
    pub weight: Option<f64>,
    /// Silence the task-like lint for this key result.
    pub outcome_ok: Option<bool>,
    /// New owner (`Some(None)` clears it: the objective's owner answers again).
    pub owner: Option<Option<String>>,
    /// Milestones to change, checked against the key result's period and unit.
    pub milestones: Option<MilestoneEdit>,
}

/// How an edit changes a key result's milestones.
#[derive(Debug, Clone, Default)]
pub struct MilestoneEdit {
    /// Remove every milestone first (`--no-milestones`).
    pub clear: bool,
    /// Then add these, each replacing the one on its day: (day, value as typed).
    pub set: Vec<(NaiveDate, input::Measure)>,
}

/// Applies `edit` to the milestones of `kr`, a key result of an objective in `period`: each
/// must fall within the period and read in the key result's unit; one on a day replaces the
/// one there.
pub(in crate::model) fn set_milestones(
    kr: &mut KeyResult,
    period: &Period,
    edit: MilestoneEdit,
) -> Result<(), ModelError> {
    if edit.clear {
        kr.milestones.clear();
    }
    if edit.set.is_empty() {
        return Ok(());
    }
    if kr.keep.is_some() {
        return Err(ModelError::MilestoneOnLine(kr.id.clone()));
    }
    for (date, measure) in edit.set {
        if !period.contains(date) {
            return Err(ModelError::MilestoneOutsidePeriod {
                kr: kr.id.clone(),
                date,
                period: *period,
            });
        }
        let thing = || format!("the milestone of `{}` on {date}", kr.id);
        let value = measure.for_unit(thing, kr.unit.as_deref())?;
        kr.milestones.retain(|m| m.date != date);
        kr.milestones.push(Milestone { date, value });
    }
    kr.milestones.sort_by_key(|m| m.date);
    Ok(())
}

/// The rows of `table` (by name) whose edit is given: an edit's field is named after the
/// record's field it sets, and a test holds every name to a row of the record's table.
fn given<R>(table: &[fields::Field<R>], given: &[(&str, bool)]) -> Vec<&'static str> {
    given
        .iter()
        .filter(|(_, is_given)| *is_given)
        .filter_map(|(name, _)| fields::named(table, name).map(|f| f.name))
        .collect()
}

impl ObjectiveEdit {
    /// The fields of [`fields::OBJECTIVE`] this edit sets.
    pub fn given(&self) -> Vec<&'static str> {
        given(
            fields::OBJECTIVE,
            &[
                ("title", self.title.is_some()),
                ("description", self.description.is_some()),
                ("kind", self.kind.is_some()),
                ("period", self.period.is_some()),
                ("owner", self.owner.is_some()),
            ],
        )
    }
}

impl KeyResultEdit {
    /// The fields of [`fields::KEY_RESULT`] this edit sets.
    pub fn given(&self) -> Vec<&'static str> {
        given(
            fields::KEY_RESULT,
            &[
                ("title", self.title.is_some()),
                ("start", self.start.is_some()),
                ("target", self.target.is_some()),
                ("unit", self.unit.is_some()),
                ("weight", self.weight.is_some()),
                ("outcome_ok", self.outcome_ok.is_some()),
                ("owner", self.owner.is_some()),
                ("milestones", self.milestones.is_some()),
            ],
        )
    }
}

/// What `remove` took out.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    /// The ids removed: the item, and an objective's key results.
    pub ids: Vec<String>,
    /// Objectives whose alignment to a removed key result was dropped (with `force`).
    pub unaligned: Vec<String>,
}

impl Okrs {
    /// Changes an objective; a new owner or period is checked against the limit again.
    pub fn edit_objective(&mut self, id: &str, edit: ObjectiveEdit) -> Result<(), ModelError> {
        // A field set again settles its merge conflict.
        let settled = edit.given();
        let mut changed = self.objective_mut(id)?.clone();
        self.ensure_open_item(id)?;
        if let Some(text) = edit.title {
            changed.title = title(&text)?;
        }
        if let Some(text) = edit.description {
            changed.description = input::trimmed(&text);
        }
        if let Some(kind) = edit.kind {
            changed.kind = kind;
        }
        if let Some(period) = edit.period {
            changed.period = period;
        }
        if let Some(owner) = edit.owner {
            changed.owner = self.spelled(owner)?;
        }
        if let Some(period) = &edit.period {
            for kr in &changed.key_results {
                if let Some(m) = kr.milestones.iter().find(|m| !period.contains(m.date)) {
                    return Err(ModelError::MilestonesOutside {
                        kr: kr.id.clone(),
                        date: m.date.to_string(),
                        period: period.to_string(),
                    });
                }
            }
        }
        let original = self.objective_mut(id)?;
        if changed.period != original.period || changed.owner.key() != original.owner.key() {
            self.ensure_open(
                &changed.period,
                &format!("`{id}` moved to {}", changed.period),
            )?;
            self.can_add_objective(&changed.owner, &changed.period, Some(id))?;
            for kr in &changed.aligns {
                self.check_alignment(&changed, kr)?;
            }
            for child in &self.objectives {
                let kr_ids = changed.key_results.iter().map(|kr| &kr.id);
                let Some(kr) = kr_ids.into_iter().find(|kr| child.aligns.contains(kr)) else {
                    continue;
                };
                if let Some(reason) = alignment_error(child, &changed) {
                    return Err(ModelError::BadAlignment {
                        objective: child.id.clone(),
                        kr: kr.clone(),
                        reason,
                    });
                }
            }
        }
        *self.objective_mut(id)? = changed;
        self.settle(id, &settled);
        Ok(())
    }

    /// Changes a key result; the target may not end up equal to the start.
    pub fn edit_key_result(&mut self, id: &str, edit: KeyResultEdit) -> Result<(), ModelError> {
        let settled = edit.given();
        self.key_result_mut(id)?;
        self.ensure_open_item(id)?;
        let owner = edit
            .owner
            .map(|o| o.map(|o| self.person_spelled(&o)).transpose())
            .transpose()?;
        let (objective, index) = self.key_result_mut(id)?;
        let mut changed = objective.key_results[index].clone();
        if let Some(owner) = owner {
            changed.owner = owner;
        }
        if let Some(text) = edit.title {
            changed.title = title(&text)?;
        }
        if let Some(start) = edit.start {
            changed.start = start;
            // A remembered "+25%" no longer describes the target once the start moves.
            changed.relative_target = None;
        }
        if let Some(target) = edit.target {
            changed.target = target.absolute(changed.start)?;
            changed.relative_target = target.relative_form();
        }
        if let Some(unit) = edit.unit {
            changed.unit = input::trimmed(&unit);
        }
        if let Some(ok) = edit.outcome_ok {
            changed.outcome_ok = ok;
        }
        if let Some(milestones) = edit.milestones {
            set_milestones(&mut changed, &objective.period, milestones)?;
        }

        if let Some(weight) = edit.weight {
            rules::check_weight(weight)?;
            changed.weight = weight;
        }
        rules::check_span(Some(id), &changed.title, changed.start, changed.target)?;
        rules::check_weights(
            &objective.id,
            objective.key_results.iter().enumerate().map(|(i, kr)| {
                if i == index {
                    changed.weight
                } else {
                    kr.weight
                }
            }),
        )?;
        objective.key_results[index] = changed;
        self.settle(id, &settled);
        Ok(())
    }

    /// Makes objective `objective` align to key result `kr`, if the cascade allows it.
    pub fn align(&mut self, objective: &str, kr: &str) -> Result<bool, ModelError> {
        let child = self.objective_mut(objective)?.clone();
        self.ensure_open_item(objective)?;
        self.check_alignment(&child, kr)?;
        let child = self.objective_mut(objective)?;
        if child.aligns.iter().any(|a| a == kr) {
            return Ok(false);
        }
        child.aligns.push(kr.to_string());
        Ok(true)
    }

    /// Drops the alignment of `objective` to `kr`.
    pub fn unalign(&mut self, objective: &str, kr: &str) -> Result<(), ModelError> {
        self.objective_mut(objective)?;
        self.ensure_open_item(objective)?;
        let child = self.objective_mut(objective)?;
        let before = child.aligns.len();
        child.aligns.retain(|a| a != kr);
        if child.aligns.len() == before {
            return Err(ModelError::NotAligned {
                objective: objective.to_string(),
                kr: kr.to_string(),
            });
        }
        Ok(())
    }

    /// Removes an objective (with its key results) or a key result. Refused while other
    /// objectives align to what would go, unless `force`, which also drops those alignments.
    pub fn remove(&mut self, id: &str, force: bool) -> Result<Removed, ModelError> {
        let ids: Vec<String> = match self.find(id) {
            None => return Err(ModelError::UnknownId(id.to_string())),
            Some(Item::Objective(o)) => std::iter::once(o.id.clone())
                .chain(o.key_results.iter().map(|kr| kr.id.clone()))
                .collect(),
            Some(Item::KeyResult(_, kr)) => vec![kr.id.clone()],
        };
        let dependents: Vec<String> = self
            .objectives
            .iter()
            .filter(|o| o.id != id && o.aligns.iter().any(|a| ids.contains(a)))
            .map(|o| o.id.clone())
            .collect();
        if !dependents.is_empty() && !force {
            return Err(ModelError::HasDependents {
                id: id.to_string(),
                dependents: dependents.join(", "),
            });
        }
        self.ensure_open_item(id)?;
        for dependent in &dependents {
            self.ensure_open_item(dependent)?;
        }
        self.objectives.retain(|o| o.id != id);
        for o in &mut self.objectives {
            o.key_results.retain(|kr| kr.id != id);
            if dependents.contains(&o.id) {
                o.aligns.retain(|a| !ids.contains(a));
            }
        }
        Ok(Removed {
            ids,
            unaligned: dependents,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_an_edit_sets_is_a_row_of_its_record_table() {
        let objective = ObjectiveEdit {
            title: Some(String::new()),
            description: Some(String::new()),
            period: Some("2026-Q4".parse().unwrap()),
            kind: Some(Kind::Committed),
            owner: Some(Owner::Company),
        };
        assert_eq!(
            objective.given(),
            ["title", "description", "kind", "period", "owner"]
        );
        let kr = KeyResultEdit {
            title: Some(String::new()),
            start: Some(0.0),
            target: Some(input::target("1").unwrap()),
            unit: Some(String::new()),
            weight: Some(1.0),
            outcome_ok: Some(true),
            owner: Some(None),
            milestones: Some(MilestoneEdit::default()),
        };
        assert_eq!(
            kr.given(),
            [
                "title",
                "start",
                "target",
                "unit",
                "weight",
                "outcome_ok",
                "owner",
                "milestones"
            ]
        );
        assert!(ObjectiveEdit::default().given().is_empty());
        assert!(KeyResultEdit::default().given().is_empty());
    }
}
