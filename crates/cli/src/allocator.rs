//! The command line's allocator, mimalloc, and its one option fupin sets. The only `unsafe`
//! outside the plugin interface: mimalloc's options are set through its C API.

/// mimalloc reuses the per-batch column buffers of a household scan across batches and
/// threads; the system allocator returns them to the kernel and faults them back in
/// (measured in docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`'s number in mimalloc v3's `mi_option_e` (mimalloc.h); a test
/// checks that it reads the default this number's option has.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory mimalloc has freed goes back to the system after 100 ms, not its default of a
/// second (unless `MIMALLOC_PURGE_DELAY` says otherwise): a national assessment frees the
/// scan's buffers and then builds its decisions, and kept a second longer they added 30 to
/// 90 MB to its peak (the 30-million-household assessment: 206-266 MB by default, 172-183 MB
/// at 100 ms, no slower; docs/performance.md).
#[allow(unsafe_code)]
pub(crate) fn purge_freed_memory_sooner() {
    // SAFETY: mi_option_set only stores an option value; it is called once, before the
    // threads that allocate are started, and the option is one mimalloc documents as
    // settable at run time.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) }
    }
}

#[cfg(test)]
mod tests {
    /// The option number set at start-up is mimalloc's purge delay: it reads that option's
    /// default (1,000 ms in v3) before it is set, and what was set after.
    #[test]
    #[allow(unsafe_code)]
    fn the_purge_delay_set_is_mimallocs_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads and sets an option value; no other test touches mimalloc's options.
        let before = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(before, 1000);
        super::purge_freed_memory_sooner();
        let after = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(after, 100);
    }
}
