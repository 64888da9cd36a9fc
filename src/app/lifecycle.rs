//! The period's life cycle: closing and carrying over.

use super::busy::Busy;
use super::{Context, Outcome, Result};
use crate::cli::{CarryArgs, CloseArgs, RetroArgs};
use crate::model::calibration;
use crate::report::views::Detail;
use crate::report::written::{CarryView, PeriodClosed, PeriodReopened};

pub(super) fn close(cx: &mut Context, args: &CloseArgs) -> Result<Outcome> {
    let period = cx.period(args.period)?;
    let today = cx.today;
    if args.reopen {
        let reopened = cx.update(|okrs| Ok(okrs.reopen(period)?))?;
        let view = PeriodReopened { period, reopened };
        cx.emit(&view, &view.text())?;
        return Ok(Outcome::Success);
    }
    let (results, calibration) = cx.update(|okrs| {
        let results = okrs.close(period, today, args.early)?;
        let calibration = calibration::calibration(&okrs.objectives, &period, &okrs.settings);
        Ok((results, calibration))
    })?;
    let view = PeriodClosed::new(period, results, calibration);
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn retro(cx: &mut Context, args: &RetroArgs) -> Result<Outcome> {
    let today = cx.today;
    let (id, view) = cx.update(|okrs| {
        let id = okrs.expand_id(&args.id)?;
        okrs.retro(&id, &args.text, args.score, today)?;
        let view = Detail::new(okrs, okrs.item(&id)?, today);
        Ok((id, view))
    })?;
    cx.emit(&view, &format!("retrospective of {id} recorded\n"))?;
    Ok(Outcome::Success)
}

pub(super) fn carry(cx: &mut Context, args: &CarryArgs) -> Result<Outcome> {
    let to = cx.period(args.to)?;
    let from = args.all.map(|p| cx.period(p)).transpose()?;
    let today = cx.today;
    let busy = Busy::start(&format!("carrying into {to}"));
    let carried = cx.update(|okrs| {
        let ids = match &from {
            Some(period) => okrs.unfinished(period),
            None => args
                .objectives
                .iter()
                .map(|id| okrs.expand_id(id))
                .collect::<Result<_, _>>()?,
        };
        Ok(okrs.carry(&ids, to, today)?)
    })?;
    drop(busy);
    let view = CarryView::new(to, carried);
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}
