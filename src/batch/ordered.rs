//! Parallel map with in-order delivery: how [`super::process_in_order_with`] keeps both
//! cores busy while the writer still sees documents in `doc_id` order.
//!
//! Workers claim the next item from a shared counter (no per-window barrier: a large
//! document on one thread never leaves the other idle at a window's end), but never more
//! than `window` items ahead of what the sink has taken, so memory stays bounded by the
//! window. Results are re-ordered on the calling thread and handed to the sink there, so
//! the sink needs neither `Send` nor `Sync`.
//!
//! Workers are plain scoped threads, not rayon jobs: the caller may itself be a rayon
//! worker (`zhextract bench` runs inside its own pool), and a rayon worker blocked on the
//! result channel would otherwise sit on one of the pool's threads.

use std::collections::BTreeMap;
use std::sync::{mpsc, Condvar, Mutex, MutexGuard, PoisonError};

/// Maps `work` over `items` on `threads` threads and hands the results to `sink` in input
/// order, on the calling thread. `on_claim` runs for each item, in input order, when a
/// worker claims it (the incremental run reads ahead there). At most `window` items are
/// claimed but not yet delivered.
///
/// # Errors
/// The first error of `sink`; no item is claimed after it, and no result is sunk after it.
pub(crate) fn map_in_order<I: Sync, R: Send, E>(
    items: &[I],
    threads: usize,
    window: usize,
    on_claim: &(dyn Fn(&I) + Sync),
    work: &(dyn Fn(&I) -> R + Sync),
    sink: &mut dyn FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let gate = Gate::new(items.len(), window.max(1));
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<(usize, R)>();
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            let sender = sender.clone();
            let gate = &gate;
            scope.spawn(move || {
                let _stop = StopOnPanic(gate);
                while let Some(index) = gate.claim(|index| on_claim(&items[index])) {
                    if sender.send((index, work(&items[index]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let _stop = StopOnPanic(&gate);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut outcome = Ok(());
        for (index, result) in receiver {
            pending.insert(index, result);
            while let Some(result) = pending.remove(&next) {
                next += 1;
                if outcome.is_ok() {
                    outcome = sink(result);
                }
                if outcome.is_err() {
                    gate.stop();
                } else {
                    gate.delivered(next);
                }
            }
        }
        outcome
    })
}

/// The claim counter shared by the workers, held back by the delivery count.
struct Gate {
    len: usize,
    window: usize,
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    /// The next item to claim.
    next: usize,
    /// Items handed to the sink so far.
    delivered: usize,
    /// No more claims (the sink failed or a thread panicked).
    stopped: bool,
}

impl Gate {
    fn new(len: usize, window: usize) -> Self {
        Self {
            len,
            window,
            state: Mutex::new(GateState::default()),
            moved: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next item's index, waiting while the window is full; `None` when all are
    /// claimed or the run stopped. `on_claim` runs under the lock, so claims are seen in
    /// order.
    fn claim(&self, on_claim: impl FnOnce(usize)) -> Option<usize> {
        let mut state = self.lock();
        loop {
            if state.stopped || state.next >= self.len {
                return None;
            }
            if state.next < state.delivered + self.window {
                let index = state.next;
                state.next += 1;
                on_claim(index);
                return Some(index);
            }
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn delivered(&self, count: usize) {
        self.lock().delivered = count;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.moved.notify_all();
    }
}

/// Stops the gate when its thread unwinds, so no worker waits forever for a delivery that
/// will not come (the panic itself is re-raised by the thread scope).
struct StopOnPanic<'a>(&'a Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn results_arrive_in_input_order_whatever_the_work_time() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        let work = |item: &u64| {
            // Uneven work: later items often finish first.
            std::thread::sleep(std::time::Duration::from_micros((item * 37) % 300));
            item * 2
        };
        map_in_order(&items, 3, 8, &|_| {}, &work, &mut |value| {
            seen.push(value);
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(seen, (0..200).map(|item| item * 2).collect::<Vec<_>>());
    }

    #[test]
    fn never_more_than_the_window_ahead_of_the_sink() {
        let items: Vec<usize> = (0..100).collect();
        let claimed = AtomicUsize::new(0);
        let mut delivered = 0;
        map_in_order(
            &items,
            4,
            5,
            &|_| {
                claimed.fetch_add(1, Ordering::SeqCst);
            },
            &|item| *item,
            &mut |_| {
                delivered += 1;
                // The gate counts this item as delivered only after the sink returns.
                assert!(claimed.load(Ordering::SeqCst) < delivered + 5);
                Ok::<_, ()>(())
            },
        )
        .unwrap();
        assert_eq!(delivered, 100);
    }

    #[test]
    fn claims_are_seen_in_input_order() {
        let items: Vec<usize> = (0..300).collect();
        let order = Mutex::new(Vec::new());
        map_in_order(
            &items,
            4,
            16,
            &|item| order.lock().unwrap().push(*item),
            &|item| *item,
            &mut |_| Ok::<_, ()>(()),
        )
        .unwrap();
        assert_eq!(order.into_inner().unwrap(), items);
    }

    #[test]
    fn a_sink_error_stops_claims_and_is_returned() {
        let items: Vec<usize> = (0..1000).collect();
        let claimed = AtomicUsize::new(0);
        let mut sunk = Vec::new();
        let outcome = map_in_order(
            &items,
            2,
            4,
            &|_| {
                claimed.fetch_add(1, Ordering::SeqCst);
            },
            &|item| *item,
            &mut |item| {
                if item == 10 {
                    return Err("full");
                }
                sunk.push(item);
                Ok(())
            },
        );
        assert_eq!(outcome, Err("full"));
        assert_eq!(sunk, (0..10).collect::<Vec<_>>());
        assert!(
            claimed.load(Ordering::SeqCst) < 20,
            "claims went on after the error"
        );
    }

    #[test]
    fn a_panicking_worker_does_not_hang_the_others() {
        let items: Vec<usize> = (0..50).collect();
        let outcome = std::panic::catch_unwind(|| {
            map_in_order(
                &items,
                2,
                2,
                &|_| {},
                &|item| assert!(*item != 7, "boom"),
                &mut |()| Ok::<_, ()>(()),
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn no_items_and_one_thread_work() {
        let mut count = 0;
        map_in_order(&[] as &[u8], 2, 4, &|_| {}, &|_| (), &mut |()| {
            count += 1;
            Ok::<_, ()>(())
        })
        .unwrap();
        map_in_order(&[1, 2, 3], 1, 1, &|_| {}, &|_| (), &mut |()| {
            count += 1;
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(count, 3);
    }
}
