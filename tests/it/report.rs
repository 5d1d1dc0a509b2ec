//! `zhextract report` (issue 9), tested as a reviewer uses it: the page is rendered for the
//! seeds and for one file per encoding, opened in headless Chromium, and the DOM the script
//! builds is read back: every mention of a document must be highlighted, at its line and at
//! the characters of its original bytes. A second dataset with deliberate changes checks the
//! `--diff` view. Without `/usr/bin/chromium` (or `$CHROMIUM`) the browser tests print a
//! notice and pass; `.ci/run` installs Debian's `chromium`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zhextract::ingest::decode::decode_slice;
use zhextract::ingest::line_index_of_bytes;
use zhextract::read::Dataset;
use zhextract::write::rows::{DocRows, OrganizationRow};
use zhextract::write::{DatasetWriter, WriteOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn zhextract(args: &[&str]) -> std::process::Output {
    zhextract_in(Path::new("."), args)
}

/// Runs zhextract in `dir` (so relative paths, as a person types them, are relative to it).
fn zhextract_in(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_zhextract"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 3)),
        "zhextract {args:?} exited {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs the pipeline on `inputs` into `out`.
fn dataset(inputs: &[PathBuf], out: &Path) -> Dataset {
    let mut args: Vec<&str> = vec!["run", "--quiet", "--out", out.to_str().unwrap()];
    args.extend(inputs.iter().map(|path| path.to_str().unwrap()));
    zhextract(&args);
    Dataset::open(out).unwrap()
}

/// `zhextract report DATASET --out OUT [--diff OLD]`, run beside DATASET with the dataset
/// directories named relatively, as the page then shows them.
fn report(dataset: &Path, out: &Path, diff: Option<&Path>) -> String {
    let name = |path: &Path| path.file_name().unwrap().to_str().unwrap().to_owned();
    let mut args = vec![
        "report".to_owned(),
        name(dataset),
        "--out".to_owned(),
        out.to_str().unwrap().to_owned(),
    ];
    if let Some(old) = diff {
        assert_eq!(old.parent(), dataset.parent());
        args.extend(["--diff".to_owned(), name(old)]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    zhextract_in(dataset.parent().unwrap(), &args);
    std::fs::read_to_string(out).unwrap()
}

// ---- Chromium ------------------------------------------------------------------------

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "NOTICE: {} not found: skipping the browser checks of the report \
             (apt-get install chromium, or set CHROMIUM)",
            path.display()
        );
        None
    }
}

/// Runs headless Chromium on `url` with `extra` arguments; returns stdout.
fn browse(chromium: &Path, url: &str, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            child.kill().unwrap();
            panic!("chromium took more than 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn page_url(html: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", html.display())
}

/// `#doc=<doc_id>` as the page's links write it.
fn doc_fragment(doc_id: &str) -> String {
    let encoded: String = doc_id
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-_.".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    format!("#doc={encoded}")
}

// ---- reading the rendered DOM ----------------------------------------------------------

/// One highlighted element: the mention it belongs to and where its text is.
#[derive(Debug)]
struct Piece {
    mention_id: String,
    class: String,
    diff: Option<String>,
    line: u32,
    /// Chars of the line before the element.
    offset: usize,
    text: String,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Every `<mark data-mention-id>` inside the rendered lines, in document order, with its
/// full text (nested marks included) and its offset in its line.
fn highlighted(dom: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = dom;
    while let Some(at) = rest.find("<div class=\"line\"") {
        let row = &rest[at..];
        let open_end = row.find('>').unwrap();
        let line: u32 = attribute(&row[..open_end], "data-n")
            .unwrap()
            .parse()
            .unwrap();
        let content_start = row.find("<div class=\"lc\">").unwrap() + "<div class=\"lc\">".len();
        let content_end = row.find("</div></div>").unwrap();
        pieces.extend(line_pieces(&row[content_start..content_end], line));
        rest = &row[content_end..];
    }
    pieces
}

fn line_pieces(content: &str, line: u32) -> Vec<Piece> {
    let (mut done, mut open, mut chars) = (Vec::new(), Vec::<Piece>::new(), 0);
    let mut rest = content;
    while !rest.is_empty() {
        if let Some(tag) = rest.strip_prefix("</mark>") {
            done.push(open.pop().unwrap());
            rest = tag;
        } else if rest.starts_with("<mark") {
            let end = rest.find('>').unwrap();
            let tag = &rest[..end];
            open.push(Piece {
                mention_id: attribute(tag, "data-mention-id").unwrap(),
                class: attribute(tag, "class").unwrap(),
                diff: attribute(tag, "data-d"),
                line,
                offset: chars,
                text: String::new(),
            });
            rest = &rest[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = unescape(&rest[..end]);
            chars += text.chars().count();
            for piece in &mut open {
                piece.text.push_str(&text);
            }
            rest = &rest[end..];
        }
    }
    assert!(open.is_empty(), "unclosed mark on line {line}");
    done.sort_by_key(|piece| piece.offset);
    done
}

/// The pieces of each mention, joined in document order.
fn by_mention(pieces: Vec<Piece>) -> BTreeMap<String, Vec<Piece>> {
    let mut groups: BTreeMap<String, Vec<Piece>> = BTreeMap::new();
    for piece in pieces {
        groups
            .entry(piece.mention_id.clone())
            .or_default()
            .push(piece);
    }
    for group in groups.values_mut() {
        group.sort_by_key(|piece| (piece.line, piece.offset));
    }
    groups
}

/// Checks every mention of `doc_id`: highlighted with its kind's class, its pieces' text is
/// its `source_text`, and its first piece starts on `line_start`, after exactly the chars
/// the original bytes `[line start, byte_start)` decode to.
fn assert_every_mention_in_place(dataset: &Dataset, doc_id: &str, dom: &str) {
    let groups = dataset.doc_rows().unwrap();
    let rows = &groups[doc_id];
    let document = rows.document.as_ref().unwrap();
    let input = dataset
        .manifest()
        .inputs
        .iter()
        .find(|i| i.doc_id == doc_id)
        .unwrap();
    let bytes = std::fs::read(&input.absolute_path).unwrap();
    let lines = line_index_of_bytes(&bytes, &document.encoding);
    let highlighted = by_mention(highlighted(dom));
    let spans = mention_spans(rows);
    assert!(!spans.is_empty(), "{doc_id} has no mentions to check");
    for (kind, span) in &spans {
        let pieces = highlighted
            .get(&span.mention_id)
            .unwrap_or_else(|| panic!("{} is not highlighted", span.mention_id));
        let text: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
        assert_eq!(text, span.source_text, "{}", span.mention_id);
        assert!(pieces
            .iter()
            .all(|p| p.class.split(' ').any(|c| c == format!("k-{kind}"))));
        let first = &pieces[0];
        assert_eq!(first.line, span.line_start, "{}", span.mention_id);
        let line = lines
            .line_range(span.line_start, bytes.len() as u64)
            .unwrap();
        let before = decode_slice(
            &bytes[line.start as usize..span.byte_start as usize],
            &document.encoding,
        );
        let before = before.trim_start_matches('\u{feff}');
        assert_eq!(first.offset, before.chars().count(), "{}", span.mention_id);
    }
    assert_eq!(highlighted.len(), spans.len(), "{doc_id}: highlighted ids");
}

fn mention_spans(rows: &DocRows) -> Vec<(&'static str, &zhextract::write::rows::SpanColumns)> {
    rows.indicators
        .iter()
        .map(|r| ("indicator", &r.span))
        .chain(rows.dates.iter().map(|r| ("date", &r.span)))
        .chain(rows.organizations.iter().map(|r| ("organization", &r.span)))
        .chain(rows.policies.iter().map(|r| ("policy", &r.span)))
        .collect()
}

fn seed(name: &str) -> PathBuf {
    root().join("seeds").join(name)
}

const SIMPLIFIED_SEED: &str = "000_c4d27eb5191576ee.txt";
const TRADITIONAL_SEED: &str = "002_7ac091414ba7caeb.txt";

// ---- tests -----------------------------------------------------------------------------

#[test]
fn report_is_one_self_contained_file() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let inputs = [
        seed(TRADITIONAL_SEED),
        root().join("fixtures/bad/image.png"),
    ];
    let dataset = dataset(&inputs, &data);
    let html = report(&data, &work.path().join("report.html"), None);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for external in [
        "<link",
        "<script src",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
    ] {
        assert!(
            !html.contains(external),
            "the page refers to something outside: {external}"
        );
    }
    // One lazy JSON block per document that was processed; the failed one is listed.
    assert_eq!(
        html.matches("<script type=\"application/json\" id=\"doc-")
            .count(),
        1
    );
    assert!(html.contains("image.png") && html.contains("failed"));
    // Overview: charts drawn inline, validation result, rows per table.
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("Validation passed"));
    let documents = dataset.documents().unwrap();
    assert_eq!(documents.len(), 2);
}

#[test]
fn report_highlights_every_mention_at_its_characters() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("seeds-dataset");
    let mut inputs = vec![root().join("seeds")];
    let encodings = ["gb18030.txt", "big5.txt", "utf16be_bom.txt", "utf8_bom.txt"];
    let fixtures = work.path().join("encodings");
    std::fs::create_dir(&fixtures).unwrap();
    for name in encodings {
        std::fs::copy(
            root().join("fixtures/encodings").join(name),
            fixtures.join(name),
        )
        .unwrap();
    }
    inputs.push(fixtures);
    let dataset = dataset(&inputs, &data);
    let html_path = work.path().join("report.html");
    report(&data, &html_path, None);
    let Some(chromium) = chromium() else {
        return;
    };
    for doc_id in [SIMPLIFIED_SEED, TRADITIONAL_SEED]
        .into_iter()
        .chain(encodings)
    {
        let dom = browse(
            &chromium,
            &page_url(&html_path, &doc_fragment(doc_id)),
            &["--dump-dom".to_string()],
        );
        assert!(dom.contains("class=\"line\""), "{doc_id}: no text rendered");
        assert_every_mention_in_place(&dataset, doc_id, &dom);
    }
    screenshot(&chromium, &html_path, &dataset);
}

/// Takes the README's screenshot: the traditional seed with one mention's fields shown.
/// `ZHEXTRACT_UPDATE_SCREENSHOT=1` copies it to `docs/report.png`.
fn screenshot(chromium: &Path, html: &Path, dataset: &Dataset) {
    let groups = dataset.doc_rows().unwrap();
    let rows = &groups[TRADITIONAL_SEED];
    let mention = rows
        .indicators
        .iter()
        .find(|row| row.qualifier.is_some() && row.span.line_start <= 20)
        .or(rows.indicators.first())
        .unwrap();
    let png = html.with_file_name("report.png");
    let fragment = format!(
        "{}&m={}",
        doc_fragment(TRADITIONAL_SEED),
        mention.span.mention_id.replace('#', "%23")
    );
    browse(
        chromium,
        &page_url(html, &fragment),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1400,1100".to_string(),
        ],
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "screenshot looks empty"
    );
    if std::env::var_os("ZHEXTRACT_UPDATE_SCREENSHOT").is_some() {
        std::fs::create_dir_all(root().join("docs")).unwrap();
        std::fs::copy(&png, root().join("docs/report.png")).unwrap();
    }
}

#[test]
fn report_diff_marks_added_removed_and_changed_mentions() {
    let work = tempfile::tempdir().unwrap();
    let (new_dir, old_dir) = (work.path().join("new"), work.path().join("old"));
    let new = dataset(&[seed(SIMPLIFIED_SEED)], &new_dir);
    // OLD = NEW with three deliberate changes: an indicator missing (so NEW adds it), an
    // indicator with another value (changed), an organization NEW does not have (removed).
    let mut groups = new.doc_rows().unwrap();
    let rows = groups.get_mut(SIMPLIFIED_SEED).unwrap();
    let added = rows.indicators.remove(0);
    let changed = rows.indicators[0].span.mention_id.clone();
    rows.indicators[0].value += 1.0;
    let date = rows
        .dates
        .iter()
        .find(|d| !overlaps_org(rows, d.span.byte_start, d.span.byte_end))
        .unwrap();
    let mut span = date.span.clone();
    span.mention_id = span.mention_id.replace("#date:", "#organization:");
    let removed = span.mention_id.clone();
    let removed_text = span.source_text.clone();
    rows.organizations.push(OrganizationRow {
        span,
        name: "测试机构".into(),
        org_type: "other".into(),
    });
    rows.organizations
        .sort_by_key(|r| (r.span.byte_start, r.span.byte_end));
    let mut writer = DatasetWriter::create(&old_dir, &WriteOptions::default()).unwrap();
    for rows in groups.into_values() {
        writer.append(rows).unwrap();
    }
    writer
        .finish(new.manifest().clone())
        .unwrap()
        .publish()
        .unwrap();

    let html_path = work.path().join("diff.html");
    let html = report(&new_dir, &html_path, Some(&old_dir));
    assert!(html.contains("Changes against"));
    let Some(chromium) = chromium() else {
        return;
    };
    let dom = browse(
        &chromium,
        &page_url(&html_path, &doc_fragment(SIMPLIFIED_SEED)),
        &["--dump-dom".to_string()],
    );
    let marks = by_mention(highlighted(&dom));
    let diff_of = |id: &str| marks.get(id).and_then(|p| p[0].diff.clone());
    assert_eq!(diff_of(&added.span.mention_id).as_deref(), Some("added"));
    assert_eq!(diff_of(&changed).as_deref(), Some("changed"));
    assert_eq!(diff_of(&removed).as_deref(), Some("removed"));
    let removed_pieces: String = marks[&removed].iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        removed_pieces, removed_text,
        "the removed mention is drawn where it was"
    );
    let unchanged = marks
        .values()
        .filter(|pieces| pieces[0].diff.is_none())
        .count();
    assert_eq!(
        unchanged + 3,
        marks.len(),
        "only the three changes are marked"
    );
    // The mention list shows the changed field old → new.
    assert!(dom.contains("value: "), "no field change listed");
    assert!(dom.contains(" → "), "no old → new listed");
}

/// Clicks and types through the page of one document the way a reviewer would, from a
/// script appended to a copy of the report, and reports what the page shows as JSON.
const INTERACTIONS: &str = r#"<script>
addEventListener('load', () => setTimeout(() => {
  const out = {};
  const q = document.getElementById('q');
  q.value = '深圳';
  q.dispatchEvent(new Event('input'));
  setTimeout(() => {
    out.search = document.getElementById('q-count').textContent;
    out.highlighted = CSS.highlights.get('q') ? CSS.highlights.get('q').size : 0;
    const background = (el) => getComputedStyle(el).backgroundColor;
    document.querySelector('input[data-kind="date"]').click();
    out.date_mark = background(document.querySelector('mark.k-date'));
    out.date_row = getComputedStyle(document.querySelector('#doc tr.k-date')).display;
    out.indicator_mark = background(document.querySelector('mark.k-indicator'));
    const rule = document.querySelector('mark.k-organization').dataset.rule;
    document.querySelector('input[data-rule="' + rule + '"]').click();
    out.rule_mark = background(document.querySelector('mark[data-rule="' + rule + '"]'));
    const first = document.querySelector('mark.k-indicator[tabindex="0"]');
    first.focus();
    const tip = document.getElementById('tip');
    out.tip_visible = !tip.hidden;
    out.tip_text = tip.textContent;
    out.focused = first.dataset.mentionId;
    const pre = document.createElement('pre');
    pre.id = 'interactions';
    pre.textContent = JSON.stringify(out);
    document.body.append(pre);
  }, 400);
}, 50));
</script></body>"#;

#[test]
fn report_filters_search_and_tooltip_work_in_the_browser() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    dataset(&[seed(SIMPLIFIED_SEED)], &data);
    let html = report(&data, &work.path().join("report.html"), None);
    let Some(chromium) = chromium() else {
        return;
    };
    let page = work.path().join("interactions.html");
    std::fs::write(&page, html.replace("</body>", INTERACTIONS)).unwrap();
    let dom = browse(
        &chromium,
        &page_url(&page, &doc_fragment(SIMPLIFIED_SEED)),
        &["--dump-dom".to_string()],
    );
    let start = dom
        .find("<pre id=\"interactions\">")
        .expect("the interactions did not finish");
    let json = &dom[start + "<pre id=\"interactions\">".len()..];
    let json = unescape(&json[..json.find("</pre>").unwrap()]);
    let out: serde_json::Value = serde_json::from_str(&json).unwrap();
    let text = std::fs::read_to_string(seed(SIMPLIFIED_SEED)).unwrap();
    let expected = text.matches("深圳").count();
    assert!(expected > 0);
    assert_eq!(out["highlighted"], expected, "{out}");
    assert!(
        out["search"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{expected} here")),
        "{out}"
    );
    let transparent = "rgba(0, 0, 0, 0)";
    assert_eq!(
        out["date_mark"], transparent,
        "unchecking a kind hides its highlights"
    );
    assert_eq!(out["date_row"], "none", "and its rows in the mention list");
    assert_ne!(out["indicator_mark"], transparent, "other kinds stay");
    assert_eq!(
        out["rule_mark"], transparent,
        "unchecking a rule hides its highlights"
    );
    assert_eq!(out["tip_visible"], true, "focus shows the tooltip");
    let tip = out["tip_text"].as_str().unwrap();
    assert!(tip.contains(out["focused"].as_str().unwrap()), "{tip}");
    assert!(tip.contains("value") && tip.contains("rule"), "{tip}");
}

fn overlaps_org(rows: &DocRows, start: u64, end: u64) -> bool {
    rows.organizations
        .iter()
        .any(|o| o.span.byte_start < end && start < o.span.byte_end)
}
