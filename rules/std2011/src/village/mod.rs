//! Village rules of the 2016 exit mechanism.

pub mod exit;

#[cfg(test)]
mod tests;
