//! An open-loop target rate: operations start on a schedule, not when the previous one ends,
//! so a pipeline is tested at a known load. A worker that falls behind its schedule starts the
//! next operation at once and counts it as late (the database cannot keep up); it never bursts
//! to catch up.

use std::time::{Duration, Instant};

pub struct Pace {
    every: Duration,
    next: Instant,
}

impl Pace {
    /// `ops_per_s` for this worker.
    pub fn new(ops_per_s: f64, start: Instant) -> Pace {
        Pace { every: Duration::from_secs_f64(1.0 / ops_per_s), next: start }
    }

    /// Wait for the next slot, unless `deadline` comes first (false then). `late` counts an
    /// operation that starts more than one interval behind its slot.
    pub fn wait(&mut self, deadline: Instant, late: &mut u64) -> bool {
        let now = Instant::now();
        if self.next > now {
            if self.next >= deadline {
                std::thread::sleep(deadline.saturating_duration_since(now));
                return false;
            }
            std::thread::sleep(self.next - now);
        } else if now - self.next > self.every {
            *late += 1;
            // Behind: the schedule restarts from now rather than bursting to catch up.
            self.next = now;
        }
        self.next += self.every;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_kept_and_lateness_counted() {
        let start = Instant::now();
        let mut p = Pace::new(200.0, start);
        let mut late = 0;
        let far = start + Duration::from_secs(5);
        for _ in 0..20 {
            assert!(p.wait(far, &mut late));
        }
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(90) && took < Duration::from_millis(400), "{took:?}");
        assert_eq!(late, 0);
        std::thread::sleep(Duration::from_millis(50));
        assert!(p.wait(far, &mut late));
        assert_eq!(late, 1);
        assert!(!p.wait(Instant::now(), &mut late), "the deadline comes first");
    }
}
