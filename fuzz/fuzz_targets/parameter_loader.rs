//! Any text given to the parameter loader yields parameters or an error, never a panic; a
//! file it accepts resolves every value it holds.
#![no_main]

use fupin_core::ParameterStore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut store = ParameterStore::new();
    if store.load_toml("fuzz.toml", text).is_ok() {
        for p in store.iter() {
            for v in &p.values {
                let r = store.at(&p.id, v.effective).expect("a loaded value is in force");
                let _ = r.source_text();
            }
        }
    }
});
