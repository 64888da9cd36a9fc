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

/// Where each key result is (objective index, key result index), and which key results
/// each KPI measures: built once per import.
struct Index {
    krs: HashMap<String, (usize, usize)>,
    measured: HashMap<String, Vec<(usize, usize)>>,
}

/// The rows gathered per key result and KPI, to be merged in one pass each: a check-in
/// fed by a KPI value is marked `true`.
#[derive(Default)]
struct Gathered {
    checkins: HashMap<(usize, usize), Vec<(bool, CheckIn)>>,
    records: HashMap<String, (RecordKeys, Vec<KpiRecord>)>,
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
        let index = self.import_index();
        let errors: Vec<(usize, ModelError)> = entries
            .iter()
            .filter_map(|(line, entry)| Some((*line, self.refusal(entry, &index, today)?)))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut done = Imported::default();
        let gathered = self.gather(entries, &index, &mut done);
        self.apply(gathered, &mut done);
        Ok(done)
    }

    fn import_index(&self) -> Index {
        let mut index = Index {
            krs: HashMap::new(),
            measured: HashMap::new(),
        };
        for (i, o) in self.objectives.iter().enumerate() {
            for (j, kr) in o.key_results.iter().enumerate() {
                index.krs.insert(kr.id.clone(), (i, j));
                if let Some(kpi) = &kr.kpi {
                    index.measured.entry(kpi.clone()).or_default().push((i, j));
                }
            }
        }
        index
    }

    /// Why this row cannot be imported, if it cannot: an unknown key result or KPI, a date
    /// after today or outside the period, a closed period, a value that does not fit the
    /// unit.
    fn refusal(&self, entry: &Entry, index: &Index, today: NaiveDate) -> Option<ModelError> {
        let future = |date: NaiveDate| rules::check_not_future(date, today).err();
        match entry {
            Entry::CheckIn {
                kr,
                checkin,
                measure,
            } => {
                let Some(&(i, j)) = index.krs.get(kr.as_str()) else {
                    return Some(match self.find(kr) {
                        Some(Item::Objective(_)) => ModelError::NotAKeyResult(kr.clone()),
                        _ => ModelError::UnknownId(kr.clone()),
                    });
                };
                let objective = &self.objectives[i];
                let k = &objective.key_results[j];
                let thing = || input::key_result_named(kr, &k.title);
                future(checkin.date)
                    .or_else(|| measure.for_unit(thing, k.unit.as_deref()).err())
                    .or_else(|| rules::check_within(kr, checkin.date, &objective.period).err())
                    .or_else(|| {
                        self.ensure_open(&objective.period, &format!("`{kr}`"))
                            .err()
                    })
            }
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
        }
    }

    /// Sorts the checked rows per key result and KPI; a KPI value already recorded is
    /// counted as skipped, a new one also becomes a check-in of each key result it feeds.
    fn gather(&self, entries: Vec<(usize, Entry)>, index: &Index, done: &mut Imported) -> Gathered {
        let mut gathered = Gathered::default();
        for (_, entry) in entries {
            match entry {
                Entry::CheckIn { kr, checkin, .. } => {
                    let at = index.krs[&kr];
                    gathered
                        .checkins
                        .entry(at)
                        .or_default()
                        .push((false, checkin));
                }
                Entry::Kpi { name, record, .. } => {
                    let Some(kpi) = self.kpi(&name) else { continue };
                    let (seen, new) = gathered
                        .records
                        .entry(name.clone())
                        .or_insert_with(|| (RecordKeys::of(kpi), Vec::new()));
                    if !seen.insert_record(&record) {
                        done.skipped += 1;
                        continue;
                    }
                    done.kpi_records += 1;
                    for &(i, j) in index.measured.get(&name).into_iter().flatten() {
                        let period = &self.objectives[i].period;
                        if feeds(period, record.date, &self.closed_periods) {
                            let checkin = kpi_checkin(&name, &record);
                            gathered
                                .checkins
                                .entry((i, j))
                                .or_default()
                                .push((true, checkin));
                        }
                    }
                    new.push(record);
                }
            }
        }
        gathered
    }

    /// Adds the gathered KPI values and check-ins, counting what was new.
    fn apply(&mut self, gathered: Gathered, done: &mut Imported) {
        for (name, (_, new)) in gathered.records {
            if let Some(kpi) = self.kpis.iter_mut().find(|k| k.name == name) {
                kpi.records.extend(new);
                kpi.records.sort_by_key(|r| r.date);
            }
        }
        for ((i, j), rows) in gathered.checkins {
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
    }
}
