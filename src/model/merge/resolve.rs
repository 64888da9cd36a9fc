//! Settling the conflicts `okr merge` left in a file: `okr resolve`, and setting a field
//! again with `okr edit`.

use serde_json::Value;

use crate::model::fields::{self, Field};
use crate::model::merge::{Conflict, Subject};
use crate::model::{ModelError, Okrs};

impl Okrs {
    /// The unresolved conflicts named `name`: an objective's or key result's id, a KPI's
    /// name, or `settings` (each through its own kind, so a KPI named like a key result is
    /// never taken for it).
    pub fn conflicts_of(&self, name: &str) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().filter(move |c| c.id == name)
    }

    /// Forgets the conflicts of the objective or key result `id` in `fields`: they were set
    /// again, so they are settled.
    pub fn settle(&mut self, id: &str, fields: &[&str]) {
        self.settle_of(Subject::KeyResult, id, fields);
        self.settle_of(Subject::Objective, id, fields);
    }

    /// Forgets the conflicts of `of` named `id` in `fields`.
    fn settle_of(&mut self, of: Subject, id: &str, fields: &[&str]) {
        self.conflicts
            .retain(|c| !(c.of == of && c.id == id && fields.contains(&c.field.as_str())));
    }

    /// Sets `key` of the settings (as `okr settings set` does), which settles a conflict a
    /// merge left on it.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), ModelError> {
        self.settings.set(key, value)?;
        self.settle_of(Subject::Settings, "settings", &[key]);
        Ok(())
    }

    /// Resolves every conflict of `id`: with `theirs`, their values are applied (a thing
    /// they deleted is removed); otherwise the file keeps what it holds (a thing ours
    /// deleted is removed). Returns the conflicts resolved.
    pub fn resolve(&mut self, id: &str, theirs: bool) -> Result<Vec<Conflict>, ModelError> {
        let conflicts: Vec<Conflict> = self.conflicts_of(id).cloned().collect();
        if conflicts.is_empty() {
            return Err(ModelError::NoConflict(id.to_string()));
        }
        for conflict in &conflicts {
            let chosen = if theirs {
                &conflict.theirs
            } else {
                &conflict.ours
            };
            if conflict.is_deletion() {
                if chosen == &Value::Bool(true) {
                    self.delete_merged(conflict.of, id);
                }
            } else if theirs {
                self.set_field(conflict.of, id, &conflict.field, chosen.clone())?;
            }
        }
        self.conflicts.retain(|c| c.id != id);
        self.forget_conflicts_of_the_gone();
        Ok(conflicts)
    }

    /// Removes what a resolved deletion names: an objective, a key result or a KPI.
    fn delete_merged(&mut self, of: Subject, id: &str) {
        match of {
            Subject::Objective => self.objectives.retain(|o| o.id != id),
            Subject::KeyResult => {
                for o in &mut self.objectives {
                    o.key_results.retain(|kr| kr.id != id);
                }
            }
            Subject::Kpi => self.kpis.retain(|k| k.name != id),
            Subject::Settings | Subject::Unstated => {}
        }
    }

    /// Sets one field of an objective, key result, KPI or the settings to a value recorded
    /// in a conflict, through the record's table of fields.
    fn set_field(
        &mut self,
        of: Subject,
        id: &str,
        field: &str,
        value: Value,
    ) -> Result<(), ModelError> {
        fn apply<R>(
            table: &[Field<R>],
            record: &mut R,
            field: &str,
            value: Value,
        ) -> Result<(), ModelError> {
            let row = fields::named(table, field).ok_or_else(|| ModelError::FieldUnfit {
                field: field.to_string(),
                detail: "this okr knows no such field".into(),
            })?;
            (row.set)(record, value)
        }
        match of {
            // Settings are merged, and recorded in conflicts, as the text `okr settings`
            // shows; they are set back through the same checks as `okr settings set`.
            Subject::Settings => {
                let text = match value {
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                self.settings.set(field, &text)
            }
            Subject::Kpi => {
                let kpi = self
                    .kpis
                    .iter_mut()
                    .find(|k| k.name == id)
                    .ok_or_else(|| ModelError::UnknownKpi(id.to_string()))?;
                apply(fields::KPI, kpi, field, value)
            }
            Subject::Objective => apply(fields::OBJECTIVE, self.objective_mut(id)?, field, value),
            Subject::KeyResult => {
                let (o, index) = self.key_result_mut(id)?;
                apply(fields::KEY_RESULT, &mut o.key_results[index], field, value)
            }
            Subject::Unstated => Err(ModelError::UnknownId(id.to_string())),
        }
    }
}
