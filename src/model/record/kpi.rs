//! KPIs: the measurements (visitors, followers, conversion rate) that feed key results.
//! Recording a KPI value records the same value as a check-in on every key result it measures.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::collections::HashSet;
use std::hash::Hash;

use crate::model::edit::lifecycle::within;
use crate::model::{CheckIn, Item, KeyResult, ModelError, Okrs, Period, input, rules};

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
        self.settle(kr, &["kpi"]);
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
        rules::check_not_future(record.date, today)?;
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
            let open = feeds(&o.period, record.date, &self.closed_periods);
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
pub(in crate::model) fn insert_checkin(kr: &mut KeyResult, checkin: CheckIn) -> bool {
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
pub(in crate::model) fn merge_checkins(kr: &mut KeyResult, new: Vec<CheckIn>) -> Vec<bool> {
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
pub(in crate::model) struct Seen<K, F> {
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
pub(in crate::model) type RecordKeys = Seen<String, (NaiveDate, u64)>;

impl RecordKeys {
    pub(in crate::model) fn of(kpi: &Kpi) -> RecordKeys {
        let mut seen = RecordKeys::default();
        for r in &kpi.records {
            seen.add(r.id.clone(), (r.date, r.value.to_bits()));
        }
        seen
    }

    pub(in crate::model) fn insert_record(&mut self, r: &KpiRecord) -> bool {
        self.insert(r.id.clone(), (r.date, r.value.to_bits()))
    }
}

/// Whether a KPI value of `date` becomes a check-in of a key result in `period`: the period
/// contains the date and is not closed.
pub(in crate::model) fn feeds(period: &Period, date: NaiveDate, closed: &[Period]) -> bool {
    period.start() <= date && date <= period.end() && !closed.iter().any(|c| within(period, c))
}

/// The check-in a KPI value becomes.
pub(in crate::model) fn kpi_checkin(name: &str, record: &KpiRecord) -> CheckIn {
    CheckIn {
        date: record.date,
        value: record.value,
        note: Some(format!("from KPI `{name}`")),
        confidence: None,
        by: None,
        id: None,
    }
}
