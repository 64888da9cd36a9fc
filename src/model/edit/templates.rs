//! Templates for the familiar kinds of marketing OKR: an objective, the key results that
//! usually measure it (each with a suggested change from its baseline) and the KPIs that feed
//! them. Written for okr; the figures are starting points to argue about, not advice.

use serde::Serialize;

use crate::model::input::Target;

/// A key result skeleton: what to measure and a suggested change from the baseline.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KrTemplate {
    /// What is measured.
    pub title: &'static str,
    /// Unit of the values (empty for none).
    pub unit: &'static str,
    /// The suggested target relative to the baseline, e.g. `+15%`, `-20%`, `+5`.
    pub target: &'static str,
}

impl KrTemplate {
    /// `up` or `down`: which way the number should move.
    pub fn direction(&self) -> &'static str {
        if self.target.starts_with('-') {
            "down"
        } else {
            "up"
        }
    }

    /// The suggested target, parsed.
    pub fn target(&self) -> Target {
        // Every template target is one of the relative forms, checked by a test.
        crate::model::input::target(self.target).unwrap_or(Target::Add(1.0))
    }
}

/// A kind of marketing OKR.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Template {
    /// Short name used with `--template`.
    pub name: &'static str,
    /// What the template is for.
    pub about: &'static str,
    /// The objective's title.
    pub objective: &'static str,
    /// Two to four key results.
    pub key_results: &'static [KrTemplate],
    /// KPIs that usually feed those key results.
    pub kpis: &'static [&'static str],
}

const fn kr(title: &'static str, unit: &'static str, target: &'static str) -> KrTemplate {
    KrTemplate {
        title,
        unit,
        target,
    }
}

/// Every template, in the order `okr templates` lists them.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "social-media",
        about: "social media engagement, quarter on quarter",
        objective: "Make our social channels a place people talk about us",
        key_results: &[
            kr("Instagram followers", "followers", "+15%"),
            kr("LinkedIn followers", "followers", "+15%"),
            kr(
                "Positive comments and shares per week",
                "interactions",
                "+30%",
            ),
        ],
        kpis: &["follows", "likes", "comments", "reshares"],
    },
    Template {
        name: "product-sales",
        about: "sales of one product",
        objective: "Grow sales of our flagship product",
        key_results: &[
            kr("Mobile revenue per month", "EUR", "+45%"),
            kr("Orders placed with a promotion code", "orders", "+25%"),
            kr("Conversion rate of paid ads", "%", "+20%"),
        ],
        kpis: &[
            "mobile CPM and clicks",
            "sales revenue",
            "coupon redemptions",
        ],
    },
    Template {
        name: "content",
        about: "content that brings an audience",
        objective: "Make our content the reason people find us",
        key_results: &[
            kr("Monthly readers of new articles", "readers", "+40%"),
            kr("Listens per podcast episode", "listens", "+30%"),
            kr("Mentions of our content by other media", "mentions", "+5"),
        ],
        kpis: &["impressions", "click-through rate", "saves"],
    },
    Template {
        name: "engagement",
        about: "engagement with a membership or loyalty programme",
        objective: "Make membership something people value",
        key_results: &[
            kr("Newsletter open rate", "%", "+20%"),
            kr(
                "Members taking part in events or raffles",
                "members",
                "+30%",
            ),
            kr(
                "New member registrations per month",
                "registrations",
                "+10%",
            ),
        ],
        kpis: &[
            "open rate",
            "click-through rate",
            "new registrations",
            "attrition rate",
        ],
    },
    Template {
        name: "operations",
        about: "operations and production",
        objective: "Waste less of what we produce",
        key_results: &[
            kr("Share of waste recycled or reused", "%", "+15"),
            kr("Defective items per thousand", "items", "-30%"),
            kr("Quality incidents per month", "incidents", "-25%"),
        ],
        kpis: &["share of waste", "quality incidents", "defect rate"],
    },
    Template {
        name: "customer-management",
        about: "winning and keeping clients",
        objective: "Widen our base of customers",
        key_results: &[
            kr("New customers won", "customers", "+5"),
            kr("Qualified leads per month", "leads", "+50%"),
            kr("Share of leads that become customers", "%", "+20%"),
        ],
        kpis: &[
            "new leads",
            "converted leads",
            "new revenue",
            "website visits",
        ],
    },
    Template {
        name: "people-culture",
        about: "the team's culture",
        objective: "Make this a team people want to stay in",
        key_results: &[
            kr("Employee satisfaction score", "points", "+15%"),
            kr("Share of staff who stay for the year", "%", "+10%"),
            kr("Complaints per quarter", "complaints", "-50%"),
        ],
        kpis: &["satisfaction scores", "retention", "complaints"],
    },
    Template {
        name: "brand-visibility",
        about: "becoming known in new markets",
        objective: "Become a familiar name in our new markets",
        key_results: &[
            kr("Website visitors from the new regions", "visitors", "+25%"),
            kr(
                "Engagement with region-specific content",
                "interactions",
                "+30%",
            ),
            kr("Local partners creating content with us", "partners", "+3"),
        ],
        kpis: &["regional traffic", "content engagement", "partnerships"],
    },
    Template {
        name: "customer-loyalty",
        about: "customer engagement and loyalty",
        objective: "Keep our customers coming back",
        key_results: &[
            kr("Customer retention rate", "%", "+15%"),
            kr(
                "Interactions per post on our main social platforms",
                "interactions",
                "+30%",
            ),
            kr("Share of active users giving feedback", "%", "+40%"),
        ],
        kpis: &[
            "retention",
            "likes, comments and shares",
            "feedback responses",
        ],
    },
    Template {
        name: "conversion-rate",
        about: "conversion across digital platforms",
        objective: "Turn more visitors into customers on every platform",
        key_results: &[
            kr("Website conversion rate", "%", "+20%"),
            kr("Lead-to-customer conversion rate", "%", "+10%"),
            kr("Cart abandonment rate", "%", "-15%"),
        ],
        kpis: &["conversion rate", "A/B test results", "abandoned carts"],
    },
    Template {
        name: "thought-leadership",
        about: "standing in the industry",
        objective: "Be the voice our industry quotes",
        key_results: &[
            kr("Average reads per research article", "reads", "+50%"),
            kr("Mentions in industry publications", "mentions", "+25%"),
            kr("Subscribers to our expert series", "subscribers", "+20%"),
        ],
        kpis: &[
            "reads",
            "press mentions",
            "webinar attendance",
            "subscribers",
        ],
    },
    Template {
        name: "product-feedback",
        about: "product innovation from market feedback",
        objective: "Let our users shape the product",
        key_results: &[
            kr(
                "Actionable insights from users per month",
                "insights",
                "+10",
            ),
            kr("Active beta participants", "participants", "+500"),
            kr("Customer survey response rate", "%", "+30%"),
        ],
        kpis: &["survey responses", "beta activity", "insights logged"],
    },
];

/// The template named `name`.
pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::input;
    use crate::model::rules::ACTIVITY_VERBS;

    #[test]
    fn every_template_is_well_formed() {
        for t in TEMPLATES {
            assert!((2..=4).contains(&t.key_results.len()), "{}", t.name);
            assert!(!t.kpis.is_empty(), "{}", t.name);
            for kr in t.key_results {
                let target = input::target(kr.target).expect(kr.target);
                assert!(
                    target.relative_form().is_some(),
                    "{}: {}",
                    t.name,
                    kr.target
                );
                let first = kr
                    .title
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_lowercase();
                assert!(
                    !ACTIVITY_VERBS.contains(&first.as_str()),
                    "{}: {}",
                    t.name,
                    kr.title
                );
            }
        }
        assert_eq!(TEMPLATES.len(), 12);
    }
}
