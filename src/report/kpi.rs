//! KPIs and templates: the views of `okr kpi list`, `okr kpi show` and `okr templates`, and
//! their text.

use serde::Serialize;

use super::layout::{self, Column};
use super::value;
use crate::model::templates::{TEMPLATES, Template};
use crate::model::{Kpi, KpiRecord, Okrs};

/// `okr kpi show NAME --json`, and each KPI of `okr kpi list --json`.
#[derive(Debug, Serialize)]
pub struct KpiView<'a> {
    pub name: &'a str,
    pub unit: Option<&'a str>,
    pub description: Option<&'a str>,
    /// The latest value and its date, `null` with none.
    pub latest: Option<&'a KpiRecord>,
    /// Every value, oldest first.
    pub records: &'a [KpiRecord],
    /// Key results measured by this KPI.
    pub key_results: Vec<&'a str>,
}

impl<'a> KpiView<'a> {
    /// The view of `kpi`, one of `okrs`' KPIs.
    pub fn new(okrs: &'a Okrs, kpi: &'a Kpi) -> KpiView<'a> {
        KpiView {
            name: &kpi.name,
            unit: kpi.unit.as_deref(),
            description: kpi.description.as_deref(),
            latest: kpi.records.last(),
            records: &kpi.records,
            key_results: okrs
                .measured_by(&kpi.name)
                .map(|kr| kr.id.as_str())
                .collect(),
        }
    }

    /// `okr kpi show NAME`: a KPI's values and the key results it measures.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.name);
        if let Some(text) = self.description {
            out.push_str(&format!("{text}\n"));
        }
        out.push_str(&format!(
            "measures: {}\n\n",
            if self.key_results.is_empty() {
                "no key result yet; link one with `okr edit KR_ID --kpi NAME`".to_string()
            } else {
                self.key_results.join(", ")
            }
        ));
        if self.records.is_empty() {
            out.push_str(&format!(
                "no values yet; record one with `okr kpi record {} VALUE`\n",
                self.name
            ));
            return out;
        }
        let columns = [Column::text("DATE"), Column::number("VALUE")];
        let rows: Vec<Vec<String>> = self
            .records
            .iter()
            .map(|r| vec![r.date.to_string(), value(r.value, self.unit)])
            .collect();
        out.push_str(&layout::render(&columns, &rows, None, &[]));
        out
    }
}

/// `okr kpi list --json`.
#[derive(Debug, Serialize)]
pub struct KpiList<'a> {
    pub kpis: Vec<KpiView<'a>>,
}

impl<'a> KpiList<'a> {
    /// Every KPI of `okrs`.
    pub fn new(okrs: &'a Okrs) -> KpiList<'a> {
        KpiList {
            kpis: okrs.kpis.iter().map(|k| KpiView::new(okrs, k)).collect(),
        }
    }

    /// `okr kpi list`: each KPI with its latest value.
    pub fn text(&self) -> String {
        if self.kpis.is_empty() {
            return "no KPIs yet; add one with `okr kpi add NAME`\n".into();
        }
        let columns = [
            Column::text("KPI"),
            Column::number("LATEST"),
            Column::text("ON"),
            Column::text("KEY RESULTS"),
        ];
        let rows: Vec<Vec<String>> = self
            .kpis
            .iter()
            .map(|kpi| {
                vec![
                    kpi.name.to_string(),
                    kpi.latest
                        .map_or(String::new(), |r| value(r.value, kpi.unit)),
                    kpi.latest.map_or(String::new(), |r| r.date.to_string()),
                    kpi.key_results.join(", "),
                ]
            })
            .collect();
        layout::render(&columns, &rows, None, &[])
    }
}

/// A key result of a template, in `okr templates --json`.
#[derive(Debug, Serialize)]
pub struct KrTemplateView {
    /// `up` or `down`.
    pub direction: &'static str,
    pub target: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
}

/// One template in `okr templates --json` (fields in alphabetical order).
#[derive(Debug, Serialize)]
pub struct TemplateView {
    pub about: &'static str,
    pub key_results: Vec<KrTemplateView>,
    pub kpis: &'static [&'static str],
    pub name: &'static str,
    pub objective: &'static str,
}

/// `okr templates --json`.
#[derive(Debug, Serialize)]
pub struct TemplatesView {
    pub templates: Vec<TemplateView>,
}

impl Default for TemplatesView {
    /// Every template.
    fn default() -> TemplatesView {
        let view = |t: &Template| TemplateView {
            about: t.about,
            key_results: t
                .key_results
                .iter()
                .map(|kr| KrTemplateView {
                    direction: kr.direction(),
                    target: kr.target,
                    title: kr.title,
                    unit: kr.unit,
                })
                .collect(),
            kpis: t.kpis,
            name: t.name,
            objective: t.objective,
        };
        TemplatesView {
            templates: TEMPLATES.iter().map(view).collect(),
        }
    }
}

impl TemplatesView {
    /// `okr templates`: each template with its key results and KPIs.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for t in &self.templates {
            out.push_str(&format!(
                "{}: {}\n  objective: {}\n",
                t.name, t.about, t.objective
            ));
            for (i, kr) in t.key_results.iter().enumerate() {
                let unit = if kr.unit.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", kr.unit)
                };
                out.push_str(&format!(
                    "  {}. {}{unit}: {} from the baseline\n",
                    i + 1,
                    kr.title,
                    kr.target
                ));
            }
            out.push_str(&format!("  KPIs: {}\n\n", t.kpis.join(", ")));
        }
        out.push_str("Use one with: okr add objective --template NAME --baseline 1=VALUE ...\n");
        out
    }
}
