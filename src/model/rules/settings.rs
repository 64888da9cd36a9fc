//! The settings of a data file: its limits and its scoring policy, each named once in
//! [`TABLE`] with what it does, what it takes and how to read and set it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::ModelError;
use crate::model::input::NumberFormat;
use crate::model::rules::{MAX_KRS, MAX_OBJECTIVES, MIN_KRS};

/// The limits and the scoring policy a data file follows; each file carries its own. The
/// policy settings are written only when they differ from their defaults, so a file that
/// keeps the defaults reads as it always did. docs/scoring.md describes each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Most objectives one owner (the company, a team, a person) may have in one period.
    pub max_objectives: u32,
    /// Fewest key results an objective should have (reported by `check`).
    pub min_krs: u32,
    /// Most key results an objective may have (refused by `add kr`).
    pub max_krs: u32,
    /// Share of the elapsed time an aspirational OKR is expected to have reached (0.7).
    #[serde(
        default = "defaults::aspirational_pace",
        skip_serializing_if = "defaults::is_aspirational_pace"
    )]
    pub aspirational_pace: f64,
    /// How far behind the expected score a key result may be and still be on track (0.10).
    #[serde(
        default = "defaults::on_track_gap",
        skip_serializing_if = "defaults::is_on_track_gap"
    )]
    pub on_track_gap: f64,
    /// How far behind it may be and be at risk rather than off track (0.25).
    #[serde(
        default = "defaults::at_risk_gap",
        skip_serializing_if = "defaults::is_at_risk_gap"
    )]
    pub at_risk_gap: f64,
    /// Share of the period after which a score of 0 is off track whatever the gap (0.8).
    #[serde(
        default = "defaults::zero_off_track_after",
        skip_serializing_if = "defaults::is_zero_off_track_after"
    )]
    pub zero_off_track_after: f64,
    /// Final score from which an aspirational objective is graded green (0.7).
    #[serde(
        default = "defaults::green_from",
        skip_serializing_if = "defaults::is_green_from"
    )]
    pub green_from: f64,
    /// Final score from which it is graded yellow, below green (0.4).
    #[serde(
        default = "defaults::yellow_from",
        skip_serializing_if = "defaults::is_yellow_from"
    )]
    pub yellow_from: f64,
    /// Days without a check-in after which a key result is stale (14).
    #[serde(
        default = "defaults::stale_days",
        skip_serializing_if = "defaults::is_stale_days"
    )]
    pub stale_days: u32,
    /// Days after which a key result is due for a check-in (`okr due`, 7).
    #[serde(
        default = "defaults::checkin_days",
        skip_serializing_if = "defaults::is_checkin_days"
    )]
    pub checkin_days: u32,
    /// A fall in confidence of at least this much is flagged (3).
    #[serde(
        default = "defaults::confidence_drop",
        skip_serializing_if = "defaults::is_confidence_drop"
    )]
    pub confidence_drop: u8,
    /// How an objective's status is found: from its weighted score, or its weakest key result.
    #[serde(default, skip_serializing_if = "ObjectiveStatus::is_default")]
    pub objective_status: ObjectiveStatus,
    /// How the team writes numbers on the command line and in imports: `1,234.5` (a point
    /// before the decimals) or `1.234,5` (a comma).
    #[serde(default, skip_serializing_if = "NumberFormat::is_default")]
    pub number_format: NumberFormat,
}

/// How an objective's status is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ObjectiveStatus {
    /// From its weighted score, like a key result's.
    #[default]
    Score,
    /// The status of its weakest key result.
    Weakest,
}

impl ObjectiveStatus {
    fn is_default(&self) -> bool {
        *self == ObjectiveStatus::Score
    }
}

/// The defaults of the policy settings, and whether a value is one.
mod defaults {
    macro_rules! default {
        ($name:ident, $is:ident, $type:ty, $value:expr) => {
            pub fn $name() -> $type {
                $value
            }
            #[allow(clippy::trivially_copy_pass_by_ref, clippy::float_cmp)]
            pub fn $is(value: &$type) -> bool {
                *value == $value
            }
        };
    }
    default!(aspirational_pace, is_aspirational_pace, f64, 0.7);
    default!(on_track_gap, is_on_track_gap, f64, 0.10);
    default!(at_risk_gap, is_at_risk_gap, f64, 0.25);
    default!(zero_off_track_after, is_zero_off_track_after, f64, 0.8);
    default!(green_from, is_green_from, f64, 0.7);
    default!(yellow_from, is_yellow_from, f64, 0.4);
    default!(stale_days, is_stale_days, u32, 14);
    default!(checkin_days, is_checkin_days, u32, 7);
    default!(confidence_drop, is_confidence_drop, u8, 3);
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_objectives: MAX_OBJECTIVES,
            min_krs: MIN_KRS,
            max_krs: MAX_KRS,
            aspirational_pace: defaults::aspirational_pace(),
            on_track_gap: defaults::on_track_gap(),
            at_risk_gap: defaults::at_risk_gap(),
            zero_off_track_after: defaults::zero_off_track_after(),
            green_from: defaults::green_from(),
            yellow_from: defaults::yellow_from(),
            stale_days: defaults::stale_days(),
            checkin_days: defaults::checkin_days(),
            confidence_drop: defaults::confidence_drop(),
            objective_status: ObjectiveStatus::Score,
            number_format: NumberFormat::Point,
        }
    }
}

/// One setting: its name, what it does, what it takes, and how to read and set it as the
/// text `okr settings` shows and `okr settings set` takes. `okr settings`, `settings set`,
/// `okr init`'s options, the merge (a setting per field) and docs/scoring.md's table all
/// come from [`TABLE`] (a test holds the document to it).
pub struct Setting {
    /// The name, as typed and as written in the file.
    pub key: &'static str,
    /// What it does, in a line.
    pub meaning: &'static str,
    /// The values it takes, in words.
    pub allowed: &'static str,
    /// Its value as text.
    pub get: fn(&Settings) -> String,
    /// Sets it from text; `Err` says what it takes.
    pub set: fn(&mut Settings, &str) -> Result<(), String>,
}

fn fraction(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err("give a fraction from 0 to 1, e.g. 0.7".into()),
    }
}

fn whole(text: &str, min: u32, max: u32) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("give a whole number from {min} to {max}")),
    }
}

/// A row for a fraction setting.
macro_rules! fraction {
    ($key:ident, $meaning:literal, $allowed:literal) => {
        Setting {
            key: stringify!($key),
            meaning: $meaning,
            allowed: $allowed,
            get: |s| s.$key.to_string(),
            set: |s, t| {
                s.$key = fraction(t)?;
                Ok(())
            },
        }
    };
}

/// A row for a whole-number setting from `$min` to `$max`.
macro_rules! whole {
    ($key:ident, $type:ty, $min:literal, $max:literal, $meaning:literal) => {
        Setting {
            key: stringify!($key),
            meaning: $meaning,
            allowed: concat!($min, " to ", $max),
            get: |s| s.$key.to_string(),
            set: |s, t| {
                s.$key = whole(t, $min, $max)? as $type;
                Ok(())
            },
        }
    };
}

/// Every setting, in the order `okr settings` lists them.
pub const TABLE: &[Setting] = &[
    whole!(
        max_objectives,
        u32,
        1,
        1000,
        "most objectives one owner may have in one period"
    ),
    whole!(
        min_krs,
        u32,
        0,
        1000,
        "fewest key results an objective should have (`check` reports fewer)"
    ),
    whole!(
        max_krs,
        u32,
        1,
        1000,
        "most key results an objective may have (`add kr` refuses more)"
    ),
    fraction!(
        aspirational_pace,
        "share of the elapsed time an aspirational OKR is expected to reach (see Expected pace)",
        "above 0, up to 1"
    ),
    fraction!(
        on_track_gap,
        "the largest gap that is still `on-track`",
        "0 to 1, at most `at_risk_gap`"
    ),
    fraction!(
        at_risk_gap,
        "the largest gap that is `at-risk` rather than `off-track`",
        "0 to 1"
    ),
    fraction!(
        zero_off_track_after,
        "share of the period after which a score of 0 is `off-track` whatever the gap",
        "0 to 1"
    ),
    fraction!(
        green_from,
        "final score from which an aspirational objective is graded `green`",
        "0 to 1"
    ),
    fraction!(
        yellow_from,
        "final score from which it is `yellow` (below: `red`)",
        "0 to 1, at most `green_from`"
    ),
    whole!(
        stale_days,
        u32,
        1,
        3660,
        "days without a check-in after which a key result is `stale`"
    ),
    whole!(
        checkin_days,
        u32,
        1,
        3660,
        "days after the last check-in (or the period's start) after which a key result is due for one (`okr due`)"
    ),
    whole!(
        confidence_drop,
        u8,
        1,
        10,
        "fall in confidence that is flagged `↓`"
    ),
    Setting {
        key: "objective_status",
        meaning: "`score`: an objective's status comes from its weighted score, like a key result's; `weakest`: it is the status of its weakest key result",
        allowed: "`score`, `weakest`",
        get: |s| match s.objective_status {
            ObjectiveStatus::Score => "score".into(),
            ObjectiveStatus::Weakest => "weakest".into(),
        },
        set: |s, t| {
            s.objective_status = match t.trim() {
                "score" => ObjectiveStatus::Score,
                "weakest" => ObjectiveStatus::Weakest,
                _ => return Err("give `score` or `weakest`".into()),
            };
            Ok(())
        },
    },
    Setting {
        key: "number_format",
        meaning: "how numbers typed on the command line and in import cells are read: `1,234.5` (a point before the decimals, a comma or a space between thousands) or `1.234,5` (the reverse); JSON numbers in imports are numbers either way",
        allowed: "`1,234.5`, `1.234,5`",
        get: |s| s.number_format.as_str().into(),
        set: |s, t| {
            s.number_format = NumberFormat::parse(t)
                .ok_or("give `1,234.5` (a point before the decimals) or `1.234,5`")?;
            Ok(())
        },
    },
];

/// The row of setting `key`.
pub fn setting(key: &str) -> Option<&'static Setting> {
    TABLE.iter().find(|s| s.key == key)
}

/// Every setting's name, in the order `okr settings` lists them.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|s| s.key)
}

impl Settings {
    /// Sets the setting `key` from its text, then checks the whole: refused values leave
    /// the settings as they were.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), ModelError> {
        let mut changed = self.clone();
        changed.assign(key, text)?;
        changed.validate()?;
        *self = changed;
        Ok(())
    }

    /// Sets the setting `key` from its text, checking the value alone, not how it sits with
    /// the others (see [`Settings::set`]).
    pub fn assign(&mut self, key: &str, text: &str) -> Result<(), ModelError> {
        let row = setting(key).ok_or_else(|| ModelError::UnknownSetting(key.to_string()))?;
        (row.set)(self, text).map_err(|why| ModelError::InvalidSetting {
            key: key.to_string(),
            value: text.to_string(),
            why,
        })
    }

    /// The value of setting `key` as text, `None` for an unknown key.
    pub fn get(&self, key: &str) -> Option<String> {
        setting(key).map(|row| (row.get)(self))
    }

    /// Refuses limits that contradict each other or leave no room at all.
    pub fn validate(&self) -> Result<(), ModelError> {
        let fraction = |key: &str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(ModelError::InvalidSettings(format!(
                    "`{key}` is {v}; use a fraction from 0 to 1"
                )))
            }
        };
        for (key, v) in [
            ("aspirational_pace", self.aspirational_pace),
            ("on_track_gap", self.on_track_gap),
            ("at_risk_gap", self.at_risk_gap),
            ("zero_off_track_after", self.zero_off_track_after),
            ("green_from", self.green_from),
            ("yellow_from", self.yellow_from),
        ] {
            fraction(key, v)?;
        }
        if self.aspirational_pace == 0.0 {
            return Err(ModelError::InvalidSettings(
                "`aspirational_pace` is 0, so every score would be on track; use more than 0"
                    .into(),
            ));
        }
        if self.yellow_from > self.green_from {
            return Err(ModelError::InvalidSettings(format!(
                "`yellow_from` ({}) is above `green_from` ({}); yellow starts below green",
                self.yellow_from, self.green_from
            )));
        }
        if self.on_track_gap > self.at_risk_gap {
            return Err(ModelError::InvalidSettings(format!(
                "`on_track_gap` ({}) is above `at_risk_gap` ({}); at risk lies beyond on track",
                self.on_track_gap, self.at_risk_gap
            )));
        }
        if self.stale_days == 0 {
            return Err(ModelError::InvalidSettings(
                "`stale_days` is 0; use 1 or more".into(),
            ));
        }
        if !(1..=10).contains(&self.confidence_drop) {
            return Err(ModelError::InvalidSettings(format!(
                "`confidence_drop` is {}; use 1 to 10",
                self.confidence_drop
            )));
        }
        if self.max_objectives == 0 {
            return Err(ModelError::InvalidSettings(
                "`max_objectives` is 0; allow at least 1".into(),
            ));
        }
        if self.max_krs == 0 {
            return Err(ModelError::InvalidSettings(
                "`max_krs` is 0; allow at least 1".into(),
            ));
        }
        if self.min_krs > self.max_krs {
            return Err(ModelError::InvalidSettings(format!(
                "`min_krs` ({}) is above `max_krs` ({}); lower the minimum or raise the maximum",
                self.min_krs, self.max_krs
            )));
        }
        // Every value within the range `settings set` allows: one parser says what a setting
        // takes, whether it comes from the command line, a merge or the file.
        for row in TABLE {
            self.clone().assign(row.key, &(row.get)(self))?;
        }
        Ok(())
    }
}
