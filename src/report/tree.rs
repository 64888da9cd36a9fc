//! The cascade: company objectives, their key results, and what aligns to each, level by level.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::views::{Filter, ObjectiveView, TreeBranch, TreeNode, TreeView};
use super::{layout, percent};
use crate::model::{Level, Objective, Okrs, Period, Settings, score};

/// Builds the cascade of objectives overlapping `period`.
///
/// Alignment only ever points one level up, so the tree follows levels downwards (company →
/// team → individual) and cannot loop, whatever a hand-edited file says. Objectives that no
/// path from a company objective reaches are listed as unaligned.
///
/// With a team or person in `filter`, the tree holds their objectives and, above them, the
/// objectives they align to (up to the company), so that each shows where it contributes.
pub fn build(okrs: &Okrs, period: Period, filter: &Filter, today: NaiveDate) -> TreeView {
    let overlapping: Vec<&Objective> = okrs
        .objectives
        .iter()
        .filter(|o| o.period.overlaps(&period))
        .collect();
    let in_scope = if filter.team.is_none() && filter.person.is_none() {
        overlapping
    } else {
        with_parents(&overlapping, filter)
    };
    let mut children: HashMap<&str, Vec<&Objective>> = HashMap::new();
    for o in &in_scope {
        for kr in &o.aligns {
            children.entry(kr.as_str()).or_default().push(o);
        }
    }
    let mut placed = HashSet::new();
    let tree = in_scope
        .iter()
        .filter(|o| o.level() == Level::Company)
        .map(|o| node(o, &children, today, &okrs.settings, &mut placed))
        .collect();
    let unaligned = in_scope
        .iter()
        .filter(|o| o.level() != Level::Company && !placed.contains(o.id.as_str()))
        .map(|o| ObjectiveView::new(o, today, &okrs.settings))
        .collect();
    TreeView {
        as_of: today,
        period,
        tree,
        unaligned,
    }
}

/// The objectives `filter` selects among `objectives`, and every objective above them that
/// they align to, in file order.
fn with_parents<'a>(objectives: &[&'a Objective], filter: &Filter) -> Vec<&'a Objective> {
    let owner_of: HashMap<&str, &Objective> = objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(move |kr| (kr.id.as_str(), *o)))
        .collect();
    let mut kept: HashSet<&str> = HashSet::new();
    let mut todo: Vec<&Objective> = objectives
        .iter()
        .copied()
        .filter(|o| filter.matches(o))
        .collect();
    while let Some(o) = todo.pop() {
        if kept.insert(&o.id) {
            todo.extend(o.aligns.iter().filter_map(|kr| owner_of.get(kr.as_str())));
        }
    }
    objectives
        .iter()
        .copied()
        .filter(|o| kept.contains(o.id.as_str()))
        .collect()
}

fn node<'a>(
    o: &'a Objective,
    children: &HashMap<&str, Vec<&'a Objective>>,
    today: NaiveDate,
    policy: &Settings,
    placed: &mut HashSet<&'a str>,
) -> TreeNode {
    // An objective aligned to several key results is expanded under the first only.
    if !placed.insert(&o.id) {
        return TreeNode {
            objective: ObjectiveView::new(o, today, policy),
            children: Vec::new(),
            shown_above: true,
        };
    }
    let below = o.level().below();
    let branches = o
        .key_results
        .iter()
        .map(|kr| {
            let aligned: Vec<&Objective> = children
                .get(kr.id.as_str())
                .into_iter()
                .flatten()
                .filter(|child| Some(child.level()) == below)
                .copied()
                .collect();
            TreeBranch {
                key_result: kr.id.clone(),
                rollup: score::mean(aligned.iter().map(|o| o.score_on(today))),
                aligned: aligned
                    .into_iter()
                    .map(|child| node(child, children, today, policy, placed))
                    .collect(),
            }
        })
        .collect();
    TreeNode {
        objective: ObjectiveView::new(o, today, policy),
        children: branches,
        shown_above: false,
    }
}

/// One line of the tree: `before`, the title, `after`; the title shortened (down to 8
/// columns) when the line would pass `limit`.
fn line(before: &str, title: &str, after: &str, limit: Option<usize>) -> String {
    let title = match limit {
        Some(limit) => {
            let room = limit.saturating_sub(layout::width(before) + layout::width(after));
            layout::shorten(title, room.max(8))
        }
        None => layout::shorten(title, super::MAX_CELL),
    };
    format!("{before}{title}{after}\n")
}

/// An objective's line after `before` (the branches drawn to its left).
fn objective_line(
    before: &str,
    o: &ObjectiveView,
    shown_above: bool,
    limit: Option<usize>,
) -> String {
    let style = super::Style::PLAIN;
    let after = format!(
        "  [{}, {}, {}]{}",
        o.owner,
        percent(o.score),
        super::objective_standing(o, style),
        if shown_above { " (expanded above)" } else { "" }
    );
    line(&format!("{before}{}  ", o.id), &o.title, &after, limit)
}

fn render_node(node: &TreeNode, prefix: &str, limit: Option<usize>, out: &mut String) {
    let o = &node.objective;
    let count = node.children.len();
    for (i, (kr, branch)) in o.key_results.iter().zip(&node.children).enumerate() {
        let last = i + 1 == count;
        let (joint, indent) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let rollup = branch
            .rollup
            .map(|r| format!("; aligned below: {}", percent(r)))
            .unwrap_or_default();
        let after = format!(
            "  [{}, {}{rollup}]",
            crate::report::kr_progress(kr),
            percent(kr.score)
        );
        out.push_str(&line(
            &format!("{prefix}{joint}{}  ", kr.id),
            &kr.title,
            &after,
            limit,
        ));
        let child_prefix = format!("{prefix}{indent}");
        let aligned = branch.aligned.len();
        for (j, child) in branch.aligned.iter().enumerate() {
            let last_child = j + 1 == aligned;
            let (joint, indent) = if last_child {
                ("└─ ", "   ")
            } else {
                ("├─ ", "│  ")
            };
            out.push_str(&objective_line(
                &format!("{child_prefix}{joint}"),
                &child.objective,
                child.shown_above,
                limit,
            ));
            render_node(child, &format!("{child_prefix}{indent}"), limit, out);
        }
    }
}

/// The cascade as indented text, each line within `limit` columns when given (titles give
/// way; ids, progress, scores and statuses always show).
pub fn render(view: &TreeView, limit: Option<usize>) -> String {
    let period = view.period;
    let mut out = format!(
        "{period} ({} to {}), as of {}\n",
        period.start(),
        period.end(),
        view.as_of
    );
    if view.tree.is_empty() && view.unaligned.is_empty() {
        out.push_str("no objectives in this period; add one with `okr add objective TITLE`\n");
        return out;
    }
    for root in &view.tree {
        out.push('\n');
        out.push_str(&objective_line(
            "",
            &root.objective,
            root.shown_above,
            limit,
        ));
        render_node(root, "", limit, &mut out);
    }
    if !view.unaligned.is_empty() {
        out.push_str("\nnot aligned to a company objective:\n");
        for o in &view.unaligned {
            out.push_str(&objective_line("  ", o, false, limit));
        }
    }
    out
}
