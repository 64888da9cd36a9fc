//! Adding to a data file: new objectives, key results and check-ins, each checked against
//! the rules first. (Changing and removing what exists is `change.rs`.)

use crate::model::rules::{self, alignment_error};
use crate::model::{Item, KeyResult, Kind, ModelError, Objective, Okrs, Owner, Period, input};

/// Everything needed to add an objective.
#[derive(Debug, Clone)]
pub struct NewObjective {
    /// The outcome.
    pub title: String,
    /// Its owner.
    pub owner: Owner,
    /// Its period.
    pub period: Period,
    /// Aspirational or committed.
    pub kind: Kind,
    /// Key results it aligns to.
    pub aligns: Vec<String>,
    /// An id chosen by the caller, else one is generated.
    pub id: Option<String>,
    /// Optional longer text.
    pub description: Option<String>,
}

/// Everything needed to add a key result.
#[derive(Debug, Clone)]
pub struct NewKeyResult {
    /// What is measured.
    pub title: String,
    /// The baseline.
    pub start: f64,
    /// The value to reach, as typed.
    pub target: input::Target,
    /// Unit of the values.
    pub unit: Option<String>,
    /// Relative weight.
    pub weight: f64,
    /// An id chosen by the caller, else one is generated.
    pub id: Option<String>,
    /// For a health metric: keep the value above or below the target (an absolute value).
    pub keep: Option<crate::model::Keep>,
    /// The person who answers for it, if not the objective's owner.
    pub owner: Option<String>,
}

/// A title as typed, trimmed; refused when empty or holding a control character.
pub(in crate::model) fn title(title: &str) -> Result<String, ModelError> {
    text("the title", title).map_err(|error| match error {
        ModelError::EmptyText(_) => ModelError::EmptyTitle,
        error => error,
    })
}

/// Free text as typed (a note, a retrospective), trimmed; refused when empty or holding a
/// control character. `what` names it in the error.
pub(in crate::model) fn text(what: &str, text: &str) -> Result<String, ModelError> {
    input::check_text(text, false).map_err(|c| ModelError::ControlCharacter {
        what: what.into(),
        code: format!("U+{:04X}", u32::from(c)),
    })?;
    input::trimmed(text).ok_or_else(|| ModelError::EmptyText(what.into()))
}

fn optional_text(text: Option<String>) -> Option<String> {
    text.as_deref().and_then(input::trimmed)
}

impl Okrs {
    /// Whether `owner` may have one more objective in `period` (besides `ignore`, the
    /// objective being moved there): refused with the reason when the owner is at the limit.
    pub fn can_add_objective(
        &self,
        owner: &Owner,
        period: &Period,
        ignore: Option<&str>,
    ) -> Result<(), ModelError> {
        let key = owner.key();
        let others: Vec<Period> = self
            .objectives
            .iter()
            .filter(|o| Some(o.id.as_str()) != ignore)
            .filter(|o| o.owner.key() == key && o.period.overlaps(period))
            .map(|o| o.period)
            .collect();
        let count = rules::most_active_at_once(&others, period);
        self.objective_limit(owner, period, count)
    }

    /// Refuses one more objective for `owner` in `period` when it already has `count` there
    /// and that is the limit.
    pub(in crate::model) fn objective_limit(
        &self,
        owner: &Owner,
        period: &Period,
        count: usize,
    ) -> Result<(), ModelError> {
        let limit = self.settings.max_objectives;
        if count >= limit as usize {
            return Err(ModelError::TooManyObjectives {
                owner: owner.label(),
                period: period.to_string(),
                count,
                limit,
            });
        }
        Ok(())
    }

    pub(in crate::model) fn check_alignment(
        &self,
        child: &Objective,
        kr: &str,
    ) -> Result<(), ModelError> {
        let refuse = |reason: String| ModelError::BadAlignment {
            objective: child.id.clone(),
            kr: kr.to_string(),
            reason,
        };
        match self.find(kr) {
            None => Err(ModelError::UnknownId(kr.to_string())),
            Some(Item::Objective(_)) => Err(ModelError::AlignToObjective {
                objective: child.id.clone(),
                kr: kr.to_string(),
            }),
            Some(Item::KeyResult(parent, _)) => match alignment_error(child, parent) {
                Some(reason) => Err(refuse(reason)),
                None => Ok(()),
            },
        }
    }

    /// Adds an objective after checking the owner's limit and every alignment; returns its id.
    pub fn add_objective(&mut self, new: NewObjective) -> Result<String, ModelError> {
        let mut objective = Objective {
            id: String::new(),
            title: title(&new.title)?,
            owner: self.spelled(new.owner)?,
            period: new.period,
            kind: new.kind,
            aligns: Vec::new(),
            description: optional_text(new.description),
            carried_from: None,
            final_result: None,
            status: None,
            retro: None,
            key_results: Vec::new(),
        };
        self.ensure_open(&objective.period, "a new objective")?;
        // A chosen id is checked first; a generated one is drawn once the rest has passed,
        // so that no message names an id that never comes to exist.
        let chosen = new.id.map(|id| self.claim_id(Some(id), true)).transpose()?;
        objective.id = chosen.clone().unwrap_or_default();
        let checked = self
            .can_add_objective(&objective.owner, &objective.period, None)
            .and_then(|()| {
                for kr in &new.aligns {
                    self.check_alignment(&objective, kr)?;
                }
                Ok(())
            });
        checked?;
        objective.id = match chosen {
            Some(id) => id,
            None => self.claim_id(None, true)?,
        };
        for kr in new.aligns {
            if !objective.aligns.contains(&kr) {
                objective.aligns.push(kr);
            }
        }
        let id = objective.id.clone();
        self.objectives.push(objective);
        Ok(id)
    }

    /// Adds a key result to an objective, refusing one past `max_krs`; returns its id.
    pub fn add_key_result(
        &mut self,
        objective: &str,
        new: NewKeyResult,
    ) -> Result<String, ModelError> {
        let title = title(&new.title)?;
        if let input::Target::Percent(_) = new.target
            && new.start == 0.0
        {
            return Err(ModelError::PercentOfZero {
                title,
                form: new.target.relative_form().unwrap_or_default(),
            });
        }
        let target = new.target.absolute(new.start)?;
        if new.keep.is_none() {
            rules::check_span(None, &title, new.start, target)?;
        }
        rules::check_weight(new.weight)?;
        let limit = self.settings.max_krs;
        let count = self.objective_mut(objective)?.key_results.len();
        self.ensure_open_item(objective)?;
        if count >= limit as usize {
            return Err(ModelError::TooManyKeyResults {
                id: objective.to_string(),
                count,
                limit,
            });
        }
        let owner = new.owner.map(|o| self.person_spelled(&o)).transpose()?;
        let id = self.claim_id(new.id, false)?;
        self.objective_mut(objective)?.key_results.push(KeyResult {
            owner,
            id: id.clone(),
            title,
            start: new.start,
            target,
            relative_target: new.target.relative_form(),
            unit: optional_text(new.unit),
            weight: new.weight,
            outcome_ok: false,
            kpi: None,
            status: None,
            keep: new.keep,
            milestones: Vec::new(),
            retro: None,
            checkins: Vec::new(),
        });
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;
    use crate::model::{CheckIn, KeyResultEdit};
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn okrs() -> Okrs {
        let mut okrs = Okrs::new(Settings::default()).unwrap();
        let id = okrs
            .add_objective(NewObjective {
                title: "Be known".into(),
                owner: Owner::Company,
                period: "2026-Q4".parse().unwrap(),
                kind: Kind::Aspirational,
                aligns: vec![],
                id: Some("o1".into()),
                description: None,
            })
            .unwrap();
        let kr = NewKeyResult {
            title: "Visitors".into(),
            start: 0.0,
            target: input::Target::Absolute(100.0),
            unit: None,
            weight: 1.0,
            id: Some("kr1".into()),
            keep: None,
            owner: None,
        };
        okrs.add_key_result(&id, kr).unwrap();
        okrs
    }

    fn checkin(date: &str, value: f64) -> CheckIn {
        CheckIn {
            date: day(date),
            value,
            note: None,
            confidence: None,
            by: None,
            id: None,
        }
    }

    #[test]
    fn the_latest_checkin_by_date_is_current() {
        let mut okrs = okrs();
        let today = day("2026-11-23");
        okrs.check_in("kr1", checkin("2026-11-10", 40.0), today)
            .unwrap();
        okrs.check_in("kr1", checkin("2026-10-01", 10.0), today)
            .unwrap();
        okrs.check_in("kr1", checkin("2026-11-10", 45.0), today)
            .unwrap();
        let Some(Item::KeyResult(_, kr)) = okrs.find("kr1") else {
            panic!("kr1 is a key result")
        };
        assert_eq!(kr.current(), 45.0);
        let values: Vec<f64> = kr.checkins.iter().map(|c| c.value).collect();
        assert_eq!(values, [10.0, 40.0, 45.0]);
        assert_eq!(
            okrs.check_in("kr1", checkin("2026-11-24", 1.0), today)
                .unwrap_err(),
            ModelError::FutureDate {
                date: "2026-11-24".into(),
                today: "2026-11-23".into()
            }
        );
    }

    #[test]
    fn a_refused_change_leaves_the_model_as_it_was() {
        let mut okrs = okrs();
        let before = okrs.clone();
        let edit = KeyResultEdit {
            target: Some(input::Target::Absolute(0.0)),
            ..KeyResultEdit::default()
        };
        assert!(okrs.edit_key_result("kr1", edit).is_err());
        let bad = NewObjective {
            title: "Team".into(),
            owner: Owner::Team("growth".into()),
            period: "2027-Q1".parse().unwrap(),
            kind: Kind::Committed,
            aligns: vec!["kr1".into()],
            id: None,
            description: None,
        };
        assert!(okrs.add_objective(bad).is_err());
        assert_eq!(okrs, before);
    }

    #[test]
    fn removing_an_objective_takes_its_key_results() {
        let mut okrs = okrs();
        let removed = okrs.remove("o1", false).unwrap();
        assert_eq!(removed.ids, ["o1", "kr1"]);
        assert!(okrs.find("kr1").is_none());
    }
}
