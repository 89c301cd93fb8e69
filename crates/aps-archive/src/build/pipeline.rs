//! Prepare entries on every core and hand them to the writer in archive order,
//! as a stream: a worker takes the next item as soon as it is free, so no core
//! waits for the slowest file of a batch. Memory is bounded by a budget of
//! input bytes held between preparing an item and writing it.

use super::entries::{prepare, Item, Prepared};
use super::BuildError;
use std::path::Path;
use std::sync::{Condvar, Mutex, MutexGuard};

/// Input bytes that may be held, prepared or being prepared, before the writer
/// has taken them. An item larger than the budget still runs, alone.
const IN_FLIGHT_MAX: u64 = 16 * 1024 * 1024;

struct State {
    /// The next item a worker may take: items are taken, and their budget
    /// claimed, strictly in archive order, so the item the writer waits for
    /// has always been claimed and cannot be starved by later ones.
    next: usize,
    in_flight: u64,
    done: Vec<Option<Result<Prepared, BuildError>>>,
    stop: bool,
}

struct Queue {
    state: Mutex<State>,
    changed: Condvar,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker that panicked holds nothing the others need to distrust:
        // its item is reported as failed by its claim.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed.wait(guard).unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn finish(&self, index: usize, result: Result<Prepared, BuildError>) {
        let mut state = self.lock();
        state.done[index] = Some(result);
        self.changed.notify_all();
    }
}

/// An item a worker has taken; if the worker unwinds before finishing it,
/// the writer is told instead of waiting for it forever.
struct Claim<'q> {
    queue: &'q Queue,
    index: usize,
    finished: bool,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let failure = BuildError::Failed(format!("internal error while preparing entry {}", self.index));
            self.queue.finish(self.index, Err(failure));
        }
    }
}

/// Prepare every item on `workers` threads and pass each to `write`, in order,
/// on this thread. Stops at the first error (of preparing or of `write`).
pub(super) fn prepare_in_order(
    items: &[Item<'_>],
    temp_dir: &Path,
    workers: usize,
    mut write: impl FnMut(Prepared) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    // Weighed once: an item's cost may depend on the thread pool asked (streamed files),
    // and what is claimed must be what is given back.
    let costs: Vec<u64> = items.iter().map(Item::cost).collect();
    let queue = Queue {
        state: Mutex::new(State {
            next: 0,
            in_flight: 0,
            done: (0..items.len()).map(|_| None).collect(),
            stop: false,
        }),
        changed: Condvar::new(),
    };
    let worker = || loop {
        let index = {
            let mut state = queue.lock();
            loop {
                if state.stop || state.next >= items.len() {
                    return;
                }
                let cost = costs[state.next];
                if state.in_flight == 0 || state.in_flight + cost <= IN_FLIGHT_MAX {
                    break;
                }
                state = queue.wait(state);
            }
            let index = state.next;
            state.next += 1;
            state.in_flight += costs[index];
            index
        };
        let mut claim = Claim { queue: &queue, index, finished: false };
        let prepared = prepare(&items[index], temp_dir);
        claim.finished = true;
        queue.finish(index, prepared);
    };
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(worker);
        }
        let mut written = Ok(());
        for (index, cost) in costs.iter().enumerate() {
            let prepared = {
                let mut state = queue.lock();
                loop {
                    if let Some(prepared) = state.done[index].take() {
                        break prepared;
                    }
                    state = queue.wait(state);
                }
            };
            written = prepared.and_then(&mut write);
            let mut state = queue.lock();
            state.in_flight -= cost;
            state.stop |= written.is_err();
            queue.changed.notify_all();
            drop(state);
            if written.is_err() {
                break;
            }
        }
        written
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(items: &[Item<'_>], workers: usize) -> Vec<String> {
        let mut seen = Vec::new();
        prepare_in_order(items, Path::new("."), workers, |p| {
            seen.push(p.name.clone());
            Ok(())
        })
        .expect("prepared");
        seen
    }

    #[test]
    fn entries_reach_the_writer_in_order_whatever_the_workers() {
        let big = vec![b'a'; (IN_FLIGHT_MAX + 1) as usize];
        let small: Vec<Vec<u8>> =
            (0..200).map(|i| format!("file {i}\n").repeat(i * 50).into_bytes()).collect();
        let names_of: Vec<String> = (0..small.len()).map(|i| format!("f{i:03}")).collect();
        let mut items: Vec<Item<'_>> =
            small.iter().zip(&names_of).map(|(bytes, name)| Item::Memory { name, bytes }).collect();
        // Larger than the whole budget: it still runs, alone.
        items.insert(100, Item::Memory { name: "huge", bytes: &big });
        items.insert(0, Item::Dir("d/"));
        let expected: Vec<String> = items.iter().map(|i| i.name().to_string()).collect();
        for workers in [1, 2, 7] {
            assert_eq!(names(&items, workers), expected, "{workers} worker(s)");
        }
    }

    #[test]
    fn a_failing_writer_stops_the_workers() {
        let bytes = vec![b'x'; 4096];
        let names: Vec<String> = (0..500).map(|i| format!("f{i}")).collect();
        let items: Vec<Item<'_>> = names.iter().map(|name| Item::Memory { name, bytes: &bytes }).collect();
        let mut written = 0;
        let result = prepare_in_order(&items, Path::new("."), 3, |_| {
            written += 1;
            match written {
                10 => Err(BuildError::Failed("disk full".into())),
                _ => Ok(()),
            }
        });
        assert!(matches!(result, Err(BuildError::Failed(m)) if m == "disk full"));
        assert_eq!(written, 10);
    }
}
