//! Writes a realistic synthetic okr data file, for benchmarks and load tests:
//!
//! ```sh
//! cargo run --release --example generate -- --objectives 10000 --seed 7 > big.json
//! ```
//!
//! The company runs four quarters of 2026. Each quarter has two company objectives, teams
//! with two objectives each aligned to company key results, and people with two objectives
//! each aligned to their team's key results, so every rule of `okr check` holds. Every
//! objective has three key results (one in ten goes down) with a check-in every two weeks
//! up to 2026-11-20.
//!
//! `--crowded 1` gives the other shape a file can have: every objective the company's, in
//! 2026-Q4 (rules broken at scale), to show that no command is slower for one crowded owner.

use std::io::{self, BufWriter, Write};

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

struct Options {
    objectives: usize,
    seed: u64,
    crowded: bool,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        objectives: 1000,
        seed: 1,
        crowded: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("`{flag}` needs a value"))?;
        let number = value
            .parse::<u64>()
            .map_err(|_| format!("`{value}` is not a whole number"))?;
        match flag.as_str() {
            "--objectives" => options.objectives = number.max(8) as usize,
            "--seed" => options.seed = number,
            "--crowded" => options.crowded = number != 0,
            _ => {
                return Err(format!(
                    "unknown option `{flag}`; use --objectives N --seed S [--crowded 1]"
                ));
            }
        }
    }
    Ok(options)
}

struct Ids {
    objective: u64,
    key_result: u64,
}

const TEAMS: [&str; 12] = [
    "brand",
    "content",
    "growth",
    "social",
    "seo",
    "events",
    "partners",
    "email",
    "paid",
    "product-marketing",
    "community",
    "research",
];
const OUTCOMES: [&str; 8] = [
    "Become the brand our customers recommend",
    "Turn more visits into repeat orders",
    "Win the search results that matter",
    "Grow a community that talks about us",
    "Make our newsletter worth opening",
    "Open a new market",
    "Make buying from us effortless",
    "Be the most useful guide in our field",
];
const MEASURES: [(&str, &str); 8] = [
    ("Monthly organic visitors", "visitors"),
    ("Newsletter subscribers", "subscribers"),
    ("Checkout conversion rate", "%"),
    ("Net promoter score", ""),
    ("Instagram followers", "followers"),
    ("Qualified leads per month", "leads"),
    ("Average reading time", "min"),
    ("Cart abandonment", "%"),
];

fn key_result(
    rng: &mut StdRng,
    ids: &mut Ids,
    start_day: NaiveDate,
    end_day: NaiveDate,
) -> (String, Value) {
    let id = format!("kr{}", ids.key_result);
    ids.key_result += 1;
    let (title, unit) = MEASURES[rng.random_range(0..MEASURES.len())];
    let down = rng.random_bool(0.1);
    let start = (rng.random_range(10.0..5000.0f64)).round();
    let target = if down {
        (start * rng.random_range(0.5..0.9)).round()
    } else {
        (start * rng.random_range(1.2..2.0)).round()
    };
    let pace = rng.random_range(0.3..1.2);
    let last = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or(end_day);
    let mut checkins = Vec::new();
    let mut day = start_day + Days::new(rng.random_range(3..14));
    while day <= end_day.min(last) {
        let elapsed = (day - start_day).num_days() as f64 / (end_day - start_day).num_days() as f64;
        let progress = (elapsed * pace + rng.random_range(-0.05..0.05)).clamp(0.0, 1.1);
        let value = (start + (target - start) * progress).round();
        let mut checkin = json!({"date": day.to_string(), "value": value});
        if rng.random_bool(0.3) {
            checkin["confidence"] = json!(rng.random_range(2..=9));
        }
        if rng.random_bool(0.1) {
            checkin["note"] = json!("Weekly numbers from the dashboard");
        }
        checkins.push(checkin);
        day = day + Days::new(14);
    }
    let mut kr = json!({
        "id": id, "title": title, "start": start, "target": target, "weight": 1,
    });
    if !unit.is_empty() {
        kr["unit"] = json!(unit);
    }
    if !checkins.is_empty() {
        kr["checkins"] = Value::Array(checkins);
    }
    (id, kr)
}

#[allow(clippy::too_many_arguments)]
fn objective(
    rng: &mut StdRng,
    ids: &mut Ids,
    period: &str,
    (start, end): (NaiveDate, NaiveDate),
    owner: (&str, Option<&str>, Option<&str>),
    aligns: Vec<String>,
    out: &mut Vec<Value>,
) -> Vec<String> {
    let id = format!("o{}", ids.objective);
    ids.objective += 1;
    let mut krs = Vec::new();
    let mut kr_ids = Vec::new();
    for _ in 0..3 {
        let (kr_id, kr) = key_result(rng, ids, start, end);
        kr_ids.push(kr_id);
        krs.push(kr);
    }
    let (level, team, person) = owner;
    let mut o = json!({
        "id": id,
        "title": OUTCOMES[rng.random_range(0..OUTCOMES.len())],
        "level": level,
        "period": period,
        "kind": if rng.random_bool(0.2) { "committed" } else { "aspirational" },
    });
    if let Some(team) = team {
        o["team"] = json!(team);
    }
    if let Some(person) = person {
        o["person"] = json!(person);
    }
    if !aligns.is_empty() {
        o["aligns"] = json!(aligns);
    }
    o["key_results"] = Value::Array(krs);
    out.push(o);
    kr_ids
}

fn pick(rng: &mut StdRng, from: &[String]) -> Vec<String> {
    let first = rng.random_range(0..from.len());
    let second = rng.random_range(0..from.len());
    let mut picked = vec![from[first].clone()];
    if second != first {
        picked.push(from[second].clone());
    }
    picked
}

fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    };
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut ids = Ids {
        objective: 1,
        key_result: 1,
    };
    let mut objectives = Vec::with_capacity(options.objectives);
    if options.crowded {
        let first = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
        for _ in 0..options.objectives {
            let owner = ("company", None, None);
            let span = (first, last);
            objective(
                &mut rng,
                &mut ids,
                "2026-Q4",
                span,
                owner,
                vec![],
                &mut objectives,
            );
        }
        return write(objectives);
    }
    let quarters = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"];
    let per_quarter = options.objectives.div_ceil(quarters.len());
    // Two company objectives; a third of the rest for teams, the others for people, two each.
    let teams = ((per_quarter.saturating_sub(2)) / 6).max(1);
    'quarters: for (q, period) in quarters.iter().enumerate() {
        let first = NaiveDate::from_ymd_opt(2026, 3 * q as u32 + 1, 1).unwrap_or_default();
        let last = first
            .checked_add_months(chrono::Months::new(3))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        let span = (first, last);
        let mut company_krs = Vec::new();
        for _ in 0..2 {
            let krs = objective(
                &mut rng,
                &mut ids,
                period,
                span,
                ("company", None, None),
                vec![],
                &mut objectives,
            );
            company_krs.extend(krs);
        }
        let mut team_krs: Vec<Vec<String>> = vec![Vec::new(); teams];
        for (t, krs) in team_krs.iter_mut().enumerate() {
            let name = team_name(t);
            for _ in 0..2 {
                let aligns = pick(&mut rng, &company_krs);
                krs.extend(objective(
                    &mut rng,
                    &mut ids,
                    period,
                    span,
                    ("team", Some(&name), None),
                    aligns,
                    &mut objectives,
                ));
            }
        }
        let mut made = 2 + 2 * teams;
        let mut person = 0;
        while made < per_quarter {
            let t = person % teams;
            let team = team_name(t);
            let name = format!("person{person}");
            for _ in 0..2 {
                if objectives.len() >= options.objectives {
                    break 'quarters;
                }
                let aligns = pick(&mut rng, &team_krs[t]);
                objective(
                    &mut rng,
                    &mut ids,
                    period,
                    span,
                    ("individual", Some(&team), Some(&name)),
                    aligns,
                    &mut objectives,
                );
                made += 1;
            }
            person += 1;
        }
    }
    write(objectives);
}

/// Prints the data file holding `objectives`.
fn write(objectives: Vec<Value>) {
    let file = json!({
        "version": 3,
        "settings": {"max_objectives": 2, "min_krs": 2, "max_krs": 4},
        "objectives": objectives,
    });
    let mut out = BufWriter::new(io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, &file)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(error) = written {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn team_name(index: usize) -> String {
    let base = TEAMS[index % TEAMS.len()];
    match index / TEAMS.len() {
        0 => base.to_string(),
        n => format!("{base}-{n}"),
    }
}
