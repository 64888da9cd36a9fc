//! `okr due`: who owes a check-in, grouped by who answers for it; as text, Markdown for a
//! team's channel, or JSON.

use chrono::NaiveDate;
use serde::Serialize;

use super::plural;
use crate::model::due::Due;

/// One key result due.
#[derive(Debug, Serialize)]
pub struct DueKeyResult {
    pub id: String,
    pub title: String,
    /// Its objective's id.
    pub objective: String,
    /// The day of the latest check-in that counts, `null` with none.
    pub last_checkin: Option<NaiveDate>,
    /// Days since then (or since its period began).
    pub days_since: i64,
}

/// The key results one person (or team, or the company) answers for.
#[derive(Debug, Serialize)]
pub struct DueFor {
    pub who: String,
    pub key_results: Vec<DueKeyResult>,
}

/// `okr due --json`.
#[derive(Debug, Serialize)]
pub struct DueView {
    pub as_of: NaiveDate,
    /// A key result is due after this many days without a check-in.
    pub days: u32,
    pub due: Vec<DueFor>,
}

impl DueView {
    /// The view of `due` on `as_of`, each who in the order first met.
    pub fn new(due: &[Due<'_>], as_of: NaiveDate, days: u32) -> DueView {
        let mut groups: Vec<DueFor> = Vec::new();
        for d in due {
            let kr = DueKeyResult {
                id: d.kr.id.clone(),
                title: d.kr.title.clone(),
                objective: d.objective.id.clone(),
                last_checkin: d.last,
                days_since: d.days_since,
            };
            match groups.iter_mut().find(|g| g.who == d.who) {
                Some(group) => group.key_results.push(kr),
                None => groups.push(DueFor {
                    who: d.who.clone(),
                    key_results: vec![kr],
                }),
            }
        }
        DueView {
            as_of,
            days,
            due: groups,
        }
    }

    /// Whether anything is due (the command then exits 1).
    pub fn any(&self) -> bool {
        !self.due.is_empty()
    }

    fn since(kr: &DueKeyResult) -> String {
        match kr.last_checkin {
            Some(day) => format!(
                "last {day}, {} day{} ago",
                kr.days_since,
                plural(kr.days_since as usize)
            ),
            None => "no check-in yet".into(),
        }
    }

    /// A heading, then who owes what, a line per key result.
    pub fn text(&self) -> String {
        if !self.any() {
            return format!(
                "nothing due on {}: every running key result has a check-in from the last {} day{}\n",
                self.as_of,
                self.days,
                plural(self.days as usize)
            );
        }
        let count: usize = self.due.iter().map(|g| g.key_results.len()).sum();
        let mut out = format!(
            "{count} key result{} due for a check-in on {} (none in {} day{}):\n",
            plural(count),
            self.as_of,
            self.days,
            plural(self.days as usize)
        );
        for group in &self.due {
            out.push_str(&format!("{}\n", group.who));
            for kr in &group.key_results {
                out.push_str(&format!(
                    "  {}  {} ({}): {}\n",
                    kr.id,
                    kr.title,
                    kr.objective,
                    Self::since(kr)
                ));
            }
        }
        out
    }

    /// A message to paste in a team's channel: one line per person.
    pub fn markdown(&self) -> String {
        if !self.any() {
            return format!("**Check-ins, {}**: nobody is due.\n", self.as_of);
        }
        let mut out = format!(
            "**Check-ins due, {}** (none in {} days):\n\n",
            self.as_of, self.days
        );
        for group in &self.due {
            let items: Vec<String> = group
                .key_results
                .iter()
                .map(|kr| match kr.last_checkin {
                    Some(_) => format!("{} `{}` ({} days)", kr.title, kr.id, kr.days_since),
                    None => format!("{} `{}` (none yet)", kr.title, kr.id),
                })
                .collect();
            out.push_str(&format!("- **{}**: {}\n", group.who, items.join(", ")));
        }
        out.push_str("\nCheck in with `okr checkin`, or `okr progress KR VALUE --confidence N`.\n");
        out
    }
}

/// What `okr checkin` shows of a key result before it asks: the objective, the title, the
/// last value and its day, the target, the score and the score expected by today, the last
/// confidence and the last note.
pub fn checkin_card(objective: &str, kr: &super::views::KeyResultView) -> String {
    let unit = kr.unit.as_deref();
    let last = match kr.last_checkin {
        Some(day) => format!("{} on {day}", super::value(kr.current, unit)),
        None => format!(
            "{} at the start, no check-in yet",
            super::value(kr.current, unit)
        ),
    };
    let mut out = format!(
        "\n{}  {}\n  of {objective}\n  last {last}; target {}\n  score {}, expected by today {}\n",
        kr.id,
        kr.title,
        super::value(kr.target, unit),
        super::percent(kr.score),
        super::percent(kr.expected)
    );
    // Where it is heading, and what a week must bring: what a check-in is for.
    if let Some(forecast) = super::kr_forecast(kr) {
        out.push_str(&format!("  forecast {forecast}\n"));
    }
    if let Some(c) = kr.confidence {
        out.push_str(&format!("  confidence {c}/10\n"));
    }
    if let Some(note) = &kr.note {
        out.push_str(&format!(
            "  note \"{}\"{}\n",
            crate::model::input::escaped(note),
            kr.note_day()
        ));
    }
    out
}

/// What `okr checkin` saved: each key result checked in, its score before and after.
#[derive(Debug, Serialize)]
pub struct CheckedIn {
    /// `(id, title, score before, score after)`.
    pub moved: Vec<(String, String, f64, f64)>,
}

impl CheckedIn {
    /// A line per key result checked in.
    pub fn text(&self) -> String {
        let mut out = format!(
            "checked in {} key result{}:\n",
            self.moved.len(),
            plural(self.moved.len())
        );
        for (id, title, before, after) in &self.moved {
            out.push_str(&format!(
                "  {id}  {title}: {} -> {}\n",
                super::percent(*before),
                super::percent(*after)
            ));
        }
        out
    }
}
