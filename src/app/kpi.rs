//! `okr kpi`: the measurements that feed key results.

use super::{Context, Outcome, Result};
use crate::cli::KpiCommand;
use crate::model::{KpiRecord, ModelError};
use crate::report::kpi::{KpiList, KpiView};
use crate::report::written::{KpiAdded, KpiRecorded};

pub(super) fn kpi(cx: &mut Context, command: KpiCommand) -> Result<Outcome> {
    match command {
        KpiCommand::Add(args) => {
            let name = args.name.clone();
            cx.update(|okrs| Ok(okrs.add_kpi(&name, args.unit, args.description)?))?;
            let view = KpiAdded { name };
            cx.emit(&view, &view.text())?;
        }
        KpiCommand::Record(args) => {
            let today = cx.today;
            let (value, recorded) = cx.update(|okrs| -> Result<_> {
                let kpi = okrs
                    .kpi(&args.name)
                    .ok_or_else(|| ModelError::UnknownKpi(args.name.clone()))?;
                let thing = || format!("KPI `{}`", args.name);
                let measure = args.value.read(okrs.settings.number_format)?;
                let value = measure.for_unit(thing, kpi.unit.as_deref())?;
                let record = KpiRecord {
                    date: args.date.unwrap_or(today),
                    value,
                    id: None,
                };
                Ok((value, okrs.record_kpi(&args.name, record, today)?))
            })?;
            let view = KpiRecorded::new(&args.name, value, recorded);
            cx.emit(&view, &view.text())?;
        }
        KpiCommand::List => {
            let okrs = cx.load()?;
            let view = KpiList::new(&okrs);
            cx.emit_with(&view, || view.text())?;
        }
        KpiCommand::Show(args) => {
            let okrs = cx.load()?;
            let kpi = okrs
                .kpi(&args.name)
                .ok_or_else(|| ModelError::UnknownKpi(args.name.clone()))?;
            let view = KpiView::new(&okrs, kpi);
            cx.emit(&view, &view.text())?;
        }
    }
    Ok(Outcome::Success)
}
