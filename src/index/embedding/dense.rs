//! The vectors of the published examples in memory, searched exhaustively.
//!
//! Exhaustive search reads every vector once per query (384 bytes each, stored one after the
//! other so that the scan streams through memory); measured against an approximate (HNSW)
//! index it is fast enough at the sizes a city has, exact, and free of a graph to build and
//! keep in step with live changes (see ARCHITECTURE.md for the figures).

use std::collections::HashMap;
use std::sync::Arc;

use super::model::DIM;
use super::vector::Quantized;
use crate::model::{Example, ExampleId, Vocabulary};

/// From this many vectors on, a query scans them on two threads.
const PARALLEL_FROM: usize = 50_000;

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
    /// When the example was last confirmed current, as days since 1970-01-01.
    pub reviewed: i64,
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
            reviewed: crate::model::epoch_days(example.reviewed),
        }
    }
}

struct Slot {
    id: ExampleId,
    meta: Meta,
}

/// The published examples' vectors.
#[derive(Default)]
pub struct DenseIndex {
    slots: Vec<Slot>,
    /// Slot i's components are `values[i * DIM..(i + 1) * DIM]`.
    values: Vec<i8>,
    /// Slot i's scale.
    scales: Vec<f32>,
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
                self.values[i * DIM..(i + 1) * DIM].copy_from_slice(&vector.values[..]);
                self.scales[i] = vector.scale;
            }
            None => {
                self.by_id.insert(id.clone(), self.slots.len());
                self.slots.push(Slot { id, meta });
                self.values.extend_from_slice(&vector.values[..]);
                self.scales.push(vector.scale);
            }
        }
    }

    /// Removes an example's vector (nothing happens if it has none).
    pub fn remove(&mut self, id: &ExampleId) {
        let Some(i) = self.by_id.remove(id) else {
            return;
        };
        let last = self.slots.len() - 1;
        self.slots.swap_remove(i);
        self.scales.swap_remove(i);
        if i != last {
            self.values
                .copy_within(last * DIM..(last + 1) * DIM, i * DIM);
        }
        self.values.truncate(last * DIM);
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
        self.by_id.get(id).map(|&i| {
            let mut values = Box::new([0i8; DIM]);
            values.copy_from_slice(&self.values[i * DIM..(i + 1) * DIM]);
            Arc::new(Quantized {
                values,
                scale: self.scales[i],
            })
        })
    }

    /// The `limit` examples most similar to `query` among those `keep` accepts, with a
    /// similarity of at least `floor`, most similar first (ties by id).
    pub fn nearest(
        &self,
        query: &Quantized,
        limit: usize,
        floor: f32,
        keep: &(dyn Fn(&ExampleId, &Meta) -> bool + Sync),
    ) -> Vec<DenseHit> {
        let scan = |from: usize, to: usize| -> Vec<(f32, usize)> {
            (from..to)
                .filter_map(|i| {
                    let values: &[i8; DIM] = self.values[i * DIM..(i + 1) * DIM]
                        .try_into()
                        .expect("slices of DIM");
                    let similarity = query.similarity_to(values, self.scales[i]);
                    (similarity >= floor && keep(&self.slots[i].id, &self.slots[i].meta))
                        .then_some((similarity, i))
                })
                .collect()
        };
        let n = self.slots.len();
        // A large index is scanned in two halves at once: the second core halves the wait.
        let mut scored = if n >= PARALLEL_FROM {
            let half = n / 2;
            std::thread::scope(|s| {
                let second = s.spawn(|| scan(half, n));
                let mut first = scan(0, half);
                first.extend(second.join().expect("a scan does not panic"));
                first
            })
        } else {
            scan(0, n)
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(x: f32) -> Arc<Quantized> {
        let mut v = [0.0f32; DIM];
        v[0] = x;
        v[1] = (1.0 - x * x).sqrt();
        Arc::new(Quantized::new(&v))
    }

    fn meta() -> Meta {
        Meta {
            area: 0,
            focus: 1,
            maturity: 0,
            year: 2024,
            organisation: Arc::from("X"),
            reviewed: 0,
        }
    }

    fn id(s: &str) -> ExampleId {
        ExampleId::parse(s).unwrap()
    }

    #[test]
    fn the_nearest_come_first_and_removal_keeps_the_others_intact() {
        let mut dense = DenseIndex::default();
        for (name, x) in [("a", 1.0), ("b", 0.8), ("c", 0.0), ("d", 0.6)] {
            dense.upsert(id(name), meta(), vector(x));
        }
        let query = vector(1.0);
        let order = |d: &DenseIndex| -> Vec<String> {
            d.nearest(&query, 10, -1.0, &|_, _| true)
                .into_iter()
                .map(|h| h.id.to_string())
                .collect()
        };
        assert_eq!(order(&dense), ["a", "b", "d", "c"]);
        dense.remove(&id("a"));
        assert_eq!(order(&dense), ["b", "d", "c"]);
        assert_eq!(dense.vector(&id("d")), Some(vector(0.6)));
        dense.upsert(id("c"), meta(), vector(0.9));
        assert_eq!(order(&dense), ["c", "b", "d"]);
        let kept = dense.nearest(&query, 10, 0.85, &|i, _| i.as_str() != "b");
        assert_eq!(kept.len(), 1);
    }
}
