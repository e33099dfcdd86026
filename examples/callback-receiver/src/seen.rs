//! The bounded set of recently accepted deliveries, to recognise a repeat.

use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasher, RandomState};

/// Fingerprints of the last `capacity` accepted bodies, the oldest forgotten first.
///
/// A fingerprint is a 64-bit SipHash of the body under a key drawn at start: two different
/// bodies share one with a chance of about one in 2^64 per pair, and a sender cannot make them
/// collide without the key. A repeat is recognised when it is a byte-for-byte copy, as a retry
/// of the same notification is expected to be (same fields, same `t` and `sign`); one that
/// differs in any byte (re-signed with a new `t`, re-serialized) is taken for a new event, which
/// is why the handler should be idempotent as well.
#[derive(Debug)]
pub(crate) struct Seen {
    hasher: RandomState,
    set: HashSet<u64>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl Seen {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            hasher: RandomState::new(),
            set: HashSet::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    pub(crate) fn fingerprint(&self, body: &[u8]) -> u64 {
        self.hasher.hash_one(body)
    }

    pub(crate) fn contains(&self, fingerprint: u64) -> bool {
        self.set.contains(&fingerprint)
    }

    pub(crate) fn insert(&mut self, fingerprint: u64) {
        if self.capacity == 0 || !self.set.insert(fingerprint) {
            return;
        }
        self.order.push_back(fingerprint);
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.set.remove(&oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_the_oldest_first() {
        let mut seen = Seen::new(2);
        let [a, b, c] = [b"a".as_slice(), b"b", b"c"].map(|body| seen.fingerprint(body));
        assert_ne!(a, b);
        seen.insert(a);
        seen.insert(b);
        seen.insert(a);
        assert!(seen.contains(a) && seen.contains(b));
        seen.insert(c);
        assert!(!seen.contains(a), "the oldest is forgotten");
        assert!(seen.contains(b) && seen.contains(c));
        assert_eq!(seen.order.len(), 2);
    }

    #[test]
    fn capacity_zero_remembers_nothing() {
        let mut seen = Seen::new(0);
        let a = seen.fingerprint(b"a");
        seen.insert(a);
        assert!(!seen.contains(a));
    }
}
