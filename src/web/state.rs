use std::sync::Arc;

use crate::corpus::Problem;
use crate::search::SearchService;
use crate::submission::Submissions;

/// What every handler can reach: the search service, the submission workflow and what the
/// last sync found.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    search: SearchService,
    problems: Vec<Problem>,
    submissions: Submissions,
}

impl AppState {
    /// State over an open search service and the submission workflow of the same corpus;
    /// `problems` are the invalid corpus files.
    pub fn new(search: SearchService, problems: Vec<Problem>, submissions: Submissions) -> Self {
        Self {
            inner: Arc::new(Inner {
                search,
                problems,
                submissions,
            }),
        }
    }

    /// The search service.
    pub fn search(&self) -> &SearchService {
        &self.inner.search
    }

    /// The submission workflow.
    pub fn submissions(&self) -> &Submissions {
        &self.inner.submissions
    }

    /// The invalid corpus files found at start-up.
    pub fn problems(&self) -> &[Problem] {
        &self.inner.problems
    }
}
