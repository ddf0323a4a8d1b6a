//! Adoption reports ("Vi har infört detta"): one TOML file per report in
//! `{corpus}/spridning/{example}/{number}.toml`, holding the unit's fields, the review status,
//! the SHA-256 of the unit's private token and the history of status changes.
//!
//! A new report is written create-new (a hard link from a synced temporary file), so two
//! parallel reports on one example get distinct numbers and a crash leaves no half file;
//! every later change replaces the file atomically under one lock, refused when the file
//! changed since the revision the change was made on.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::civil::Date;
use toml::{Table, Value};

use crate::corpus::{CorpusError, FieldError, Problem, WriteMode, is_email, write_atomically};
use crate::model::{
    Adoption, Area, ExampleId, MAX_ADOPTION_TEXT_CHARS, MAX_REASON_CHARS, Stage, Status,
    Vocabulary, YearMonth,
};
use crate::submission::{StatusChange, new_token, token_hash, token_opens};

/// The folder of adoption reports inside the corpus.
pub const ADOPTION_DIR: &str = "spridning";

/// The longest unit, organisation or contact name, in characters (as for examples).
const MAX_NAME_CHARS: usize = crate::corpus::MAX_NAME_CHARS;

/// The fields a unit fills in, in the order files are written.
pub const REPORT_FIELDS: &[&str] = &[
    "unit",
    "organisation",
    "area",
    "since",
    "stage",
    "reason",
    "text",
    "contact_name",
    "contact_email",
];

/// The fields the service keeps in a report's file besides the unit's.
const SERVICE_KEYS: &[&str] = &[
    "example",
    "status",
    "created",
    "updated",
    "edit_token_sha256",
    "history",
];

/// The most reports one example may collect (a bound on the folder, far above any real use).
const MAX_REPORTS: u32 = 10_000;

/// A stored report with what the service keeps beside it.
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub adoption: Adoption,
    /// SHA-256 of the private token, in hex.
    pub token_sha256: String,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
    /// The revision of the file (SHA-256 of its bytes).
    pub revision: String,
}

/// Why a report or a change to one was not stored.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Fields are wrong; every problem is listed.
    #[error("{} fields are not valid", .0.len())]
    Invalid(Vec<FieldError>),
    /// No report with this key (and token).
    #[error("no such report")]
    NotFound,
    /// The change is not one the review allows.
    #[error("a report that is {from} cannot become {to}")]
    NotAllowed { from: Status, to: Status },
    /// The report changed since the revision the change was made on; nothing was written.
    #[error("the report was changed since it was opened")]
    Conflict { current: Box<StoredReport> },
    /// The corpus could not be written.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// Checks the unit's fields of a report against the rules, as typed in the form or sent as
/// JSON. `today` bounds `since` (not in the future).
///
/// On `Err` every problem is listed, each naming its field.
pub fn check_fields(
    fields: &Table,
    today: Date,
    organisations: Option<&crate::model::Organisations>,
) -> Result<ReportFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    for key in fields.keys() {
        if !REPORT_FIELDS.contains(&key.as_str()) {
            errors.push(FieldError::new(
                key,
                format!(
                    "okänt fält `{key}`; tillåtna fält: {}",
                    REPORT_FIELDS.join(", ")
                ),
            ));
        }
    }
    let mut text = |key: &str, max: usize, required: bool| -> Option<String> {
        let value = match fields.get(key) {
            None => None,
            Some(Value::String(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            Some(_) => {
                errors.push(FieldError::new(key, format!("`{key}` ska vara text")));
                return None;
            }
        };
        match value {
            None if required => {
                errors.push(FieldError::new(key, format!("{} saknas", what(key))));
                None
            }
            Some(v) if v.chars().count() > max => {
                errors.push(FieldError::new(
                    key,
                    format!(
                        "{} är {} tecken; högst {max} tecken är tillåtet",
                        what(key),
                        v.chars().count()
                    ),
                ));
                None
            }
            other => other,
        }
    };
    let unit = text("unit", MAX_NAME_CHARS, true);
    let organisation = text("organisation", MAX_NAME_CHARS, true)
        .map(|o| organisations.map_or(o.clone(), |list| list.canonical(o)));
    let area_text = text("area", 64, true);
    let since_text = text("since", 7, true);
    let stage_text = text("stage", 16, true);
    let reason = text("reason", MAX_REASON_CHARS, false);
    let body = text("text", MAX_ADOPTION_TEXT_CHARS, true);
    let contact_name = text("contact_name", MAX_NAME_CHARS, false);
    let contact_email = text("contact_email", 254, false);
    let area = area_text.and_then(|a| {
        let parsed = Area::parse(&a);
        if parsed.is_none() {
            errors.push(FieldError::new(
                "area",
                format!("okänt område \"{a}\"; tillåtet: {}", Area::allowed()),
            ));
        }
        parsed
    });
    let stage = stage_text.and_then(|s| {
        let parsed = Stage::parse(&s);
        if parsed.is_none() {
            errors.push(FieldError::new(
                "stage",
                format!("okänt läge \"{s}\"; tillåtet: {}", Stage::allowed()),
            ));
        }
        parsed
    });
    let since = since_text.and_then(|s| match YearMonth::parse(&s) {
        None => {
            errors.push(FieldError::new(
                "since",
                format!("\"{s}\" är ingen månad; skriv år och månad som 2025-03"),
            ));
            None
        }
        Some(m) if m > YearMonth::of(today) => {
            errors.push(FieldError::new(
                "since",
                format!(
                    "{m} ligger i framtiden; ange en månad som har varit, senast {}",
                    YearMonth::of(today)
                ),
            ));
            None
        }
        Some(m) => Some(m),
    });
    let reason = match stage {
        Some(Stage::Slutat) if reason.is_none() => {
            errors.push(FieldError::new(
                "reason",
                "skälet saknas; berätta kort varför ni slutade",
            ));
            None
        }
        Some(Stage::Slutat) => reason,
        _ => None,
    };
    if let Some(email) = &contact_email
        && !is_email(email)
    {
        errors.push(FieldError::new(
            "contact_email",
            format!("\"{email}\" är ingen e-postadress som namn@stockholm.se"),
        ));
    }
    match (unit, organisation, area, since, stage, body) {
        (Some(unit), Some(organisation), Some(area), Some(since), Some(stage), Some(text))
            if errors.is_empty() =>
        {
            Ok(ReportFields {
                unit,
                organisation,
                area,
                since,
                stage,
                reason,
                text,
                contact_name,
                contact_email,
            })
        }
        _ => Err(errors),
    }
}

/// What a field is called in messages.
fn what(key: &str) -> &'static str {
    match key {
        "unit" => "Enhetens namn",
        "organisation" => "Förvaltning eller bolag",
        "area" => "Verksamhetsområde",
        "since" => "Månaden ni började",
        "stage" => "Hur långt ni har kommit",
        "reason" => "Skälet",
        "text" => "Texten om vad ni ändrade och vad som hände",
        "contact_name" => "Kontaktpersonens namn",
        "contact_email" => "E-postadressen",
        _ => "Fältet",
    }
}

/// The unit's fields of a report, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFields {
    pub unit: String,
    pub organisation: String,
    pub area: Area,
    pub since: YearMonth,
    pub stage: Stage,
    pub reason: Option<String>,
    pub text: String,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
}

impl ReportFields {
    fn into_adoption(
        self,
        example: ExampleId,
        number: u32,
        status: Status,
        (created, updated): (Date, Date),
    ) -> Adoption {
        Adoption {
            example,
            number,
            unit: self.unit,
            organisation: self.organisation,
            area: self.area,
            since: self.since,
            stage: self.stage,
            reason: self.reason,
            text: self.text,
            contact_name: self.contact_name,
            contact_email: self.contact_email,
            status,
            created,
            updated,
        }
    }

    /// The fields of `adoption`, as a form shows them again.
    pub fn of(adoption: &Adoption) -> Table {
        let mut t = Table::new();
        let mut put = |k: &str, v: &str| {
            t.insert(k.into(), Value::String(v.to_owned()));
        };
        put("unit", &adoption.unit);
        put("organisation", &adoption.organisation);
        put("area", adoption.area.slug());
        put("since", &adoption.since.to_string());
        put("stage", adoption.stage.slug());
        put("reason", adoption.reason.as_deref().unwrap_or_default());
        put("text", &adoption.text);
        put(
            "contact_name",
            adoption.contact_name.as_deref().unwrap_or_default(),
        );
        put(
            "contact_email",
            adoption.contact_email.as_deref().unwrap_or_default(),
        );
        t
    }
}

/// The report file's text.
fn to_toml(report: &StoredReport) -> String {
    let a = &report.adoption;
    let mut t = toml::Table::new();
    t.insert("example".into(), Value::String(a.example.to_string()));
    for (k, v) in ReportFields::of(a) {
        if v.as_str().is_some_and(|s| !s.is_empty()) {
            t.insert(k, v);
        }
    }
    t.insert("status".into(), Value::String(a.status.slug().into()));
    t.insert("created".into(), Value::String(a.created.to_string()));
    t.insert("updated".into(), Value::String(a.updated.to_string()));
    t.insert(
        "edit_token_sha256".into(),
        Value::String(report.token_sha256.clone()),
    );
    let history = toml::Value::try_from(&report.history).expect("a history serialises");
    t.insert("history".into(), history);
    toml::to_string(&t).expect("a report serialises")
}

/// Reads the report file at `path` (`{example}/{number}.toml`), with every problem and its
/// line.
pub fn parse_report(
    path: &Path,
    text: &str,
    example: &ExampleId,
    number: u32,
) -> Result<StoredReport, Vec<Problem>> {
    let problem = |line: usize, message: String| Problem {
        path: path.to_owned(),
        line,
        message,
    };
    let table: Table = crate::corpus::toml_table(path, text).map_err(|p| vec![p])?;
    let line = |key: &str| crate::corpus::key_line(text, key);
    let mut problems = Vec::new();
    let mut unit_fields = Table::new();
    for (k, v) in &table {
        if REPORT_FIELDS.contains(&k.as_str()) {
            unit_fields.insert(k.clone(), v.clone());
        } else if !SERVICE_KEYS.contains(&k.as_str()) {
            problems.push(problem(line(k), format!("okänt fält `{k}`")));
        }
    }
    match table.get("example").and_then(Value::as_str) {
        Some(e) if e == example.as_str() => {}
        _ => problems.push(problem(
            line("example"),
            format!("`example` ska vara \"{example}\", mappen rapporten ligger i"),
        )),
    }
    // The month may lie in the future of no date: a stored report was checked when made.
    let far = jiff::civil::date(2100, 12, 31);
    let fields = check_fields(&unit_fields, far, None).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| problem(line(&e.field), e.message))
            .collect::<Vec<_>>()
    });
    let status = match table
        .get("status")
        .and_then(Value::as_str)
        .map(Status::parse)
    {
        Some(Some(s @ (Status::Submitted | Status::Published | Status::Rejected))) => Some(s),
        _ => {
            problems.push(problem(
                line("status"),
                "`status` ska vara `submitted`, `published` eller `rejected`".into(),
            ));
            None
        }
    };
    let mut date = |key: &str| match table.get(key).and_then(Value::as_str).map(str::parse) {
        Some(Ok(d)) => Some(d),
        _ => {
            problems.push(problem(
                line(key),
                format!("`{key}` ska vara ett datum som 2025-03-15"),
            ));
            None
        }
    };
    let (created, updated): (Option<Date>, Option<Date>) = (date("created"), date("updated"));
    let token_sha256 = table
        .get("edit_token_sha256")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let history: Vec<StatusChange> = match table.get("history") {
        None => Vec::new(),
        Some(v) => v.clone().try_into().unwrap_or_else(|_| {
            problems.push(problem(line("history"), "`history` kan inte läsas".into()));
            Vec::new()
        }),
    };
    match (fields, status, created, updated) {
        (Ok(fields), Some(status), Some(created), Some(updated)) if problems.is_empty() => {
            Ok(StoredReport {
                adoption: fields.into_adoption(example.clone(), number, status, (created, updated)),
                token_sha256,
                history,
                revision: crate::corpus::revision(text.as_bytes()),
            })
        }
        (fields, ..) => {
            if let Err(more) = fields {
                problems.extend(more);
            }
            Err(problems)
        }
    }
}

/// Every report in a corpus, and the files that could not be read.
#[derive(Debug, Default)]
pub struct LoadedReports {
    pub reports: Vec<StoredReport>,
    pub problems: Vec<Problem>,
}

/// The corpus's adoption reports as a store.
#[derive(Debug)]
pub struct Adoptions {
    corpus: PathBuf,
    writing: Mutex<()>,
}

impl Adoptions {
    /// The reports of the corpus at `corpus`.
    pub fn new(corpus: impl Into<PathBuf>) -> Self {
        Self {
            corpus: corpus.into(),
            writing: Mutex::new(()),
        }
    }

    fn dir(&self, example: &ExampleId) -> PathBuf {
        self.corpus.join(ADOPTION_DIR).join(example.as_str())
    }

    /// Reads every report; unreadable files are listed with their problems.
    pub fn load(&self) -> LoadedReports {
        let mut out = LoadedReports::default();
        let root = self.corpus.join(ADOPTION_DIR);
        let Ok(examples) = std::fs::read_dir(&root) else {
            return out;
        };
        let mut dirs: Vec<PathBuf> = examples.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for dir in dirs {
            let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with('.') || !dir.is_dir() {
                continue;
            }
            let Ok(example) = ExampleId::parse(name) else {
                out.problems.push(Problem {
                    path: dir.clone(),
                    line: 1,
                    message: "mappens namn är inget exempels id".into(),
                });
                continue;
            };
            let Ok(files) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = files.flatten().map(|e| e.path()).collect();
            files.sort();
            for path in files {
                let Some(number) = report_number(&path) else {
                    continue;
                };
                match std::fs::read_to_string(&path) {
                    Ok(text) => match parse_report(&path, &text, &example, number) {
                        Ok(r) => out.reports.push(r),
                        Err(p) => out.problems.extend(p),
                    },
                    Err(e) => out.problems.push(Problem {
                        path: path.clone(),
                        line: 1,
                        message: format!("kan inte läsas: {e}"),
                    }),
                }
            }
        }
        out.reports.sort_by(|a, b| {
            (&a.adoption.example, a.adoption.number).cmp(&(&b.adoption.example, b.adoption.number))
        });
        out
    }

    /// The report `number` of `example`, as stored.
    pub fn get(&self, example: &ExampleId, number: u32) -> Option<StoredReport> {
        let path = self.dir(example).join(format!("{number}.toml"));
        let text = std::fs::read_to_string(&path).ok()?;
        parse_report(&path, &text, example, number).ok()
    }

    /// Stores a new report on `example` (which the caller has checked is published), waiting
    /// for review; returns it with the private token (only its hash is stored).
    pub fn report(
        &self,
        example: &ExampleId,
        fields: ReportFields,
        today: Date,
    ) -> Result<(Adoption, String), ReportError> {
        let token = new_token()?;
        let dir = self.dir(example);
        std::fs::create_dir_all(&dir).map_err(|source| CorpusError::Write {
            path: dir.clone(),
            source,
        })?;
        let first = self.next_number(&dir);
        for number in first..first + MAX_REPORTS {
            let stored = StoredReport {
                adoption: fields.clone().into_adoption(
                    example.clone(),
                    number,
                    Status::Submitted,
                    (today, today),
                ),
                token_sha256: token_hash(&token),
                history: vec![StatusChange {
                    at: jiff::Timestamp::now().to_string(),
                    by: "enheten".into(),
                    from: None,
                    to: Status::Submitted,
                    comment: None,
                }],
                revision: String::new(),
            };
            let text = to_toml(&stored);
            // Create-new: a parallel report that took this number makes this one try the next.
            match write_atomically(
                &dir,
                &format!("{number}.toml"),
                text.as_bytes(),
                WriteMode::CreateNew,
            ) {
                Ok(_) => return Ok((stored.adoption, token)),
                Err(CorpusError::Exists { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ReportError::Invalid(vec![FieldError::new(
            "example",
            "exemplet har för många rapporter",
        )]))
    }

    fn next_number(&self, dir: &Path) -> u32 {
        std::fs::read_dir(dir)
            .map(|files| {
                files
                    .flatten()
                    .filter_map(|e| report_number(&e.path()))
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
            + 1
    }

    /// The report that `token` opens; `None` for a wrong token or no such report.
    pub fn open(&self, example: &ExampleId, number: u32, token: &str) -> Option<StoredReport> {
        self.get(example, number)
            .filter(|r| token_opens_hash(&r.token_sha256, token))
    }

    /// Replaces the unit's fields of a report through its private link. A published report
    /// that is changed goes back to review; a rejected one cannot be changed.
    pub fn update(
        &self,
        (example, number, token): (&ExampleId, u32, &str),
        fields: ReportFields,
        expected: Option<&str>,
        today: Date,
    ) -> Result<Adoption, ReportError> {
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let current = self
            .open(example, number, token)
            .ok_or(ReportError::NotFound)?;
        if expected.is_some_and(|e| e != current.revision) {
            return Err(ReportError::Conflict {
                current: Box::new(current),
            });
        }
        let from = current.adoption.status;
        if from == Status::Rejected {
            return Err(ReportError::NotAllowed {
                from,
                to: Status::Submitted,
            });
        }
        let mut next = current.clone();
        next.adoption = fields.into_adoption(
            example.clone(),
            number,
            Status::Submitted,
            (
                current.adoption.created,
                today.max(current.adoption.created),
            ),
        );
        if from != Status::Submitted {
            next.history.push(StatusChange {
                at: jiff::Timestamp::now().to_string(),
                by: "enheten".into(),
                from: Some(from),
                to: Status::Submitted,
                comment: None,
            });
        }
        self.write(&next)?;
        Ok(next.adoption)
    }

    /// An organiser's decision on a report: published (shown on the example) or rejected,
    /// and a published report may be withdrawn (rejected). `expected` as for `update`.
    pub fn set_status(
        &self,
        (example, number): (&ExampleId, u32),
        to: Status,
        by: &str,
        comment: Option<String>,
        expected: Option<&str>,
        today: Date,
    ) -> Result<Adoption, ReportError> {
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.get(example, number).ok_or(ReportError::NotFound)?;
        if expected.is_some_and(|e| e != current.revision) {
            return Err(ReportError::Conflict {
                current: Box::new(current),
            });
        }
        let from = current.adoption.status;
        let allowed = matches!(
            (from, to),
            (Status::Submitted, Status::Published | Status::Rejected)
                | (Status::Published, Status::Rejected)
                | (Status::Rejected, Status::Published)
        );
        if !allowed {
            return Err(ReportError::NotAllowed { from, to });
        }
        let comment = comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > crate::submission::MAX_COMMENT_CHARS)
        {
            return Err(ReportError::Invalid(vec![FieldError::new(
                "comment",
                format!(
                    "kommentaren är längre än {} tecken",
                    crate::submission::MAX_COMMENT_CHARS
                ),
            )]));
        }
        let mut next = current.clone();
        next.adoption.status = to;
        next.adoption.updated = today.max(current.adoption.created);
        next.history.push(StatusChange {
            at: jiff::Timestamp::now().to_string(),
            by: by.to_owned(),
            from: Some(from),
            to,
            comment,
        });
        self.write(&next)?;
        Ok(next.adoption)
    }

    fn write(&self, report: &StoredReport) -> Result<(), CorpusError> {
        let a = &report.adoption;
        write_atomically(
            &self.dir(&a.example),
            &format!("{}.toml", a.number),
            to_toml(report).as_bytes(),
            WriteMode::Replace,
        )?;
        Ok(())
    }
}

fn token_opens_hash(hash: &str, token: &str) -> bool {
    token_opens(
        &crate::submission::ReviewRecord {
            edit_token_sha256: hash.to_owned(),
            history: Vec::new(),
        },
        token,
    )
}

/// The number of a report file (`7.toml`), `None` for anything else.
fn report_number(path: &Path) -> Option<u32> {
    let name = path.file_name()?.to_str()?;
    let n = name.strip_suffix(".toml")?;
    if n.is_empty() || n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok().filter(|n| *n <= MAX_REPORTS * 2)
}

/// The private link of a report (under the site's address).
pub fn report_link(adoption: &Adoption, token: &str) -> String {
    format!(
        "/exempel/{}/infort/{}?nyckel={token}",
        adoption.example, adoption.number
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = jiff::civil::date(2026, 12, 2);

    pub(crate) fn fields(pairs: &[(&str, &str)]) -> Table {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
            .collect()
    }

    fn good() -> Table {
        fields(&[
            ("unit", "Förskolan Eken"),
            ("organisation", "Farsta stadsdelsförvaltning"),
            ("area", "forskola"),
            ("since", "2025-09"),
            ("stage", "infort"),
            ("text", "Vi gjorde som de, men med färre bilder."),
        ])
    }

    #[test]
    fn every_wrong_field_is_named() {
        let mut bad = good();
        bad.insert("since".into(), Value::String("2027-01".into()));
        bad.insert("stage".into(), Value::String("klart".into()));
        bad.insert("text".into(), Value::String("x".repeat(1001)));
        bad.insert("contact_email".into(), Value::String("anna@".into()));
        bad.insert("title".into(), Value::String("x".into()));
        bad.remove("unit");
        let errors = check_fields(&bad, TODAY, None).unwrap_err();
        let mut named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        named.sort_unstable();
        assert_eq!(
            named,
            ["contact_email", "since", "stage", "text", "title", "unit"]
        );
        assert!(errors.iter().any(|e| e.message.contains("framtiden")));
        assert!(errors.iter().any(|e| e.message.contains("1000 tecken")));
    }

    #[test]
    fn a_unit_that_stopped_says_why() {
        let mut f = good();
        f.insert("stage".into(), Value::String("slutat".into()));
        let errors = check_fields(&f, TODAY, None).unwrap_err();
        assert_eq!(errors[0].field, "reason");
        f.insert(
            "reason".into(),
            Value::String("Personalen räckte inte.".into()),
        );
        assert!(check_fields(&f, TODAY, None).is_ok());
        // A reason given with another stage is not kept.
        let mut g = good();
        g.insert("reason".into(), Value::String("x".into()));
        assert_eq!(check_fields(&g, TODAY, None).unwrap().reason, None);
    }

    #[test]
    fn parallel_reports_get_distinct_numbers_and_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(Adoptions::new(dir.path()));
        let id = ExampleId::parse("ett-exempel").unwrap();
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (store, id) = (store.clone(), id.clone());
                std::thread::spawn(move || {
                    let f = check_fields(&good(), TODAY, None).unwrap();
                    store.report(&id, f, TODAY).unwrap()
                })
            })
            .collect();
        let mut numbers: Vec<u32> = handles
            .into_iter()
            .map(|h| h.join().unwrap().0.number)
            .collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
        let loaded = store.load();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.reports.len(), 8);
        assert_eq!(
            loaded.reports[0].adoption.text,
            "Vi gjorde som de, men med färre bilder."
        );
    }

    #[test]
    fn the_token_opens_the_report_and_a_stale_change_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Adoptions::new(dir.path());
        let id = ExampleId::parse("ett-exempel").unwrap();
        let f = check_fields(&good(), TODAY, None).unwrap();
        let (a, token) = store.report(&id, f.clone(), TODAY).unwrap();
        assert!(store.open(&id, a.number, "fel").is_none());
        let opened = store.open(&id, a.number, &token).unwrap();
        store
            .set_status((&id, 1), Status::Published, "anna", None, None, TODAY)
            .unwrap();
        let stale = store.update((&id, 1, &token), f.clone(), Some(&opened.revision), TODAY);
        assert!(matches!(stale, Err(ReportError::Conflict { .. })));
        // A published report that its unit changes goes back to review.
        let changed = store.update((&id, 1, &token), f, None, TODAY).unwrap();
        assert_eq!(changed.status, Status::Submitted);
        let history = store.get(&id, 1).unwrap().history;
        assert_eq!(history.len(), 3);
        assert!(matches!(
            store.set_status((&id, 1), Status::Archived, "anna", None, None, TODAY),
            Err(ReportError::NotAllowed { .. })
        ));
    }

    #[test]
    fn a_broken_report_file_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(ADOPTION_DIR).join("ett-exempel");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("1.toml"),
            "example = \"ett-exempel\"\nunit = \"Eken\"\norganisation = \"X\"\narea = \"skola\"\n\
             since = \"2025-13\"\nstage = \"infort\"\ntext = \"T\"\nstatus = \"published\"\n\
             created = \"2025-01-01\"\nupdated = \"2025-01-01\"\n",
        )
        .unwrap();
        std::fs::write(folder.join("2.toml"), "example = \n").unwrap();
        let loaded = Adoptions::new(dir.path()).load();
        assert!(loaded.reports.is_empty());
        let lines: Vec<usize> = loaded.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [5, 1], "{:?}", loaded.problems);
    }
}
