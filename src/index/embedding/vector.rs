//! Sentence vectors as the index keeps them: 8-bit integers with one scale each, a quarter of
//! the memory of floats, and a dot product the compiler turns into wide integer
//! multiply-adds.

use super::model::{DIM, Vector};

/// A quantised unit vector: `values[i] as f32 * scale` approximates the original.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantized {
    /// The components, scaled so that the largest is ±127.
    pub values: Box<[i8; DIM]>,
    /// What one step of `values` is worth.
    pub scale: f32,
}

impl Quantized {
    /// Quantises a vector.
    pub fn new(v: &Vector) -> Quantized {
        let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut values = Box::new([0i8; DIM]);
        for (q, x) in values.iter_mut().zip(v) {
            *q = (x / scale).round().clamp(-127.0, 127.0) as i8;
        }
        Quantized { values, scale }
    }

    /// The cosine similarity of two quantised unit vectors (approximately).
    pub fn similarity(&self, other: &Quantized) -> f32 {
        self.similarity_to(&other.values, other.scale)
    }

    /// [`Quantized::similarity`] to a vector given by its components and scale (as the
    /// dense index keeps them).
    pub fn similarity_to(&self, values: &[i8; DIM], scale: f32) -> f32 {
        dot(&self.values, values) as f32 * self.scale * scale
    }

    /// The vector as bytes: the scale (little-endian f32), then the components.
    pub fn to_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend(self.values.iter().map(|v| *v as u8));
    }

    /// Reads what [`Quantized::to_bytes`] wrote; `None` when `bytes` is too short.
    pub fn from_bytes(bytes: &[u8]) -> Option<Quantized> {
        let scale = f32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
        let raw = bytes.get(4..4 + DIM)?;
        let mut values = Box::new([0i8; DIM]);
        for (v, b) in values.iter_mut().zip(raw) {
            *v = *b as i8;
        }
        Some(Quantized { values, scale })
    }

    /// Bytes of [`Quantized::to_bytes`].
    pub const BYTES: usize = 4 + DIM;
}

/// The integer dot product, written so that it vectorises (16-bit products summed in 32 bits).
pub fn dot(a: &[i8; DIM], b: &[i8; DIM]) -> i32 {
    let mut sums = [0i32; 16];
    for (ca, cb) in a.chunks_exact(16).zip(b.chunks_exact(16)) {
        for i in 0..16 {
            sums[i] += i32::from(i16::from(ca[i]) * i16::from(cb[i]));
        }
    }
    sums.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32) -> Vector {
        let mut v = [0.0f32; DIM];
        let mut x = seed.wrapping_mul(2_654_435_761);
        for c in v.iter_mut() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *c = (x % 1000) as f32 / 1000.0 - 0.5;
        }
        let norm = v.iter().map(|c| c * c).sum::<f32>().sqrt();
        v.map(|c| c / norm)
    }

    #[test]
    fn quantised_similarity_is_close_to_the_exact_one() {
        let (a, b) = (unit(1), unit(2));
        let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        let q = Quantized::new(&a).similarity(&Quantized::new(&b));
        assert!((exact - q).abs() < 0.01, "{exact} vs {q}");
        let own = Quantized::new(&a).similarity(&Quantized::new(&a));
        assert!((own - 1.0).abs() < 0.01, "{own}");
    }

    #[test]
    fn a_vector_survives_its_bytes() {
        let q = Quantized::new(&unit(7));
        let mut bytes = Vec::new();
        q.to_bytes(&mut bytes);
        assert_eq!(bytes.len(), Quantized::BYTES);
        assert_eq!(Quantized::from_bytes(&bytes), Some(q));
        assert_eq!(Quantized::from_bytes(&bytes[..10]), None);
    }
}
