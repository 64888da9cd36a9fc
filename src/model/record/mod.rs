//! The records of the file and their fields: objectives with their key results and
//! check-ins, KPIs, the one table of fields per record, ids and names.

pub mod fields;
pub mod ids;
mod invariants;
pub mod kpi;
pub mod names;
pub mod objective;
