//! Measuring: check-ins recorded and removed, a status set by hand, and the compare-and-set
//! scripts use.

use chrono::NaiveDate;

use crate::model::kpi::insert_checkin;
use crate::model::{CheckIn, Item, ModelError, Okrs, Status, rules};

impl Okrs {
    /// Records a measurement of a key result; returns whether it was added. Check-ins may be
    /// back-dated but not dated after `today`; they stay in date order, a later one of the
    /// same day counting as newer. The same measurement twice (see `kpi::merge_checkins`) is
    /// kept once, as KPI values and imports are.
    pub fn check_in(
        &mut self,
        kr: &str,
        checkin: CheckIn,
        today: NaiveDate,
    ) -> Result<bool, ModelError> {
        rules::check_not_future(checkin.date, today)?;
        if let Some(c) = checkin.confidence.filter(|&c| !rules::valid_confidence(c)) {
            return Err(ModelError::InvalidConfidence(c.to_string()));
        }
        self.key_result_mut(kr)?;
        self.ensure_open_item(kr)?;
        let (objective, index) = self.key_result_mut(kr)?;
        rules::check_within(kr, checkin.date, &objective.period)?;
        let key_result = &mut objective.key_results[index];
        let added = insert_checkin(key_result, checkin);
        // A status set by hand holds until the next check-in; one already there is none.
        if added {
            key_result.status = None;
        }
        Ok(added)
    }

    /// Removes the check-ins of key result `kr` dated `date`; returns them. Refused when
    /// there is none, or the period is closed.
    pub fn remove_checkins(
        &mut self,
        kr: &str,
        date: NaiveDate,
    ) -> Result<Vec<CheckIn>, ModelError> {
        self.key_result_mut(kr)?;
        self.ensure_open_item(kr)?;
        let (objective, index) = self.key_result_mut(kr)?;
        let checkins = &mut objective.key_results[index].checkins;
        let (removed, kept): (Vec<CheckIn>, Vec<CheckIn>) = std::mem::take(checkins)
            .into_iter()
            .partition(|c| c.date == date);
        *checkins = kept;
        if removed.is_empty() {
            return Err(ModelError::NoCheckIn {
                kr: kr.to_string(),
                date: date.to_string(),
            });
        }
        Ok(removed)
    }

    /// Sets the status of objective or key result `id` by hand (`None`: computed again).
    pub fn set_status(&mut self, id: &str, status: Option<Status>) -> Result<(), ModelError> {
        self.ensure_open_item(id)?;
        match self.item(id)? {
            Item::Objective(_) => self.objective_mut(id)?.status = status,
            Item::KeyResult(..) => {
                let (o, index) = self.key_result_mut(id)?;
                o.key_results[index].status = status;
            }
        }
        self.settle(id, &["status"]);
        Ok(())
    }

    /// Compare-and-set for scripts: refuses unless key result `kr`'s current value is
    /// `expected`, so that a concurrent update is not overwritten unseen.
    pub fn expect_current(&self, kr: &str, expected: f64) -> Result<(), ModelError> {
        let current = self.key_result(kr)?.1.current();
        if current == expected {
            Ok(())
        } else {
            Err(ModelError::NotCurrent {
                kr: kr.to_string(),
                expected: expected.to_string(),
                current: current.to_string(),
            })
        }
    }
}
