//! Texts many checks carry alike (a rule's id, a parameter's id, the source of its value, its
//! effective date), held once and shared.
//!
//! A national assessment makes a check for each of 126,240 villages; each check names its
//! rule, its parameter and the source of the threshold (a title, issuer, date and address of
//! about 300 bytes). Held as a `String` per check that was 80 MB of copies of a handful of
//! texts; a [`Shared`] is a pointer to one copy.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

/// A text held once and shared: it reads (`&*s`, `s.as_ref()`), compares and serialises as
/// the text itself.
pub type Shared = Arc<str>;

/// The one shared copy of `s`: the first call with a text keeps it, later calls with an equal
/// text return the same copy. Meant for the few texts checks repeat (ids, sources, dates),
/// not for a value per unit: what is kept lives as long as the process. Each thread looks in
/// its own table first, so the workers explaining household decisions do not wait on a lock.
pub fn shared(s: &str) -> Shared {
    thread_local! {
        static SEEN: RefCell<HashSet<Shared>> = RefCell::new(HashSet::new());
    }
    SEEN.with(|seen| {
        if let Some(k) = seen.borrow().get(s) {
            return Arc::clone(k);
        }
        let k = kept(s);
        seen.borrow_mut().insert(Arc::clone(&k));
        k
    })
}

/// The process's copy of `s`.
fn kept(s: &str) -> Shared {
    static KEPT: Mutex<Option<HashSet<Shared>>> = Mutex::new(None);
    let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
    let set = kept.get_or_insert_with(HashSet::new);
    if let Some(k) = set.get(s) {
        return Arc::clone(k);
    }
    let k: Shared = Arc::from(s);
    set.insert(Arc::clone(&k));
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_copy_and_others_do_not() {
        let a = shared("std2011.exit.village.max_incidence_pct.west");
        let b = shared(&String::from("std2011.exit.village.max_incidence_pct.west"));
        let c = shared("std2011.exit.village.max_incidence_pct.east");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(&*a, "std2011.exit.village.max_incidence_pct.west");
        // Another thread is given the same copy.
        let d = std::thread::spawn(|| shared("std2011.exit.village.max_incidence_pct.west"))
            .join()
            .expect("thread");
        assert!(Arc::ptr_eq(&a, &d));
        assert_eq!(
            serde_json::to_string(&a).expect("json"),
            "\"std2011.exit.village.max_incidence_pct.west\""
        );
    }
}
