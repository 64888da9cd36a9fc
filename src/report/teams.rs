//! `okr teams`: who owns objectives, and how many in each period; `okr settings`: the
//! file's limits and policy.

use serde::Serialize;

use super::layout::{self, Column};
use crate::model::names::folded;
use crate::model::{Okrs, Owner, Period};

/// How many objectives an owner has in one period.
#[derive(Debug, Serialize)]
pub struct PeriodCount {
    pub period: Period,
    pub objectives: usize,
}

/// A team: its objectives per period and the people in it.
#[derive(Debug, Serialize)]
pub struct TeamView {
    pub name: String,
    /// The team's own objectives, per period, earliest first.
    pub objectives: Vec<PeriodCount>,
    /// People whose objectives name this team.
    pub people: Vec<String>,
}

/// A person owning objectives.
#[derive(Debug, Serialize)]
pub struct PersonView {
    pub name: String,
    /// The team their objectives name, `null` for none.
    pub team: Option<String>,
    pub objectives: Vec<PeriodCount>,
}

/// `okr teams --json`.
#[derive(Debug, Serialize)]
pub struct TeamsView {
    pub teams: Vec<TeamView>,
    pub people: Vec<PersonView>,
}

/// The periods of `owned`, each with its count, earliest first.
fn counts<'a>(owned: impl Iterator<Item = &'a Period>) -> Vec<PeriodCount> {
    let mut list: Vec<PeriodCount> = Vec::new();
    for period in owned {
        match list.iter_mut().find(|c| c.period == *period) {
            Some(count) => count.objectives += 1,
            None => list.push(PeriodCount {
                period: *period,
                objectives: 1,
            }),
        }
    }
    list.sort_by_key(|c| (c.period.start(), c.period.end()));
    list
}

impl TeamsView {
    /// Every team and person of `okrs`, in the order they first appear.
    pub fn new(okrs: &Okrs) -> TeamsView {
        let teams = okrs
            .teams()
            .into_iter()
            .map(|name| {
                let key = folded(name);
                let mut people: Vec<String> = Vec::new();
                for o in &okrs.objectives {
                    if let Owner::Person {
                        person,
                        team: Some(team),
                    } = &o.owner
                        && folded(team) == key
                        && !people.iter().any(|p| folded(p) == folded(person))
                    {
                        people.push(person.clone());
                    }
                }
                TeamView {
                    name: name.to_string(),
                    objectives: counts(
                        okrs.objectives
                            .iter()
                            .filter(|o| matches!(&o.owner, Owner::Team(t) if folded(t) == key))
                            .map(|o| &o.period),
                    ),
                    people,
                }
            })
            .collect();
        let people = okrs
            .people()
            .into_iter()
            .map(|name| {
                let key = folded(name);
                let mine: Vec<_> = okrs
                    .objectives
                    .iter()
                    .filter(|o| o.owner.person().is_some_and(|p| folded(p) == key))
                    .collect();
                PersonView {
                    name: name.to_string(),
                    team: mine.iter().find_map(|o| o.owner.team()).map(str::to_string),
                    objectives: counts(mine.iter().map(|o| &o.period)),
                }
            })
            .collect();
        TeamsView { teams, people }
    }

    /// Two tables: teams, then people.
    pub fn text(&self) -> String {
        if self.teams.is_empty() && self.people.is_empty() {
            return "no team or person owns an objective yet; add one with `okr add objective TITLE --team NAME`\n".into();
        }
        let periods = |counts: &[PeriodCount]| {
            if counts.is_empty() {
                return "-".to_string();
            }
            counts
                .iter()
                .map(|c| format!("{}: {}", c.period, c.objectives))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = String::new();
        if !self.teams.is_empty() {
            let columns = [
                Column::text("TEAM"),
                Column::text("OBJECTIVES"),
                Column::text("PEOPLE"),
            ];
            let rows: Vec<Vec<String>> = self
                .teams
                .iter()
                .map(|team| {
                    vec![
                        team.name.clone(),
                        periods(&team.objectives),
                        team.people.join(", "),
                    ]
                })
                .collect();
            out.push_str(&layout::render(&columns, &rows, None, &[]));
        }
        if !self.people.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            let columns = [
                Column::text("PERSON"),
                Column::text("TEAM"),
                Column::text("OBJECTIVES"),
            ];
            let rows: Vec<Vec<String>> = self
                .people
                .iter()
                .map(|person| {
                    vec![
                        person.name.clone(),
                        person.team.clone().unwrap_or_else(|| "-".into()),
                        periods(&person.objectives),
                    ]
                })
                .collect();
            out.push_str(&layout::render(&columns, &rows, None, &[]));
        }
        out
    }
}

/// `okr settings --json`: every setting with its value, defaults included, in the order
/// `okr settings` lists them.
#[derive(Debug)]
pub struct SettingsView {
    /// Each setting: its name, its value and its default.
    pub settings: Vec<(&'static str, serde_json::Value, String)>,
}

impl Serialize for SettingsView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.settings.len()))?;
        for (key, value, _) in &self.settings {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl SettingsView {
    /// The settings of a file.
    pub fn new(settings: &crate::model::Settings) -> SettingsView {
        let defaults = crate::model::Settings::default();
        let settings = crate::model::rules::settings::keys()
            .map(|key| {
                let text = settings.get(key).unwrap_or_default();
                let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
                (key, value, defaults.get(key).unwrap_or_default())
            })
            .collect();
        SettingsView { settings }
    }

    /// One line per setting: its value, and its default when it differs.
    pub fn text(&self) -> String {
        let columns = [
            Column::text("SETTING"),
            Column::text("VALUE"),
            Column::text("DEFAULT"),
        ];
        let mut rows = Vec::new();
        for (key, value, default) in &self.settings {
            let value = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let default = if &value == default {
                String::new()
            } else {
                default.clone()
            };
            rows.push(vec![key.to_string(), value, default]);
        }
        layout::render(&columns, &rows, None, &[])
    }
}
