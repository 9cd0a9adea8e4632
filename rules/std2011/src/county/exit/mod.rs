//! County exit: every indicator a veto.

mod approval;
mod false_exit;
mod incidence;
mod missed;
mod notice_held;
mod notice_objections;

pub use approval::CountyApproval;
pub use false_exit::CountyFalseExit;
pub use incidence::CountyIncidence;
pub use missed::CountyMissed;
pub use notice_held::CountyNoticeHeld;
pub use notice_objections::CountyNoticeObjections;
