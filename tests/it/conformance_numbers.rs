//! Conformance of number reading (issue 5) against the public suites in
//! `../shared/conformance` (never copied into the project; skipped with a notice when
//! absent). Prints a pass rate per file and overall, and holds each rate above a floor
//! (a ratchet: raise the floor when the rate goes up).
//!
//! What runs, and why the rest is out of scope:
//! - Recognizers-Text `Number/Chinese/NumberModel.json`, parser level: every expected
//!   result's `Text` is read with `IndicatorExtractor::number_value` and compared with its
//!   value. Bare-number recognition is not what the extractor does (an indicator needs a
//!   unit), so negative cases and positions are not compared. Out of scope: exponent and
//!   power notation (`2e5`, `2^5`), `k`/`M` suffixes, `打` (dozen), `又` (mixed
//!   fractions), `几` (vague), `兆` (1e12 or 1e6 depending on region), `半` (half), spaced
//!   digits that are separate numbers.
//! - `Number/Chinese/PercentModel.json`, recognizer level: the percent and percentage-point
//!   values the extractor finds in the normalized `Input` must equal the expected ones, in
//!   order (negative cases included). Out of scope: discounts (`折`, `打对折`), `半`, `k`,
//!   digits grouped with the full-width comma `，` (a comma in Chinese text).
//! - `NumberWithUnit/Chinese/CurrencyModel.json`, recognizer level: the currency
//!   amounts found must equal the expected (value, ISO code) pairs. Out of scope: cases
//!   with a currency outside SCHEMA's list or without a value, sub-units (`角`, `分`, `毛`,
//!   `美分`, `銭`), colloquial `块`, and `兆`.
//! - Duckling `zh_corpus.jsonl`: `Numeral` examples with 万/亿 (parser level; out of
//!   scope: colloquial `百二萬`, `萬九`, `卌`, the variant `參`) and `AmountOfMoney`
//!   examples in 元/人民币/港币 without sub-units or colloquial `块`/`蚊`/`個`
//!   (recognizer level; Duckling's `Dollar` for 元 is CNY, `under` is an upper bound).
//!
//! Cases marked `NotSupported` for `python` or `dotnet` are skipped (upstream's reference
//! ports do not pass them). `NumberRangeModel` is not run: every case is marked for Python
//! and its interval notation does not map onto `value`/`value_high` without guessing.

use std::path::Path;
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::Value;
use zhextract::extract::indicators::IndicatorExtractor;
use zhextract::extract::{ExtractContext, Extractor, IndicatorMention, Mentions, Qualifier};
use zhextract::normalize::normalize_fragment;
use zhextract::normalize::opencc::{OpenccConfig, OpenccConverter};
use zhextract::rules::Rules;
use zhextract::segment::{segment_plain, WordSegmenter};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/conformance");

static WORDS: LazyLock<WordSegmenter> = LazyLock::new(|| WordSegmenter::new([]));
static EXTRACTOR: LazyLock<IndicatorExtractor> =
    LazyLock::new(|| IndicatorExtractor::new(&Rules::embedded().expect("embedded rules")));
static CONVERTER: LazyLock<OpenccConverter> =
    LazyLock::new(|| OpenccConverter::new(OpenccConfig::T2s));

/// Currencies SCHEMA.md names.
const CURRENCIES: &[&str] = &["CNY", "USD", "HKD", "TWD", "MOP", "EUR", "JPY", "GBP"];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Case {
    input: String,
    results: Vec<Value>,
    #[serde(default)]
    not_supported: Option<String>,
    #[serde(default)]
    not_supported_by_design: Option<String>,
}

impl Case {
    /// True when upstream's Python or .NET port does not pass the case.
    fn skipped(&self) -> bool {
        [&self.not_supported, &self.not_supported_by_design]
            .into_iter()
            .flatten()
            .flat_map(|list| list.split(','))
            .map(|platform| platform.trim().to_lowercase())
            .any(|platform| platform == "python" || platform == "dotnet")
    }
}

/// Pass counts of one file.
#[derive(Default)]
struct Tally {
    run: usize,
    passed: usize,
    out_of_scope: usize,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, passed: bool, what: impl FnOnce() -> String) {
        self.run += 1;
        if passed {
            self.passed += 1;
        } else if self.failures.len() < 80 {
            self.failures.push(what());
        }
    }

    fn rate(&self) -> f64 {
        if self.run == 0 {
            return 1.0;
        }
        self.passed as f64 / self.run as f64
    }

    fn report(&self, name: &str) {
        println!(
            "{name}: {}/{} passed ({:.1}%), {} out of scope",
            self.passed,
            self.run,
            100.0 * self.rate(),
            self.out_of_scope
        );
        for failure in &self.failures {
            println!("    fail: {failure}");
        }
    }
}

fn normalized(text: &str) -> String {
    normalize_fragment(text.trim(), &*CONVERTER)
}

/// True when `，` (kept by normalization: in Chinese text it is a comma) groups digits
/// (`百分之9，999`): out of scope.
fn full_width_grouping(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == '，' && w[2].is_ascii_digit())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-9)
}

/// A Recognizers value string (`"4780000000000"`, `"5E-06"`, `"2.4%"`) as a number.
fn number_of(value: &Value) -> Option<f64> {
    value.as_str()?.trim_end_matches('%').parse().ok()
}

fn indicators(text: &str) -> Vec<IndicatorMention> {
    let doc = segment_plain(text, &WORDS);
    let mut found = Mentions::default();
    EXTRACTOR.extract(&doc, &ExtractContext::default(), &mut found);
    found.indicators
}

fn read_cases(dir: &Path, file: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(dir.join(file)).expect("spec file");
    serde_json::from_str(&text).expect("valid spec")
}

fn number_model(dir: &Path) -> Tally {
    const OUT: &[char] = &[
        'e', 'E', '^', 'k', 'K', 'm', 'M', '打', '又', '几', '兆', '半',
    ];
    let mut tally = Tally::default();
    for case in read_cases(dir, "Number/Chinese/NumberModel.json") {
        if case.skipped() {
            continue;
        }
        for result in &case.results {
            let raw = result["Text"].as_str().unwrap_or_default();
            let text = normalized(raw);
            if text.contains(OUT) || raw.trim().contains(' ') {
                tally.out_of_scope += 1;
                continue;
            }
            let Some(expected) = number_of(&result["Resolution"]["value"]) else {
                tally.out_of_scope += 1;
                continue;
            };
            let found = EXTRACTOR.number_value(&text);
            tally.record(found.is_some_and(|found| close(found, expected)), || {
                format!("{text:?}: {found:?} != {expected}")
            });
        }
    }
    tally
}

fn percent_model(dir: &Path) -> Tally {
    const OUT: &[char] = &['折', '半', 'k', 'K'];
    let mut tally = Tally::default();
    for case in read_cases(dir, "Number/Chinese/PercentModel.json") {
        if case.skipped() {
            continue;
        }
        let text = normalized(&case.input);
        if text.contains(OUT) || full_width_grouping(&text) {
            tally.out_of_scope += 1;
            continue;
        }
        let expected: Vec<f64> = case
            .results
            .iter()
            .filter_map(|result| number_of(&result["Resolution"]["value"]))
            .collect();
        let found: Vec<f64> = indicators(&text)
            .into_iter()
            .filter(|mention| matches!(mention.unit.as_str(), "percent" | "percentage_point"))
            .map(|mention| mention.value)
            .collect();
        let passed = found.len() == expected.len()
            && found.iter().zip(&expected).all(|(a, b)| close(*a, *b));
        tally.record(passed, || format!("{text:?}: {found:?} != {expected:?}"));
    }
    tally
}

fn currency_model(dir: &Path) -> Tally {
    const OUT: &[&str] = &["角", "分", "毛", "美分", "銭", "块", "兆"];
    let mut tally = Tally::default();
    for case in read_cases(dir, "NumberWithUnit/Chinese/CurrencyModel.json") {
        if case.skipped() {
            continue;
        }
        let expected: Option<Vec<(f64, String)>> = case
            .results
            .iter()
            .map(|result| {
                let iso = result["Resolution"]["isoCurrency"].as_str()?;
                let value = number_of(&result["Resolution"]["value"])?;
                CURRENCIES.contains(&iso).then(|| (value, iso.to_string()))
            })
            .collect();
        let Some(expected) = expected.filter(|_| !OUT.iter().any(|word| case.input.contains(word)))
        else {
            tally.out_of_scope += 1;
            continue;
        };
        let text = normalized(&case.input);
        let found: Vec<(f64, String)> = indicators(&text)
            .into_iter()
            .filter(|mention| CURRENCIES.contains(&mention.unit.as_str()))
            .map(|mention| (mention.value, mention.unit))
            .collect();
        let passed = found.len() == expected.len()
            && found
                .iter()
                .zip(&expected)
                .all(|(a, b)| close(a.0, b.0) && a.1 == b.1);
        tally.record(passed, || format!("{text:?}: {found:?} != {expected:?}"));
    }
    tally
}

fn duckling(dir: &Path) -> (Tally, Tally) {
    let (mut numerals, mut money) = (Tally::default(), Tally::default());
    let Ok(text) = std::fs::read_to_string(dir.join("zh_corpus.jsonl")) else {
        return (numerals, money);
    };
    for line in text.lines() {
        let example: Value = serde_json::from_str(line).expect("valid jsonl");
        let input = example["input"].as_str().unwrap_or_default();
        match example["dimension"].as_str() {
            Some("Numeral") if input.contains(['万', '萬', '亿', '億']) => {
                if input.contains(['卌', '參']) || input.starts_with(['百', '萬']) {
                    numerals.out_of_scope += 1;
                    continue;
                }
                let expected = example["expected"]["value"].as_f64();
                let found = EXTRACTOR.number_value(&normalized(input));
                let passed = matches!((found, expected), (Some(a), Some(b)) if close(a, b));
                numerals.record(passed, || format!("{input:?}: {found:?} != {expected:?}"));
            }
            Some("AmountOfMoney") => {
                const OUT: &[&str] =
                    &["分", "仙", "角", "毛", "毫", "块", "蚊", "個", "个", "起碼"];
                if OUT.iter().any(|word| input.contains(word)) {
                    money.out_of_scope += 1;
                    continue;
                }
                let found = indicators(&normalized(input));
                let passed = found.len() == 1 && money_matches(&found[0], &example["expected"]);
                money.record(passed, || format!("{input:?}: {found:?}"));
            }
            _ => {}
        }
    }
    (numerals, money)
}

/// Duckling's expected amount (`value`, or an interval with `from`/`to`) against a mention.
fn money_matches(found: &IndicatorMention, expected: &Value) -> bool {
    fn iso(bound: &Value) -> Option<&str> {
        match bound["unit"].as_str() {
            Some("Dollar") => Some("CNY"),
            other => other,
        }
    }
    let value = |bound: &Value| bound["value"].as_f64();
    let qualifier = found.qualifier.map(Qualifier::as_str);
    let (from, to) = (&expected["from"], &expected["to"]);
    let (bound, value_ok, qualifier_ok) = match (from.is_object(), to.is_object()) {
        (true, true) => (
            to,
            value(from).is_some_and(|v| close(v, found.value))
                && value(to)
                    .zip(found.value_high)
                    .is_some_and(|(a, b)| close(a, b)),
            true,
        ),
        (true, false) => (
            from,
            value(from).is_some_and(|v| close(v, found.value)),
            matches!(qualifier, Some("more_than" | "at_least")),
        ),
        (false, true) => (
            to,
            value(to).is_some_and(|v| close(v, found.value)),
            matches!(qualifier, Some("less_than" | "at_most")),
        ),
        (false, false) => (
            expected,
            value(expected).is_some_and(|v| close(v, found.value)),
            qualifier.is_none(),
        ),
    };
    value_ok && qualifier_ok && iso(bound) == Some(found.unit.as_str())
}

#[test]
fn number_conformance() {
    let root = Path::new(SHARED);
    if !root.is_dir() {
        println!("conformance data not found at {SHARED}; skipped");
        return;
    }
    let recognizers = root.join("recognizers-text");
    let tallies = [
        ("NumberModel (parser)", number_model(&recognizers), 0.944),
        ("PercentModel", percent_model(&recognizers), 0.982),
        ("CurrencyModel", currency_model(&recognizers), 1.0),
    ];
    let (numerals, money) = duckling(&root.join("duckling"));
    let tallies = tallies.into_iter().chain([
        ("Duckling Numeral 万/亿 (parser)", numerals, 1.0),
        ("Duckling AmountOfMoney", money, 0.857),
    ]);
    let (mut run, mut passed) = (0, 0);
    let mut below = Vec::new();
    for (name, tally, floor) in tallies {
        tally.report(name);
        run += tally.run;
        passed += tally.passed;
        if tally.rate() < floor {
            below.push(format!("{name}: {:.3} < floor {floor}", tally.rate()));
        }
    }
    println!(
        "overall: {passed}/{run} passed ({:.1}%)",
        100.0 * passed as f64 / run.max(1) as f64
    );
    assert!(
        below.is_empty(),
        "below the regression floor:\n{}",
        below.join("\n")
    );
}
