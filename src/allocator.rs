//! Settings for mimalloc, the allocator the binary (and the benchmark)
//! uses. A year's folder allocates and frees each file's buffers on every
//! thread while the small judged records stay; with mimalloc's defaults the
//! freed pages stay resident for a while and are backed by huge pages,
//! which kept the peak about 60 % above the live heap (1,000 units × 12
//! files: 190–208 MB resident against a 119 MB heap; 155–164 MB with these
//! settings).

use std::ffi::c_long;

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};

/// mimalloc's option numbers are not exported; these are v3's
/// (`mimalloc.h`, libmimalloc-sys 0.1.49), each with the default it has
/// there, so that a different numbering is noticed and left alone.
const PURGE_DELAY: (mi_option_t, c_long) = (15, 1000);
const ALLOW_THP: (mi_option_t, c_long) = (43, 1);

/// Give freed memory back at once, and without transparent huge pages.
/// An option already changed (by its `MIMALLOC_…` environment variable)
/// is left as it is.
pub fn tune_mimalloc() {
    for ((option, default), value) in [(PURGE_DELAY, 0), (ALLOW_THP, 0)] {
        // SAFETY: reading and setting an option are thread-safe in mimalloc.
        unsafe {
            if mi_option_get(option) == default {
                mi_option_set(option, value);
            }
        }
    }
}
