use std::sync::Arc;

use crate::corpus::Problem;
use crate::search::SearchService;

/// What every handler can reach: the search service and what the last sync found.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    search: SearchService,
    problems: Vec<Problem>,
}

impl AppState {
    /// State over an open search service; `problems` are the invalid corpus files.
    pub fn new(search: SearchService, problems: Vec<Problem>) -> Self {
        Self {
            inner: Arc::new(Inner { search, problems }),
        }
    }

    /// The search service.
    pub fn search(&self) -> &SearchService {
        &self.inner.search
    }

    /// The invalid corpus files found at start-up.
    pub fn problems(&self) -> &[Problem] {
        &self.inner.problems
    }
}
