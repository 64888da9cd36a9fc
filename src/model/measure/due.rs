//! Who owes a check-in: the weekly loop's question. A key result is due when its period runs
//! today, is not closed, the key result is not done, and its latest check-in that a person
//! gave is `days` old or more (or there is none, and the period began `days` ago or more).
//! For a key result fed by a KPI, the KPI brings the number but not the judgement: the
//! check-in that counts is the latest with a confidence or a note of someone's own.

use chrono::NaiveDate;

use crate::model::{KeyResult, Objective, Okrs, Status};

/// A key result due for a check-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Due<'a> {
    /// Its objective.
    pub objective: &'a Objective,
    /// The key result.
    pub kr: &'a KeyResult,
    /// Who answers for it (see [`KeyResult::answered_by`]).
    pub who: String,
    /// The day of the latest check-in that counts, if any.
    pub last: Option<NaiveDate>,
    /// Days since then (or since the period began, without one).
    pub days_since: i64,
}

impl KeyResult {
    /// The latest check-in a person gave, up to `today`: for a key result fed by a KPI, the
    /// latest with a confidence or a note of its own.
    pub fn last_human_checkin(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.known_on(today)
            .iter()
            .rev()
            .find(|c| {
                !c.from_kpi() && (self.kpi.is_none() || c.confidence.is_some() || c.note.is_some())
            })
            .map(|c| c.date)
    }
}

impl Okrs {
    /// The key results of `objectives` due for a check-in on `today`, after `days` days, in
    /// file order.
    pub fn due<'a>(
        &'a self,
        objectives: impl IntoIterator<Item = &'a Objective>,
        today: NaiveDate,
        days: u32,
    ) -> Vec<Due<'a>> {
        let mut due = Vec::new();
        for o in objectives {
            if !o.period.contains(today) || self.closed_period_of(&o.period).is_some() {
                continue;
            }
            for kr in &o.key_results {
                let done = kr.status == Some(Status::Done)
                    || (kr.keep.is_none() && kr.score_on(today) >= 1.0);
                if done {
                    continue;
                }
                let last = kr.last_human_checkin(today);
                let days_since = (today - last.unwrap_or(o.period.start())).num_days();
                if days_since >= i64::from(days) {
                    due.push(Due {
                        objective: o,
                        kr,
                        who: kr.answered_by(o),
                        last,
                        days_since,
                    });
                }
            }
        }
        due
    }
}
