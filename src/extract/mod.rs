//! Stage 3 of the pipeline: find mentions in a segmented document.
//!
//! `ingest → normalize → segment → **extract** → validate → write`
//!
//! Every extractor implements [`Extractor`] and pushes plain structs into [`Mentions`];
//! they speak only in normalized [`Span`]s (the writer maps them to original bytes). The
//! [`Registry`] runs them in a fixed order so later extractors can read earlier results:
//! dates first (indicators and policies link to them), then organizations (policy issuers),
//! then policies, then indicators.

pub mod dates;
mod displaced;
pub mod indicators;
pub mod numbers;
pub mod organizations;
pub mod policies;

use chrono::NaiveDate;

use crate::rules::Rules;
use crate::segment::Segmented;
use crate::span::Span;

/// The four mention tables of the dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum MentionKind {
    /// `dates.parquet`.
    Date,
    /// `indicators.parquet`.
    Indicator,
    /// `organizations.parquet`.
    Organization,
    /// `policies.parquet`.
    Policy,
}

impl MentionKind {
    /// Every kind, in table order.
    pub const ALL: [MentionKind; 4] = [
        MentionKind::Date,
        MentionKind::Indicator,
        MentionKind::Organization,
        MentionKind::Policy,
    ];

    /// The `{kind}` part of a `mention_id` (`doc#date:10-24`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Date => "date",
            MentionKind::Indicator => "indicator",
            MentionKind::Organization => "organization",
            MentionKind::Policy => "policy",
        }
    }

    /// The table's file stem (`dates` for `dates.parquet`).
    #[must_use]
    pub fn table(self) -> &'static str {
        match self {
            MentionKind::Date => "dates",
            MentionKind::Indicator => "indicators",
            MentionKind::Organization => "organizations",
            MentionKind::Policy => "policies",
        }
    }
}

/// What every extractor needs besides the document itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExtractContext {
    /// The date relative expressions (`去年`, `今年7月`) resolve against: `--ref-date`, or
    /// the document's own date, or none.
    pub reference_date: Option<NaiveDate>,
}

/// One extractor: reads a segmented document and pushes what it finds into [`Mentions`].
///
/// Implementations hold their compiled rules (built once from [`Rules`]) and are shared
/// read-only across threads.
pub trait Extractor: Send + Sync {
    /// The table this extractor fills.
    fn kind(&self) -> MentionKind;

    /// Finds mentions in `doc` and pushes them into `found`, which already holds the
    /// mentions of the extractors that ran before this one.
    fn extract(&self, doc: &Segmented, context: &ExtractContext, found: &mut Mentions);
}

/// All mentions found in one document, in normalized coordinates.
#[derive(Clone, Debug, Default)]
pub struct Mentions {
    /// Dates and periods.
    pub dates: Vec<DateMention>,
    /// Numeric indicators.
    pub indicators: Vec<IndicatorMention>,
    /// Organizations.
    pub organizations: Vec<OrganizationMention>,
    /// Policy instruments.
    pub policies: Vec<PolicyMention>,
}

/// Index of a [`DateMention`] in [`Mentions::dates`]; the writer turns it into the
/// `date_mention_id` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateRef(pub usize);

/// Calendar granularity of a date mention (`granularity` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Granularity {
    /// `2024年1月19日`.
    Day,
    /// `2019年4月`.
    Month,
    /// `一季度`, `上半年` (half-years are two quarters), `前三季度`.
    Quarter,
    /// `2019年`.
    Year,
    /// `2015-2019年`, `十三五`.
    MultiYear,
    /// `90年代`.
    Decade,
    /// `21世纪`.
    Century,
}

impl Granularity {
    /// The value stored in the `granularity` column.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
            Granularity::MultiYear => "multi_year",
            Granularity::Decade => "decade",
            Granularity::Century => "century",
        }
    }
}

/// A date or period mention (`dates` table).
#[derive(Clone, Debug, PartialEq)]
pub struct DateMention {
    /// Where it is in the normalized text.
    pub span: Span,
    /// The rule that produced it (`rule` column; never renamed once released).
    pub rule: &'static str,
    /// First day, inclusive; `None` only for a relative expression without reference.
    pub start: Option<NaiveDate>,
    /// Last day, inclusive; `None` only for a relative expression without reference.
    pub end: Option<NaiveDate>,
    /// Calendar granularity.
    pub granularity: Granularity,
    /// True when resolved against a reference date (`去年`, `今年7月`).
    pub relative: bool,
    /// The date a relative or year-less expression was resolved against.
    pub reference_date: Option<NaiveDate>,
}

/// How a stated value relates to the true one (`qualifier` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// 约, 左右, 近, 余, 多, 上下.
    Approx,
    /// 超, 超过, 逾, 以上, 突破.
    MoreThan,
    /// 不少于, 不低于.
    AtLeast,
    /// 不足, 低于, 以下.
    LessThan,
    /// 不超过, 最多.
    AtMost,
}

impl Qualifier {
    /// The value stored in the `qualifier` column.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Approx => "approx",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::LessThan => "less_than",
            Qualifier::AtMost => "at_most",
        }
    }
}

/// What kind of fact an indicator states (`measure` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    /// A level or stock: `研发投入1880.49亿元`.
    Level,
    /// A change: `增长8.3%`.
    Growth,
    /// A part of a whole: `占GDP比重42.5%`.
    Share,
}

impl Measure {
    /// The value stored in the `measure` column.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Level => "level",
            Measure::Growth => "growth",
            Measure::Share => "share",
        }
    }
}

/// A numeric indicator mention (`indicators` table).
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorMention {
    /// The number + unit span (qualifier words are not included).
    pub span: Span,
    /// The rule that produced it.
    pub rule: &'static str,
    /// Value in base units (multipliers applied; percent stays a percent number).
    pub value: f64,
    /// Upper end of a range, if any.
    pub value_high: Option<f64>,
    /// Canonical unit (`CNY`, `percent`, `count`, …; see SCHEMA.md).
    pub unit: String,
    /// The unit as written, normalized script (`亿元`, `万家`, `%`).
    pub unit_text: String,
    /// Approximation or bound.
    pub qualifier: Option<Qualifier>,
    /// Level, growth or share.
    pub measure: Measure,
    /// What is measured, a short noun phrase from the sentence.
    pub subject: Option<String>,
    /// The date mention giving the indicator's period.
    pub date: Option<DateRef>,
}

/// The kind of an organization (`org_type` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    /// 公司, 集团, 银行.
    Company,
    /// 国务院, 深圳市政府, 科技创新局.
    Government,
    /// 大学, 学院.
    University,
    /// 研究院, 研究所, 实验室.
    ResearchInstitute,
    /// 协会, 联盟, 商会.
    Association,
    /// 中国新闻周刊.
    Media,
    /// 世界银行, 世贸组织.
    International,
    /// Anything else.
    Other,
}

impl OrgType {
    /// The value stored in the `org_type` column.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            OrgType::Company => "company",
            OrgType::Government => "government",
            OrgType::University => "university",
            OrgType::ResearchInstitute => "research_institute",
            OrgType::Association => "association",
            OrgType::Media => "media",
            OrgType::International => "international",
            OrgType::Other => "other",
        }
    }
}

/// An organization mention (`organizations` table).
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationMention {
    /// Where the name is in the normalized text.
    pub span: Span,
    /// The rule (signal) that produced it: gazetteer, suffix grammar or jieba `nt`.
    pub rule: &'static str,
    /// The name in simplified script, without spaces.
    pub name: String,
    /// Its kind.
    pub org_type: OrgType,
}

/// The kind of a policy instrument (`policy_type` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyType {
    /// 法.
    Law,
    /// 条例, 规定, 办法.
    Regulation,
    /// 规划, 纲要, 计划, 方案.
    Plan,
    /// 意见.
    Opinion,
    /// 决定.
    Decision,
    /// 通知.
    Notice,
    /// 措施.
    Measures,
    /// 号文件, numbered documents.
    Document,
    /// A named programme or slogan-policy (`三免两减半`, `工业上楼`).
    Initiative,
    /// A policy instrument of another kind (指引, 指南, 实施细则 …).
    Other,
}

impl PolicyType {
    /// The value stored in the `policy_type` column.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Law => "law",
            PolicyType::Regulation => "regulation",
            PolicyType::Plan => "plan",
            PolicyType::Opinion => "opinion",
            PolicyType::Decision => "decision",
            PolicyType::Notice => "notice",
            PolicyType::Measures => "measures",
            PolicyType::Document => "document",
            PolicyType::Initiative => "initiative",
            PolicyType::Other => "other",
        }
    }
}

/// A policy-instrument mention (`policies` table).
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyMention {
    /// The span, including 《》 or quotes when present.
    pub span: Span,
    /// The rule that produced it.
    pub rule: &'static str,
    /// Simplified title without 《》 or quotes.
    pub title: String,
    /// Its kind.
    pub policy_type: PolicyType,
    /// The issuing organization's name, when the sentence states it.
    pub issuer: Option<String>,
    /// The date of issue, when stated in the same clause.
    pub date: Option<DateRef>,
}

/// The extractors in the order they run, built once per run from the rules.
pub struct Registry {
    extractors: Vec<Box<dyn Extractor>>,
}

impl Registry {
    /// Builds every extractor from `rules`, in dependency order.
    #[must_use]
    pub fn new(rules: &Rules) -> Self {
        let extractors: Vec<Box<dyn Extractor>> = vec![
            Box::new(dates::DateExtractor::new(rules)),
            Box::new(organizations::OrganizationExtractor::new(rules)),
            Box::new(policies::PolicyExtractor::new(rules)),
            Box::new(indicators::IndicatorExtractor::new(rules)),
        ];
        Self { extractors }
    }

    /// Runs every extractor over `doc`.
    #[must_use]
    pub fn run(&self, doc: &Segmented, context: &ExtractContext) -> Mentions {
        let mut found = Mentions::default();
        for extractor in &self.extractors {
            extractor.extract(doc, context, &mut found);
        }
        found
    }
}
