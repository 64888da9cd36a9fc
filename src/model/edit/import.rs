//! Applying imported rows (see `crate::import` for reading them): all or nothing, and
//! idempotent, so that a nightly job can import the same export again.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::input::{self, Measure};
use crate::model::kpi::{RecordKeys, feeds, kpi_checkin, merge_checkins};
use crate::model::{CheckIn, Item, KpiRecord, ModelError, Okrs, rules};

/// One row of an import.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A check-in of a key result.
    CheckIn {
        /// The key result.
        kr: String,
        /// The value as typed (a `%` or currency sign must fit the key result's unit).
        measure: Measure,
        /// The measurement.
        checkin: CheckIn,
    },
    /// A KPI value.
    Kpi {
        /// The KPI.
        name: String,
        /// The value as typed (a `%` or currency sign must fit the KPI's unit).
        measure: Measure,
        /// The value.
        record: KpiRecord,
    },
}

/// What an import changed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// Check-ins added from check-in rows.
    pub checkins: usize,
    /// KPI values added.
    pub kpi_records: usize,
    /// Check-ins added to key results from those KPI values.
    pub fed: usize,
    /// Rows already present (same key, or same day, value, note and confidence).
    pub skipped: usize,
}

impl Okrs {
    /// Applies every row, or none: every row is checked first, and on any refusal the model
    /// is left as it was and every refused row is returned with its line number. Rows already
    /// present are skipped, so importing the same rows twice changes nothing the second time.
    ///
    /// Key results and KPIs are found through indexes built once, so an import costs time in
    /// proportion to the file plus the rows, not their product.
    pub fn import(
        &mut self,
        entries: Vec<(usize, Entry)>,
        today: NaiveDate,
    ) -> Result<Imported, Vec<(usize, ModelError)>> {
        let mut krs: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut measured: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for (i, o) in self.objectives.iter().enumerate() {
            for (j, kr) in o.key_results.iter().enumerate() {
                krs.insert(&kr.id, (i, j));
                if let Some(kpi) = &kr.kpi {
                    measured.entry(kpi).or_default().push((i, j));
                }
            }
        }
        let future = |date: NaiveDate| rules::check_not_future(date, today).err();
        // Check every row before changing anything.
        let mut errors = Vec::new();
        for (line, entry) in &entries {
            let error = match entry {
                Entry::CheckIn {
                    kr,
                    checkin,
                    measure,
                } => match krs.get(kr.as_str()) {
                    None => Some(match self.find(kr) {
                        Some(Item::Objective(_)) => ModelError::NotAKeyResult(kr.clone()),
                        _ => ModelError::UnknownId(kr.clone()),
                    }),
                    Some(&(i, j)) => future(checkin.date)
                        .or_else(|| {
                            let k = &self.objectives[i].key_results[j];
                            let thing = || input::key_result_named(kr, &k.title);
                            measure.for_unit(thing, k.unit.as_deref()).err()
                        })
                        .or_else(|| {
                            rules::check_within(kr, checkin.date, &self.objectives[i].period).err()
                        })
                        .or_else(|| {
                            self.ensure_open(&self.objectives[i].period, &format!("`{kr}`"))
                                .err()
                        }),
                },
                Entry::Kpi {
                    name,
                    record,
                    measure,
                } => match self.kpi(name) {
                    None => Some(ModelError::UnknownKpi(name.clone())),
                    Some(kpi) => future(record.date).or_else(|| {
                        let thing = || format!("KPI `{name}`");
                        measure.for_unit(thing, kpi.unit.as_deref()).err()
                    }),
                },
            };
            if let Some(error) = error {
                errors.push((*line, error));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let krs: HashMap<String, (usize, usize)> =
            krs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let measured: HashMap<String, Vec<(usize, usize)>> = measured
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        // Rows are gathered per key result and KPI, then merged in one pass each.
        let mut pending: HashMap<(usize, usize), Vec<(bool, CheckIn)>> = HashMap::new();
        let mut records: HashMap<String, (RecordKeys, Vec<KpiRecord>)> = HashMap::new();
        let mut done = Imported::default();
        for (_, entry) in entries {
            match entry {
                Entry::CheckIn { kr, checkin, .. } => {
                    pending.entry(krs[&kr]).or_default().push((false, checkin));
                }
                Entry::Kpi { name, record, .. } => {
                    let (seen, new) = match records.get_mut(&name) {
                        Some(slot) => slot,
                        None => {
                            let Some(kpi) = self.kpi(&name) else { continue };
                            records
                                .entry(name.clone())
                                .or_insert((RecordKeys::of(kpi), Vec::new()))
                        }
                    };
                    if !seen.insert_record(&record) {
                        done.skipped += 1;
                        continue;
                    }
                    done.kpi_records += 1;
                    for &(i, j) in measured.get(&name).into_iter().flatten() {
                        if feeds(
                            &self.objectives[i].period,
                            record.date,
                            &self.closed_periods,
                        ) {
                            let checkin = kpi_checkin(&name, &record);
                            pending.entry((i, j)).or_default().push((true, checkin));
                        }
                    }
                    new.push(record);
                }
            }
        }
        for (name, (_, new)) in records {
            if let Some(kpi) = self.kpis.iter_mut().find(|k| k.name == name) {
                kpi.records.extend(new);
                kpi.records.sort_by_key(|r| r.date);
            }
        }
        for ((i, j), rows) in pending {
            let (fed, checkins): (Vec<bool>, Vec<CheckIn>) = rows.into_iter().unzip();
            let added = merge_checkins(&mut self.objectives[i].key_results[j], checkins);
            for (fed, added) in fed.into_iter().zip(added) {
                match (fed, added) {
                    (true, true) => done.fed += 1,
                    (false, true) => done.checkins += 1,
                    (false, false) => done.skipped += 1,
                    (true, false) => {}
                }
            }
        }
        Ok(done)
    }
}
