//! KPIs: the measurements (visitors, followers, conversion rate) that feed key results.
//! Recording a KPI value records the same value as a check-in on every key result it measures.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CheckIn, Item, ModelError, Okrs, input};

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

impl CheckIn {
    /// Whether `other` records the same measurement: same key when both have one, else the
    /// same day, value, note and confidence. Used to skip rows imported twice.
    pub fn same_as(&self, other: &CheckIn) -> bool {
        match (&self.id, &other.id) {
            (Some(a), Some(b)) => a == b,
            _ => {
                self.date == other.date
                    && self.value == other.value
                    && self.note == other.note
                    && self.confidence == other.confidence
            }
        }
    }
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
            .iter()
            .position(|k| k.name == name)
            .ok_or_else(|| ModelError::UnknownKpi(name.to_string()))?;
        let duplicate = self.kpis[kpi]
            .records
            .iter()
            .any(|r| match (&r.id, &record.id) {
                (Some(a), Some(b)) => a == b,
                _ => r.date == record.date && r.value == record.value,
            });
        let mut result = Recorded::default();
        if duplicate {
            return Ok(result);
        }
        let records = &mut self.kpis[kpi].records;
        let at = records.partition_point(|r| r.date <= record.date);
        records.insert(at, record.clone());
        result.added = true;

        let measured: Vec<(String, bool)> = self
            .objectives
            .iter()
            .flat_map(|o| {
                let open = o.period.start() <= record.date
                    && record.date <= o.period.end()
                    && self.closed_period_of(&o.period).is_none();
                o.key_results
                    .iter()
                    .filter(|kr| kr.kpi.as_deref() == Some(name))
                    .map(move |kr| (kr.id.clone(), open))
            })
            .collect();
        for (kr, open) in measured {
            if !open {
                result.skipped.push(kr);
                continue;
            }
            let checkin = CheckIn {
                date: record.date,
                value: record.value,
                note: Some(format!("from KPI `{name}`")),
                confidence: None,
                id: None,
            };
            if self.has_checkin(&kr, &checkin) {
                continue;
            }
            self.check_in(&kr, checkin, today)?;
            result.fed.push(kr);
        }
        Ok(result)
    }

    /// Whether key result `kr` already has a check-in equal to `checkin`.
    pub fn has_checkin(&self, kr: &str, checkin: &CheckIn) -> bool {
        match self.find(kr) {
            Some(Item::KeyResult(_, k)) => k.checkins.iter().any(|c| c.same_as(checkin)),
            _ => false,
        }
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
    /// Applies every row, or none: on any refusal the model is left as it was and every
    /// refused row is returned with its line number. Rows already present are skipped, so
    /// importing the same rows twice changes nothing the second time.
    pub fn import(
        &mut self,
        entries: Vec<(usize, Entry)>,
        today: NaiveDate,
    ) -> Result<Imported, Vec<(usize, ModelError)>> {
        let mut next = self.clone();
        let mut done = Imported::default();
        let mut errors = Vec::new();
        for (line, entry) in entries {
            let applied = match entry {
                Entry::CheckIn { kr, checkin } => {
                    if next.has_checkin(&kr, &checkin) {
                        done.skipped += 1;
                        Ok(())
                    } else {
                        next.check_in(&kr, checkin, today)
                            .map(|_| done.checkins += 1)
                    }
                }
                Entry::Kpi { name, record } => next.record_kpi(&name, record, today).map(|r| {
                    if r.added {
                        done.kpi_records += 1;
                        done.fed += r.fed.len();
                    } else {
                        done.skipped += 1;
                    }
                }),
            };
            if let Err(error) = applied {
                errors.push((line, error));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        *self = next;
        Ok(done)
    }
}
