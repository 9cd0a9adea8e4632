//! Any text given to the profile loader yields a profile or an error, never a panic; a
//! profile it accepts prints back to TOML that parses to the same profile.
#![no_main]

use std::path::Path;

use fupin_engine::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz/profile.toml");
    if let Ok(p) = Profile::parse(path, text) {
        // `extends` would read other files; the loader does not get that far here since
        // a missing base is an error.
        let printed = p.to_toml();
        let again = Profile::parse(path, &printed).expect("a printed profile parses");
        assert_eq!(p.canonical(), again.canonical());
    }
});
