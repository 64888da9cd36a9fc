//! KPIs: the measurements (visitors, followers, conversion rate) that feed key results.
//! Recording a KPI value records the same value as a check-in on every key result it measures.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use super::lifecycle::within;
use super::{CheckIn, Item, KeyResult, ModelError, Okrs, Period, input};

/// A measurement tracked over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// Unique name, e.g. `organic-visitors`.
    pub name: String,
    /// Unit of the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What is measured and where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Recorded values, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<KpiRecord>,
}

/// One recorded value of a KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiRecord {
    /// The day measured.
    #[serde(deserialize_with = "input::deserialize_date")]
    pub date: NaiveDate,
    /// The value.
    #[serde(serialize_with = "input::serialize_number")]
    pub value: f64,
    /// A caller-chosen key (the `id` column of an import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// What recording a KPI value did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recorded {
    /// False when the same record was already there (nothing changed).
    pub added: bool,
    /// Key results that got a check-in.
    pub fed: Vec<String>,
    /// Key results measured by the KPI but left alone: their period does not contain the
    /// date, or is closed.
    pub skipped: Vec<String>,
}

impl Okrs {
    /// The KPI named `name`.
    pub fn kpi(&self, name: &str) -> Option<&Kpi> {
        self.kpis.iter().find(|k| k.name == name)
    }

    /// Adds a KPI; names follow the rules of ids and are unique.
    pub fn add_kpi(
        &mut self,
        name: &str,
        unit: Option<String>,
        description: Option<String>,
    ) -> Result<(), ModelError> {
        input::check_id(name).map_err(|_| ModelError::InvalidKpiName(name.to_string()))?;
        if self.kpi(name).is_some() {
            return Err(ModelError::DuplicateKpi(name.to_string()));
        }
        self.kpis.push(Kpi {
            name: name.to_string(),
            unit: unit.as_deref().and_then(input::trimmed),
            description: description.as_deref().and_then(input::trimmed),
            records: Vec::new(),
        });
        Ok(())
    }

    /// Makes key result `kr` measured by KPI `name` (`None`: by nothing).
    pub fn link_kpi(&mut self, kr: &str, name: Option<&str>) -> Result<(), ModelError> {
        if let Some(name) = name
            && self.kpi(name).is_none()
        {
            return Err(ModelError::UnknownKpi(name.to_string()));
        }
        match self.find(kr) {
            Some(Item::KeyResult(..)) => {}
            Some(Item::Objective(_)) => return Err(ModelError::NotAKeyResult(kr.to_string())),
            None => return Err(ModelError::UnknownId(kr.to_string())),
        }
        self.ensure_open_item(kr)?;
        if let Some(key_result) = self
            .objectives
            .iter_mut()
            .flat_map(|o| o.key_results.iter_mut())
            .find(|k| k.id == kr)
        {
            key_result.kpi = name.map(str::to_string);
        }
        Ok(())
    }

    /// Records a KPI value and the matching check-in on every key result it measures whose
    /// period contains `date` and is open. Recording the same value again changes nothing.
    pub fn record_kpi(
        &mut self,
        name: &str,
        record: KpiRecord,
        today: NaiveDate,
    ) -> Result<Recorded, ModelError> {
        if record.date > today {
            return Err(ModelError::FutureDate {
                date: record.date.to_string(),
                today: today.to_string(),
            });
        }
        let kpi = self
            .kpis
            .iter_mut()
            .find(|k| k.name == name)
            .ok_or_else(|| ModelError::UnknownKpi(name.to_string()))?;
        let mut result = Recorded::default();
        if !insert_record(kpi, record.clone()) {
            return Ok(result);
        }
        result.added = true;
        for o in &mut self.objectives {
            let open = feeds(&o.period, record.date, &self.closed);
            for kr in o
                .key_results
                .iter_mut()
                .filter(|kr| kr.kpi.as_deref() == Some(name))
            {
                if !open {
                    result.skipped.push(kr.id.clone());
                } else if insert_checkin(kr, kpi_checkin(name, &record)) {
                    result.fed.push(kr.id.clone());
                }
            }
        }
        Ok(result)
    }
}

/// Adds `checkin` to `kr` in date order unless an equal one is there; whether it was added.
pub(super) fn insert_checkin(kr: &mut KeyResult, checkin: CheckIn) -> bool {
    merge_checkins(kr, vec![checkin]) == [true]
}

/// What makes two check-ins the same measurement when they do not both carry a key (the
/// `id` column of an import): the same day, value, note and confidence. Two with keys are
/// the same when the keys are.
fn checkin_fields(c: &CheckIn) -> (NaiveDate, u64, Option<&str>, Option<u8>) {
    (c.date, c.value.to_bits(), c.note.as_deref(), c.confidence)
}

/// Adds each of `new` (in order) to `kr` unless the same measurement (see
/// [`checkin_fields`]) is already there or earlier in `new`; returns which were added. Check-ins stay in
/// date order, an added one after those of its day: the same result as inserting them one
/// by one, in time proportional to all the check-ins rather than their product, so that a
/// million imported rows for one key result take seconds.
pub(super) fn merge_checkins(kr: &mut KeyResult, new: Vec<CheckIn>) -> Vec<bool> {
    let (added, merged) = {
        let mut seen = Seen::default();
        for c in &kr.checkins {
            seen.add(c.id.as_deref(), checkin_fields(c));
        }
        let mut added = Vec::with_capacity(new.len());
        let mut kept = Vec::new();
        for (index, c) in new.iter().enumerate() {
            let fresh = seen.insert(c.id.as_deref(), checkin_fields(c));
            added.push(fresh);
            if fresh {
                kept.push(index);
            }
        }
        (added, kept)
    };
    if merged.is_empty() {
        return added;
    }
    let mut new: Vec<Option<CheckIn>> = new.into_iter().map(Some).collect();
    kr.checkins
        .extend(merged.into_iter().filter_map(|index| new[index].take()));
    // Stable: a day's existing check-ins stay first, then the new ones in the order given.
    kr.checkins.sort_by_key(|c| c.date);
    added
}

/// Adds `record` to `kpi` in date order unless the same one is there; whether it was added.
fn insert_record(kpi: &mut Kpi, record: KpiRecord) -> bool {
    let mut seen = RecordKeys::of(kpi);
    if !seen.insert_record(&record) {
        return false;
    }
    let at = kpi.records.partition_point(|r| r.date <= record.date);
    kpi.records.insert(at, record);
    true
}

/// Measurements already seen, as the duplicate rule compares them: two with a key (the
/// `id` column of an import) are the same when the keys are; otherwise when their `fields`
/// (day and value, and for check-ins note and confidence) are.
struct Seen<K, F> {
    keys: HashSet<K>,
    fields: HashSet<F>,
    fields_without_key: HashSet<F>,
}

impl<K, F> Default for Seen<K, F> {
    fn default() -> Self {
        Seen {
            keys: HashSet::new(),
            fields: HashSet::new(),
            fields_without_key: HashSet::new(),
        }
    }
}

impl<K: Hash + Eq, F: Hash + Eq + Copy> Seen<K, F> {
    fn add(&mut self, key: Option<K>, fields: F) {
        self.fields.insert(fields);
        match key {
            Some(key) => {
                self.keys.insert(key);
            }
            None => {
                self.fields_without_key.insert(fields);
            }
        }
    }

    /// Adds a measurement unless it was seen; whether it was new.
    fn insert(&mut self, key: Option<K>, fields: F) -> bool {
        let duplicate = match &key {
            Some(key) => self.keys.contains(key) || self.fields_without_key.contains(&fields),
            None => self.fields.contains(&fields),
        };
        if !duplicate {
            self.add(key, fields);
        }
        !duplicate
    }
}

/// The records of a KPI as [`Seen`] compares them.
type RecordKeys = Seen<String, (NaiveDate, u64)>;

impl RecordKeys {
    fn of(kpi: &Kpi) -> RecordKeys {
        let mut seen = RecordKeys::default();
        for r in &kpi.records {
            seen.add(r.id.clone(), (r.date, r.value.to_bits()));
        }
        seen
    }

    fn insert_record(&mut self, r: &KpiRecord) -> bool {
        self.insert(r.id.clone(), (r.date, r.value.to_bits()))
    }
}

/// Whether a KPI value of `date` becomes a check-in of a key result in `period`: the period
/// contains the date and is not closed.
fn feeds(period: &Period, date: NaiveDate, closed: &[Period]) -> bool {
    period.start() <= date && date <= period.end() && !closed.iter().any(|c| within(period, c))
}

/// The check-in a KPI value becomes.
fn kpi_checkin(name: &str, record: &KpiRecord) -> CheckIn {
    CheckIn {
        date: record.date,
        value: record.value,
        note: Some(format!("from KPI `{name}`")),
        confidence: None,
        id: None,
    }
}

/// One row of an import.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A check-in of a key result.
    CheckIn {
        /// The key result.
        kr: String,
        /// The measurement.
        checkin: CheckIn,
    },
    /// A KPI value.
    Kpi {
        /// The KPI.
        name: String,
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
        let future = |date: NaiveDate| {
            (date > today).then(|| ModelError::FutureDate {
                date: date.to_string(),
                today: today.to_string(),
            })
        };
        // Check every row before changing anything.
        let mut errors = Vec::new();
        for (line, entry) in &entries {
            let error = match entry {
                Entry::CheckIn { kr, checkin } => match krs.get(kr.as_str()) {
                    None => Some(match self.find(kr) {
                        Some(Item::Objective(_)) => ModelError::NotAKeyResult(kr.clone()),
                        _ => ModelError::UnknownId(kr.clone()),
                    }),
                    Some(&(i, _)) => future(checkin.date).or_else(|| {
                        self.ensure_open(&self.objectives[i].period, &format!("`{kr}`"))
                            .err()
                    }),
                },
                Entry::Kpi { name, record } => match self.kpi(name) {
                    None => Some(ModelError::UnknownKpi(name.clone())),
                    Some(_) => future(record.date),
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
                Entry::CheckIn { kr, checkin } => {
                    pending.entry(krs[&kr]).or_default().push((false, checkin));
                }
                Entry::Kpi { name, record } => {
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
                        if feeds(&self.objectives[i].period, record.date, &self.closed) {
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
