//! The period's life cycle: closing and carrying over.

use super::*;

pub(super) fn close(cx: &mut Context, args: &CloseArgs) -> Result<Outcome> {
    let period: Period = args.period.parse()?;
    let today = cx.today;
    if args.reopen {
        let reopened = cx.update(|okrs| -> Result<_> { Ok(okrs.reopen(period)?) })?;
        let text = format!(
            "reopened {period}: {} objective{} can change again\n",
            reopened.len(),
            plural(reopened.len())
        );
        cx.emit(&json!({"period": period, "reopened": reopened}), &text)?;
        return Ok(Outcome::Success);
    }
    let results = cx.update(|okrs| -> Result<_> { Ok(okrs.close(period, today)?) })?;
    let mut text = format!(
        "closed {period}: {} objective{} frozen\n",
        results.len(),
        plural(results.len())
    );
    for r in &results {
        text.push_str(&format!(
            "{}  {}  {}\n",
            r.id,
            percent(r.score),
            r.grade.as_str()
        ));
    }
    let closed: Vec<_> = results
        .iter()
        .map(|r| json!({"id": r.id, "score": r.score, "grade": r.grade}))
        .collect();
    cx.emit(&json!({"period": period, "closed": closed}), &text)?;
    Ok(Outcome::Success)
}

pub(super) fn carry(cx: &mut Context, args: &CarryArgs) -> Result<Outcome> {
    let to: Period = args.to.parse()?;
    let from: Option<Period> = args.all.as_deref().map(str::parse).transpose()?;
    let busy = super::busy::Busy::start(&format!("carrying into {to}"));
    let carried = cx.update(|okrs| -> Result<_> {
        let ids = match &from {
            Some(period) => okrs.unfinished(period),
            None => args.objectives.clone(),
        };
        Ok(okrs.carry(&ids, to)?)
    })?;
    drop(busy);
    let mut text = String::new();
    if carried.is_empty() {
        text.push_str("nothing to carry: every objective of that period is finished\n");
    }
    for c in &carried {
        text.push_str(&format!("{} -> {} in {to}", c.from, c.to));
        if !c.done.is_empty() {
            text.push_str(&format!("; done, left behind: {}", c.done.join(", ")));
        }
        if !c.dropped.is_empty() {
            text.push_str(&format!("; alignment dropped: {}", c.dropped.join(", ")));
        }
        text.push('\n');
    }
    let view: Vec<_> = carried
        .iter()
        .map(|c| json!({"from": c.from, "to": c.to, "done": c.done, "dropped": c.dropped}))
        .collect();
    cx.emit(&json!({"to": to, "carried": view}), &text)?;
    Ok(Outcome::Success)
}
