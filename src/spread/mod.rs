//! How examples spread, as the programme asks boards to record: other units' reports that
//! they tried or adopted an example ("Vi har infört detta", [`adoptions`]) and the awards
//! examples got ([`awards`]). Both are plain files in the corpus beside the examples.
//!
//! [`Spread`] is the service the pages and the API call: it keeps the approved reports and
//! the awards in memory, and gives the search a new [`SpreadTable`] after every change, so
//! that counts, the sort "mest spridda", the filter "har spridits" and the award facet follow
//! at once without touching the index.

pub mod adoptions;
pub mod awards;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use jiff::civil::Date;

pub use adoptions::{
    ADOPTION_DIR, Adoptions, LoadedReports, REPORT_FIELDS, ReportError, ReportFields, StoredReport,
    check_fields, report_link,
};
pub use awards::{AWARD_DIR, AwardDraft, AwardError, Awards, GivenDraft, LoadedAwards};

use crate::corpus::Problem;
use crate::model::{Adoption, Award, AwardBadge, ExampleId, Stage, Status};
use crate::search::{MAX_AWARDS, SearchService, SpreadTable};

/// What is known now: every report, and the awards.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every report, by example, in the order made.
    pub reports: Vec<StoredReport>,
    /// Every award, by name.
    pub awards: Vec<Award>,
    /// Files that could not be read or break a rule (shown to organisers).
    pub problems: Vec<Problem>,
}

impl Snapshot {
    /// The approved reports of `example`, oldest first.
    pub fn adoptions_of(&self, example: &ExampleId) -> Vec<Adoption> {
        self.reports
            .iter()
            .filter(|r| r.adoption.example == *example && r.adoption.status == Status::Published)
            .map(|r| r.adoption.clone())
            .collect()
    }

    /// The reports waiting for review, oldest first.
    pub fn waiting(&self) -> Vec<&StoredReport> {
        let mut waiting: Vec<&StoredReport> = self
            .reports
            .iter()
            .filter(|r| r.adoption.status == Status::Submitted)
            .collect();
        waiting.sort_by_key(|r| (r.adoption.created, r.adoption.key()));
        waiting
    }

    /// The reports organisers decided on (approved or rejected), the latest decision first.
    pub fn decided(&self, limit: usize) -> Vec<&StoredReport> {
        let mut decided: Vec<&StoredReport> = self
            .reports
            .iter()
            .filter(|r| r.adoption.status != Status::Submitted)
            .collect();
        decided.sort_by(|a, b| {
            let at = |r: &StoredReport| r.history.last().map(|c| c.at.clone()).unwrap_or_default();
            at(b).cmp(&at(a))
        });
        decided.truncate(limit);
        decided
    }

    /// The approved reports, newest first (the feed).
    pub fn newest_adoptions(&self, limit: usize) -> Vec<Adoption> {
        let mut all: Vec<&StoredReport> = self
            .reports
            .iter()
            .filter(|r| r.adoption.status == Status::Published)
            .collect();
        all.sort_by(|a, b| {
            (b.adoption.updated, b.adoption.key()).cmp(&(a.adoption.updated, a.adoption.key()))
        });
        all.into_iter()
            .take(limit)
            .map(|r| r.adoption.clone())
            .collect()
    }

    /// The award with this slug.
    pub fn award(&self, slug: &str) -> Option<&Award> {
        self.awards.iter().find(|a| a.slug.as_str() == slug)
    }

    /// The badges of every example with an award, best result first, then newest.
    pub fn badges(&self) -> HashMap<ExampleId, Vec<AwardBadge>> {
        let mut out: HashMap<ExampleId, Vec<AwardBadge>> = HashMap::new();
        for award in &self.awards {
            for given in &award.given {
                for id in &given.examples {
                    out.entry(id.clone()).or_default().push(AwardBadge {
                        award: award.slug.to_string(),
                        name: award.name.clone(),
                        year: given.year,
                        category: given.category.clone(),
                        result: given.result,
                    });
                }
            }
        }
        for badges in out.values_mut() {
            badges.sort_by_key(|b| (b.result, -b.year));
        }
        out
    }

    /// Whether units in at least two organisations other than the example's own report
    /// having adopted it: the hint "spritt till fler enheter" to organisers.
    pub fn spread_beyond(&self, example: &ExampleId, own_organisation: &str) -> bool {
        let organisations: HashSet<&str> = self
            .reports
            .iter()
            .filter(|r| {
                r.adoption.example == *example
                    && r.adoption.status == Status::Published
                    && r.adoption.stage == Stage::Infort
                    && r.adoption.organisation != own_organisation
            })
            .map(|r| r.adoption.organisation.as_str())
            .collect();
        organisations.len() >= 2
    }

    /// The units that have an example in use: approved reports of stage "infört", each unit
    /// (by name and organisation, in any case) once.
    pub fn adopters(&self) -> HashMap<ExampleId, u32> {
        let mut units: HashSet<(&ExampleId, String, &str)> = HashSet::new();
        for r in &self.reports {
            let a = &r.adoption;
            if a.status == Status::Published && a.stage == Stage::Infort {
                units.insert((&a.example, a.unit.to_lowercase(), a.organisation.as_str()));
            }
        }
        let mut counts: HashMap<ExampleId, u32> = HashMap::new();
        for (example, _, _) in units {
            *counts.entry(example.clone()).or_default() += 1;
        }
        counts
    }

    fn table(&self) -> SpreadTable {
        let adoptions = self.adopters();
        SpreadTable {
            adoptions,
            badges: self.badges(),
            awards: self
                .awards
                .iter()
                .take(MAX_AWARDS)
                .map(|a| (a.slug.to_string(), a.name.clone()))
                .collect(),
        }
    }
}

/// Whether `corpus` has an example file for `id` (any status): what an award may name. One
/// look-up per named example, never a listing of the corpus.
pub fn example_exists(corpus: &Path, id: &ExampleId) -> bool {
    corpus.join(format!("{id}.md")).is_file()
}

/// Reads every report and award of `corpus`: what `goda check` checks and the service loads.
pub fn load(corpus: &Path, today: Date) -> Snapshot {
    let LoadedReports {
        reports,
        mut problems,
    } = Adoptions::new(corpus).load();
    let LoadedAwards {
        mut awards,
        problems: award_problems,
    } = Awards::new(corpus).load(&|id| example_exists(corpus, id), today);
    problems.extend(award_problems);
    awards.sort_by(|a, b| a.name.cmp(&b.name));
    Snapshot {
        reports,
        awards,
        problems,
    }
}

/// The adoptions and awards of one corpus, kept current in memory and in the search.
pub struct Spread {
    corpus: PathBuf,
    adoptions: Adoptions,
    awards: Awards,
    snapshot: RwLock<Arc<Snapshot>>,
    /// Held while the files are read and swapped in, so that a slower, older read never
    /// replaces a newer one.
    reloading: Mutex<()>,
}

impl Spread {
    /// Loads the corpus's reports and awards and gives the search their table.
    pub fn open(corpus: impl Into<PathBuf>, search: &SearchService, today: Date) -> Self {
        let corpus = corpus.into();
        let spread = Self {
            adoptions: Adoptions::new(&corpus),
            awards: Awards::new(&corpus),
            snapshot: RwLock::default(),
            reloading: Mutex::new(()),
            corpus,
        };
        spread.reload(search, today);
        spread
    }

    /// Reads everything again and swaps it in; the search follows.
    pub fn reload(&self, search: &SearchService, today: Date) {
        let _reloading = self
            .reloading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let snapshot = load(&self.corpus, today);
        for p in &snapshot.problems {
            tracing::warn!("{p}");
        }
        search.set_spread(snapshot.table());
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(snapshot);
    }

    /// What is known now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The report store.
    pub fn adoptions(&self) -> &Adoptions {
        &self.adoptions
    }

    /// The award store.
    pub fn awards(&self) -> &Awards {
        &self.awards
    }
}
