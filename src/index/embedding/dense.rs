//! The vectors of the published examples in memory, searched exhaustively.
//!
//! Exhaustive search reads every vector once per query (384 bytes each); measured against an
//! approximate (HNSW) index it is fast enough at the sizes a city has, exact, and free of a
//! graph to build and keep in step with live changes (see ARCHITECTURE.md for the figures).

use std::collections::HashMap;
use std::sync::Arc;

use super::vector::Quantized;
use crate::model::{Example, ExampleId, Vocabulary};

/// What filters read of an example without touching the text index.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The area's ordinal.
    pub area: usize,
    /// The focus areas as a bit mask of ordinals.
    pub focus: u64,
    /// The maturity's ordinal.
    pub maturity: usize,
    /// The year.
    pub year: i16,
    /// The organisation as written.
    pub organisation: Arc<str>,
}

impl Meta {
    /// The filter values of `example`.
    pub fn of(example: &Example) -> Meta {
        Meta {
            area: example.area.ordinal(),
            focus: example
                .focus_areas
                .iter()
                .fold(0, |m, f| m | (1u64 << f.ordinal())),
            maturity: example.maturity.ordinal(),
            year: example.year,
            organisation: Arc::from(example.organisation.as_str()),
        }
    }
}

struct Slot {
    id: ExampleId,
    meta: Meta,
    vector: Arc<Quantized>,
}

/// The published examples' vectors.
#[derive(Default)]
pub struct DenseIndex {
    slots: Vec<Slot>,
    by_id: HashMap<ExampleId, usize>,
}

/// One example found by meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseHit {
    /// The example.
    pub id: ExampleId,
    /// Its cosine similarity to the query.
    pub similarity: f32,
}

impl DenseIndex {
    /// Sets the vector of an example.
    pub fn upsert(&mut self, id: ExampleId, meta: Meta, vector: Arc<Quantized>) {
        match self.by_id.get(&id) {
            Some(&i) => {
                self.slots[i].meta = meta;
                self.slots[i].vector = vector;
            }
            None => {
                self.by_id.insert(id.clone(), self.slots.len());
                self.slots.push(Slot { id, meta, vector });
            }
        }
    }

    /// Removes an example's vector (nothing happens if it has none).
    pub fn remove(&mut self, id: &ExampleId) {
        let Some(i) = self.by_id.remove(id) else {
            return;
        };
        self.slots.swap_remove(i);
        if let Some(moved) = self.slots.get(i) {
            self.by_id.insert(moved.id.clone(), i);
        }
    }

    /// The number of examples with a vector.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether no example has a vector.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether the example has a vector.
    pub fn contains(&self, id: &ExampleId) -> bool {
        self.by_id.contains_key(id)
    }

    /// The vector of an example.
    pub fn vector(&self, id: &ExampleId) -> Option<Arc<Quantized>> {
        self.by_id.get(id).map(|i| self.slots[*i].vector.clone())
    }

    /// The `limit` examples most similar to `query` among those `keep` accepts, with a
    /// similarity of at least `floor`, most similar first (ties by id).
    pub fn nearest(
        &self,
        query: &Quantized,
        limit: usize,
        floor: f32,
        keep: &dyn Fn(&ExampleId, &Meta) -> bool,
    ) -> Vec<DenseHit> {
        let mut scored: Vec<(f32, usize)> = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let similarity = query.similarity(&s.vector);
                (similarity >= floor && keep(&s.id, &s.meta)).then_some((similarity, i))
            })
            .collect();
        let order = |a: &(f32, usize), b: &(f32, usize)| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.slots[a.1].id.cmp(&self.slots[b.1].id))
        };
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(similarity, i)| DenseHit {
                id: self.slots[i].id.clone(),
                similarity,
            })
            .collect()
    }
}
