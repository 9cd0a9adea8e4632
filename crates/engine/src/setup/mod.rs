//! Setup: from a profile to a plan. The profile file (`profile`), rule selection by glob
//! (`select`), the plan checked against the registry with overrides applied (`plan`),
//! data-defined indicators (`indicator`), compiled plugins (`plugin`), the bundled
//! registry of the 832 counties (`registry`), the published series (`history`) and the names
//! a standard is accepted by (`standards`).

pub mod history;
pub mod indicator;
pub mod plan;
pub mod plugin;
pub mod profile;
pub mod registry;
pub mod select;
pub mod standards;
