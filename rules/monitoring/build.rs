//! Each rule file becomes a module (see `fupin-rule-files`).

fn main() {
    fupin_rule_files::generate();
}
