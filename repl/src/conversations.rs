//! The conversations of one `ess ask --json -` session, in bounded memory.
//!
//! Policy: at most [`CAPACITY`] conversations are kept; a new id beyond that forgets the least
//! recently used one. A conversation with no line for [`IDLE`] (one hour, on the monotonic
//! clock) is forgotten too. A forgotten conversation is not an error: its next line simply
//! starts a fresh one, as a new id would. Expiry happens when a line arrives, from the least
//! recently used end, so each line costs O(1) amortised; an idle process keeps at most
//! `CAPACITY` conversations until its next line.
//!
//! The clock is a parameter (`now`), so tests drive time without waiting.

use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use ess_engine::Conversation;
use lru::LruCache;

/// How many conversations are kept. A conversation costs about 1.5 to 2 KB, the engine about
/// 40 MB: 5 000 conversations add about 10 MB and keep a session under the 60 MB of issue 12,
/// while far more users than one process serves at once within an hour keep their context.
pub const CAPACITY: NonZeroUsize = match NonZeroUsize::new(5_000) {
    Some(n) => n,
    None => NonZeroUsize::MIN,
};

/// How long a conversation is kept without a line: longer than a person's pause in one
/// session, short enough that a long-lived process does not keep yesterday's visitors.
pub const IDLE: Duration = Duration::from_secs(60 * 60);

struct Entry<V> {
    value: V,
    last_used: Instant,
}

/// Conversations by id, least recently used first out. `V` is a parameter for the tests.
pub struct Conversations<V = Conversation> {
    cache: LruCache<String, Entry<V>>,
    idle: Duration,
}

impl Conversations {
    /// The policy of the JSON-lines session: [`CAPACITY`] and [`IDLE`].
    pub fn session() -> Self {
        Conversations::new(CAPACITY, IDLE)
    }
}

impl<V: Default> Conversations<V> {
    pub fn new(capacity: NonZeroUsize, idle: Duration) -> Self {
        Conversations {
            // Sparse: the table grows with the ids seen, a short session stays small.
            cache: LruCache::sparse(capacity),
            idle,
        }
    }

    /// The conversation `id` at `now`, which becomes the most recently used: the one kept,
    /// or a fresh one when the id is new, was evicted or was idle for too long.
    pub fn get(&mut self, id: &str, now: Instant) -> &mut V {
        self.expire(now);
        let idle = self.idle;
        let entry = self.cache.get_or_insert_mut_ref(id, || Entry {
            value: V::default(),
            last_used: now,
        });
        // Only when `now` goes backwards (a test clock) can an idle entry survive `expire`.
        if now.saturating_duration_since(entry.last_used) >= idle {
            entry.value = V::default();
        }
        entry.last_used = now;
        &mut entry.value
    }

    /// Forgets the conversations idle for too long; they are all at the least recent end.
    fn expire(&mut self, now: Instant) {
        while let Some((_, entry)) = self.cache.peek_lru() {
            if now.saturating_duration_since(entry.last_used) < self.idle {
                break;
            }
            self.cache.pop_lru();
        }
    }

    /// How many conversations are kept.
    pub fn len(&self) -> usize {
        self.cache.len()
    }

    /// Whether none is kept.
    #[allow(dead_code)] // The pair of `len`.
    pub fn is_empty(&self) -> bool {
        self.cache.is_empty()
    }

    /// Whether `id` is kept, without using it.
    #[cfg(test)]
    fn contains(&self, id: &str) -> bool {
        self.cache.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn store(capacity: usize) -> Conversations<u32> {
        Conversations::new(NonZeroUsize::new(capacity).unwrap(), 60 * MINUTE)
    }

    /// Uses `id` at `now` and returns how many times it was used in a row, this one included.
    fn turn(store: &mut Conversations<u32>, id: &str, now: Instant) -> u32 {
        let count = store.get(id, now);
        *count += 1;
        *count
    }

    #[test]
    fn capacity_is_respected() {
        let mut s = store(3);
        let t = Instant::now();
        for i in 0..100 {
            turn(&mut s, &i.to_string(), t);
            assert!(s.len() <= 3);
        }
        assert_eq!(s.len(), 3);
        assert!(s.contains("97") && s.contains("98") && s.contains("99"));
    }

    #[test]
    fn the_least_recently_used_goes_first() {
        let mut s = store(2);
        let t = Instant::now();
        turn(&mut s, "a", t);
        turn(&mut s, "b", t);
        turn(&mut s, "c", t);
        assert!(!s.contains("a") && s.contains("b") && s.contains("c"));
        turn(&mut s, "d", t);
        assert!(!s.contains("b") && s.contains("c") && s.contains("d"));
        // An evicted conversation starts fresh.
        assert_eq!(turn(&mut s, "a", t), 1);
    }

    #[test]
    fn a_line_makes_its_conversation_the_most_recent() {
        let mut s = store(2);
        let t = Instant::now();
        turn(&mut s, "a", t);
        turn(&mut s, "b", t);
        assert_eq!(turn(&mut s, "a", t), 2);
        turn(&mut s, "c", t);
        assert!(s.contains("a") && !s.contains("b"));
        assert_eq!(turn(&mut s, "a", t), 3);
    }

    #[test]
    fn an_idle_conversation_expires_and_starts_fresh() {
        let mut s = store(10);
        let t0 = Instant::now();
        turn(&mut s, "a", t0);
        turn(&mut s, "b", t0 + 59 * MINUTE);
        // One hour after its last line, « a » is gone; « b » is kept.
        turn(&mut s, "c", t0 + 60 * MINUTE);
        assert!(!s.contains("a") && s.contains("b"));
        assert_eq!(turn(&mut s, "b", t0 + 61 * MINUTE), 2);
        assert_eq!(turn(&mut s, "a", t0 + 61 * MINUTE), 1);
    }

    #[test]
    fn idle_time_counts_from_the_last_line() {
        let mut s = store(10);
        let t0 = Instant::now();
        for minutes in [0, 50, 100, 150] {
            turn(&mut s, "a", t0 + minutes * MINUTE);
        }
        assert_eq!(turn(&mut s, "a", t0 + 209 * MINUTE), 5);
        assert_eq!(turn(&mut s, "a", t0 + 269 * MINUTE), 1);
    }

    #[test]
    fn a_clock_going_backwards_neither_panics_nor_keeps_an_idle_conversation() {
        let mut s = store(10);
        let t0 = Instant::now();
        turn(&mut s, "b", t0 + 120 * MINUTE);
        // « a » is more recent than « b » but earlier on this clock: expiry from the least
        // recent end stops at « b », and « a » must still be seen as idle.
        turn(&mut s, "a", t0);
        assert_eq!(turn(&mut s, "a", t0 + 61 * MINUTE), 1);
        assert_eq!(turn(&mut s, "b", t0 + 121 * MINUTE), 2);
    }
}
