//! The 1986 relaxations and the 2017 deep-poverty areas.

mod autonomous_1986;
mod deep_poverty_county;
mod old_base_1986;
mod three_areas_three_prefectures;

pub use autonomous_1986::Autonomous1986;
pub use deep_poverty_county::DeepPovertyCounty;
pub use old_base_1986::OldBase1986;
pub use three_areas_three_prefectures::ThreeAreas;
